import type { Peer } from '@shared/domain/peer';
import { useApiKeys } from '../../api/queries';
import { useUiActions } from '../../stores/ui-store';

/** An A2A peer calls in with API keys, which live on the Keys screen. */
export function PeerApiKeys({ peer }: { peer: Peer }) {
  const keys = useApiKeys();
  const { screenSelected } = useUiActions();
  const mine = (keys.data ?? []).filter((key) => key.peerId === peer.id);
  return (
    <section className="credential" aria-label="API keys">
      <h3>API keys</h3>
      <p className="muted small">What {peer.name} presents when it calls you over A2A.</p>
      {mine.length === 0 ? <p className="notice">No key: {peer.name} cannot call you yet.</p> : null}
      <ul className="plain-list">
        {mine.map((key) => (
          <li key={key.id}>
            <code>{key.hint}</code> <span className="muted small">{key.label}</span>
          </li>
        ))}
      </ul>
      <button type="button" className="link-button" onClick={() => screenSelected('keys')}>
        Manage keys
      </button>
    </section>
  );
}
