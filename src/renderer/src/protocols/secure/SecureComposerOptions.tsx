import type { ComposerOptionsProps } from '../types';

/** Encrypt (only with a shared AES key) and wake, kept from one message to the next. */
export function SecureComposerOptions({ peer, options, onChange }: ComposerOptionsProps) {
  return (
    <>
      <label className="check" title={peer.hasAesKey ? 'Encrypt with the AES key shared with this peer' : `${peer.name} has no AES key (set one in Peers)`}>
        <input type="checkbox" checked={options.encrypt === true && peer.hasAesKey} disabled={!peer.hasAesKey} onChange={(event) => onChange({ ...options, encrypt: event.target.checked })} /> Encrypt
      </label>
      <label className="check" title="Ask the peer to wake its agent now">
        <input type="checkbox" checked={options.wake !== false} onChange={(event) => onChange({ ...options, wake: event.target.checked })} /> Wake
      </label>
    </>
  );
}
