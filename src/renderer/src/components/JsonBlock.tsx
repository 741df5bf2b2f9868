/** A JSON value as the operator reads it: pretty, monospace, as text (never markup); "—" when absent. */
export function JsonBlock({ value, label, testId }: { value: unknown; label?: string; testId?: string }) {
  return (
    <pre className="raw-json" aria-label={label} data-testid={testId}>
      {value === undefined ? '—' : JSON.stringify(value, null, 2)}
    </pre>
  );
}
