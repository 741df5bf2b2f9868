import { useDeferredValue, useState } from 'react';
import { useNodeStatus, usePeer, usePeers } from '../../api/queries';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SecretOnceDialog, type ShownSecret } from '../../components/SecretOnceDialog';
import { ProtocolBadge, timeAgo } from '../../components/chips';
import { useNow } from '../../components/useNow';
import { useMissingPeer, useSelectedPeerId, useUiActions } from '../../stores/ui-store';
import { AddPeerDialog } from './AddPeerDialog';
import { PeerDetail } from './PeerDetail';

const DAY_MS = 86_400_000;

/** A link asked for a peer this screen cannot show: say so, once, until the operator moves on. */
function MissingPeerNotice() {
  const missing = useMissingPeer();
  const { missingPeerDismissed } = useUiActions();
  if (!missing) return null;
  const sentence = missing.error === null ? `No peer named “${missing.ref}”.` : `Could not open the peer “${missing.ref}”: ${missing.error}`;
  return (
    <div role="status" className={`banner ${missing.error === null ? 'banner-warn' : 'banner-error'} row`} data-testid="missing-peer">
      <span className="grow">
        {sentence}
        {missing.error === null ? ' It may have been removed or renamed; search the list, or add it.' : null}
      </span>
      <button type="button" className="icon-button" aria-label={`Dismiss: ${sentence}`} onClick={missingPeerDismissed}>
        ✕
      </button>
    </div>
  );
}

function HealthDot({ lastSeenAt, now }: { lastSeenAt: string | null; now: number }) {
  const recent = lastSeenAt !== null && now - Date.parse(lastSeenAt) < DAY_MS;
  return <span className={`dot ${recent ? 'dot-ok' : 'dot-neutral'}`} data-testid="peer-health" data-recent={recent} aria-label={recent ? 'seen in the last day' : 'not seen recently'} />;
}

/** The address book: who can reach this node and how this node reaches them. */
export function PeersScreen() {
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search);
  const peers = usePeers(deferred.trim());
  const selectedId = useSelectedPeerId();
  const selected = usePeer(selectedId);
  const status = useNodeStatus();
  const { peerSelected } = useUiActions();
  const now = useNow();
  const [adding, setAdding] = useState(false);
  const [shown, setShown] = useState<{ name: string; secrets: ShownSecret[] } | null>(null);
  const cardUrl = `${status.data?.publicUrl ?? status.data?.listeningUrl ?? ''}/`;

  return (
    <section className="screen" aria-labelledby="peers-title">
      <header className="screen-header row">
        <h1 id="peers-title">Peers</h1>
        <span className="spacer" />
        <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
          Add peer
        </button>
      </header>
      <MissingPeerNotice />
      <div className="split">
        <div className="list-pane">
          <input type="search" className="search" placeholder="Search name, URL, notes" aria-label="Search peers" value={search} onChange={(e) => setSearch(e.target.value)} />
          {peers.isError ? <ErrorNotice error={peers.error} action="Could not load peers" /> : null}
          {peers.data && peers.data.length === 0 && !deferred ? (
            <div className="empty-state">
              <p>No peers yet — add one, or share your card URL:</p>
              <code>{cardUrl}</code>
            </div>
          ) : null}
          {peers.data && peers.data.length === 0 && deferred ? <p className="muted">No peer matches “{deferred}”.</p> : null}
          <ul className="peer-list" aria-label="Peer list">
            {peers.data?.map((peer) => (
              <li key={peer.id}>
                <button type="button" className="peer-row" aria-current={peer.id === selectedId ? 'true' : undefined} onClick={() => peerSelected(peer.id)}>
                  <span className="peer-row-line">
                    <HealthDot lastSeenAt={peer.lastSeenAt} now={now} />
                    <span className="peer-name">{peer.name}</span>
                    <ProtocolBadge protocol={peer.protocol} />
                  </span>
                  <span className="peer-row-line muted small">
                    <span className="peer-url">{peer.baseUrl}</span>
                    <span data-testid="peer-last-seen" title={peer.lastSeenAt ? `last seen ${new Date(peer.lastSeenAt).toLocaleString()}` : 'never seen'}>
                      {timeAgo(peer.lastSeenAt, now)}
                    </span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </div>
        <div className="detail-pane">
          {selectedId && selected.data ? <PeerDetail peer={selected.data} /> : <p className="muted">Choose a peer to see its details and credentials.</p>}
          {selectedId && selected.isError ? <ErrorNotice error={selected.error} action="Could not load the peer" /> : null}
        </div>
      </div>
      {adding ? (
        <AddPeerDialog
          onClose={() => setAdding(false)}
          onAdded={(peer, secrets) => {
            setAdding(false);
            peerSelected(peer.id);
            if (secrets.length) setShown({ name: peer.name, secrets });
          }}
        />
      ) : null}
      {shown ? <SecretOnceDialog title={`Secrets for ${shown.name}`} secrets={shown.secrets} onClose={() => setShown(null)} /> : null}
    </section>
  );
}
