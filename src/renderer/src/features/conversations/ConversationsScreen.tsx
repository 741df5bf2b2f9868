import { usePeer, usePeers } from '../../api/queries';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ProtocolBadge } from '../../components/chips';
import { useChatPeerId, useUiActions } from '../../stores/ui-store';
import { ChatThread } from './ChatThread';

/** The chat window: choose a peer, read the thread, write. */
export function ConversationsScreen() {
  const peers = usePeers();
  const selectedId = useChatPeerId();
  const selected = usePeer(selectedId);
  const { chatOpened, screenSelected } = useUiActions();
  return (
    <section className="screen conversations-screen" aria-labelledby="conversations-title">
      <header className="screen-header">
        <h1 id="conversations-title">Conversations</h1>
      </header>
      <div className="split chat-split">
        <nav aria-label="Conversations" className="list-pane">
          {peers.isError ? <ErrorNotice error={peers.error} action="Could not load peers" /> : null}
          {peers.data?.length === 0 ? (
            <div className="empty-state">
              <p>No peers to talk to yet.</p>
              <button type="button" className="button" onClick={() => screenSelected('peers')}>
                Add a peer
              </button>
            </div>
          ) : null}
          <ul className="peer-list">
            {peers.data?.map((peer) => (
              <li key={peer.id}>
                <button type="button" className="peer-row" aria-current={peer.id === selectedId ? 'true' : undefined} onClick={() => chatOpened(peer.id)}>
                  <span className="peer-row-line">
                    <span className="peer-name">{peer.name}</span>
                    <ProtocolBadge protocol={peer.protocol} />
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div className="detail-pane chat-pane">
          {selectedId && selected.data ? <ChatThread peer={selected.data} /> : <p className="muted">Choose a peer to open the conversation.</p>}
        </div>
      </div>
    </section>
  );
}
