/** The add-peer field for what this node presents to the peer; each protocol words what that is. */
export function OutboundSecretField({ label, value, onChange }: { label: string; value: string; onChange: (value: string) => void }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input type="password" value={value} onChange={(e) => onChange(e.target.value)} autoComplete="new-password" placeholder="optional" />
    </label>
  );
}
