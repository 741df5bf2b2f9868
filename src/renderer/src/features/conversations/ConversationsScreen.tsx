import type { KeyboardEvent } from 'react';
import type { Conversation } from '@shared/domain/message';
import { useConversations, usePeer } from '../../api/queries';
import { ErrorNotice } from '../../components/ErrorNotice';
import { RemoteText } from '../../components/RemoteText';
import { ProtocolBadge, timeAgo } from '../../components/chips';
import { useNow } from '../../components/useNow';
import { useChatPeerId, useUiActions } from '../../stores/ui-store';
import { ChatThread } from './ChatThread';
import { formatUnread } from './unread';

/** The newest message in one line: who said it, and its first words (a peer's words shown safely). */
function LastMessage({ conversation }: { conversation: Conversation }) {
  const last = conversation.lastMessage;
  if (!last) return <span className="conversation-preview muted">No messages yet</span>;
  // A long preview is cut by CSS; newlines would only make the one line jump.
  const words = last.content.replace(/\s+/g, ' ').trim();
  return (
    <span className="conversation-preview" data-testid="conversation-preview">
      {last.direction === 'out' ? <span className="muted">You: </span> : null}
      <RemoteText text={words} />
    </span>
  );
}

function ConversationRow({ conversation, current, now, onOpen }: { conversation: Conversation; current: boolean; now: number; onOpen: () => void }) {
  const unread = conversation.unread;
  return (
    <li>
      <button
        type="button"
        className={`peer-row conversation-row${unread > 0 ? ' has-unread' : ''}`}
        aria-current={current ? 'true' : undefined}
        data-testid="conversation-row"
        data-unread={unread}
        onClick={onOpen}
      >
        <span className="peer-row-line">
          <span className="peer-name">{conversation.peerName}</span>
          <ProtocolBadge protocol={conversation.protocol} />
          {unread > 0 ? (
            <span className="unread-badge" data-testid="unread-badge" title={`${unread} unread`}>
              {formatUnread(unread)}
              <span className="visually-hidden"> unread</span>
            </span>
          ) : null}
        </span>
        <span className="peer-row-line small">
          <LastMessage conversation={conversation} />
          {conversation.lastActivityAt ? <span className="muted conversation-time">{timeAgo(conversation.lastActivityAt, now)}</span> : null}
        </span>
      </button>
    </li>
  );
}

/** j/k (and the arrows) move between conversations, as in every list of the console. */
function moveFocus(event: KeyboardEvent<HTMLUListElement>) {
  const step = event.key === 'j' || event.key === 'ArrowDown' ? 1 : event.key === 'k' || event.key === 'ArrowUp' ? -1 : 0;
  if (step === 0) return;
  const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('button.conversation-row')];
  const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
  const next = buttons[Math.max(0, Math.min(buttons.length - 1, index + step))];
  if (!next) return;
  event.preventDefault();
  next.focus();
}

/** The chat window: conversations by latest activity with their unread counts; read the thread, write. */
export function ConversationsScreen() {
  const conversations = useConversations();
  const selectedId = useChatPeerId();
  const selected = usePeer(selectedId);
  const { chatOpened, screenSelected } = useUiActions();
  const now = useNow();
  return (
    <section className="screen conversations-screen" aria-labelledby="conversations-title">
      <header className="screen-header">
        <h1 id="conversations-title">Conversations</h1>
      </header>
      <div className="split chat-split">
        <nav aria-label="Conversations" className="list-pane">
          {conversations.isError ? <ErrorNotice error={conversations.error} action="Could not load the conversations" /> : null}
          {conversations.data?.length === 0 ? (
            <div className="empty-state">
              <p>No peers to talk to yet.</p>
              <button type="button" className="button" onClick={() => screenSelected('peers')}>
                Add a peer
              </button>
            </div>
          ) : null}
          <ul className="peer-list conversation-list" onKeyDown={moveFocus}>
            {conversations.data?.map((conversation) => (
              <ConversationRow key={conversation.peerId} conversation={conversation} current={conversation.peerId === selectedId} now={now} onOpen={() => chatOpened(conversation.peerId)} />
            ))}
          </ul>
        </nav>
        <div className="detail-pane chat-pane">
          {selectedId && selected.data ? <ChatThread key={selected.data.id} peer={selected.data} /> : null}
          {selectedId && selected.isError ? <ErrorNotice error={selected.error} action="Could not open the conversation" /> : null}
          {!selectedId ? <p className="muted">Choose a conversation to read it and write.</p> : null}
        </div>
      </div>
    </section>
  );
}
