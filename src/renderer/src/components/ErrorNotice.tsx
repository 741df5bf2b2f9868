import { ControlError } from '@shared/control-error';

/** An error as a sentence with a next step; the technical code is one click away. */
export function ErrorNotice({ error, action }: { error: unknown; action?: string }) {
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  const code = error instanceof ControlError ? error.code : 'error';
  return (
    <div role="alert" className="notice notice-error">
      <p>
        {action ? `${action}: ` : ''}
        {message}
      </p>
      <details>
        <summary>Details</summary>
        <code>{code}</code>
      </details>
    </div>
  );
}
