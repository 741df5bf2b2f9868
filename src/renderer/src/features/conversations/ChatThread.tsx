import { useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { MessageSummary } from '@shared/domain/message';
import type { Peer } from '@shared/domain/peer';
import { useControlMutation, useTimeline } from '../../api/queries';
import { DeliveryLine } from '../../components/DeliveryLine';
import { ErrorNotice } from '../../components/ErrorNotice';
import { StatusChip, TraceIdChip, formatTime } from '../../components/chips';
import { useNow } from '../../components/useNow';
import { useUiActions } from '../../stores/ui-store';

function Bubble({ message, now }: { message: MessageSummary; now: number }) {
  const { timelineShown, deadLetterShown } = useUiActions();
  return (
    <li className={`bubble bubble-${message.direction}`} data-testid="chat-bubble" data-status={message.status}>
      {/* A peer's words are shown as text, never interpreted. */}
      <div className="bubble-text">{message.content}{message.contentLength > message.content.length ? '…' : ''}</div>
      <div className="bubble-meta">
        <span className="muted small">{formatTime(message.createdAt)}</span>
        {message.encrypted ? <span title="encrypted">🔒</span> : null}
        <StatusChip status={message.status} />
        <TraceIdChip traceId={message.traceId} onFilter={(traceId) => timelineShown({ traceId })} />
      </div>
      {message.direction === 'out' ? (
        <div className="bubble-delivery">
          <DeliveryLine message={message} now={now} />
          {message.status === 'dead' && !message.delivery?.discarded ? (
            <button type="button" className="link-button" onClick={() => deadLetterShown(message.id)}>
              Open dead letter
            </button>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

function Composer({ peer }: { peer: Peer }) {
  const [text, setText] = useState('');
  const [encrypt, setEncrypt] = useState(false);
  const [wake, setWake] = useState(true);
  const send = useControlMutation('messages.send', { onSuccess: () => setText('') });
  const supported = peer.protocol === 'secure';
  const submit = () => {
    if (!text.trim() || send.isPending || !supported) return;
    send.mutate({ peer: peer.id, text, encrypt: encrypt && peer.hasAesKey, wake });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends; Shift+Enter is a new line (and composing IME text is left alone).
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };
  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <textarea
        aria-label={`Message to ${peer.name}`}
        placeholder={supported ? `Message ${peer.name} — Enter sends, Shift+Enter for a new line` : `Sending to ${peer.protocol} peers is not supported yet`}
        value={text}
        rows={3}
        disabled={!supported}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="row">
        <label className="check" title={peer.hasAesKey ? 'Encrypt with the AES key shared with this peer' : `${peer.name} has no AES key (set one in Peers)`}>
          <input type="checkbox" checked={encrypt && peer.hasAesKey} disabled={!peer.hasAesKey} onChange={(event) => setEncrypt(event.target.checked)} /> Encrypt
        </label>
        <label className="check" title="Ask the peer to wake its agent now">
          <input type="checkbox" checked={wake} onChange={(event) => setWake(event.target.checked)} /> Wake
        </label>
        <span className="spacer" />
        <button type="submit" className="button button-primary" disabled={!text.trim() || send.isPending || !supported}>
          Send
        </button>
      </div>
      {send.isError ? <ErrorNotice error={send.error} action="Not queued" /> : null}
    </form>
  );
}

/** One conversation: bubbles oldest to newest, live, and the composer. */
export function ChatThread({ peer }: { peer: Peer }) {
  const filter = useMemo(() => ({ peerId: peer.id }), [peer.id]);
  const timeline = useTimeline(filter);
  const now = useNow(1000);
  const messages = useMemo(() => (timeline.data ? timeline.data.pages.flatMap((page) => page.messages).reverse() : []), [timeline.data]);
  const listRef = useRef<HTMLOListElement>(null);
  const lastId = messages.at(-1)?.id;
  useLayoutEffect(() => {
    // New messages (either way) bring the thread to its end.
    const list = listRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [lastId]);

  return (
    <section className="chat-thread" aria-label={`Conversation with ${peer.name}`}>
      <header className="detail-header">
        <h2>{peer.name}</h2>
        <span className="muted small">{peer.baseUrl}</span>
      </header>
      {timeline.isError ? <ErrorNotice error={timeline.error} action="Could not load the conversation" /> : null}
      <ol className="bubbles" ref={listRef} aria-live="polite">
        {timeline.hasNextPage ? (
          <li className="load-older">
            <button type="button" className="link-button" onClick={() => void timeline.fetchNextPage()} disabled={timeline.isFetchingNextPage}>
              Load older messages
            </button>
          </li>
        ) : null}
        {timeline.isSuccess && messages.length === 0 ? <li className="empty-state">No messages with {peer.name} yet. Write the first one below.</li> : null}
        {messages.map((message) => (
          <Bubble key={message.id} message={message} now={now} />
        ))}
      </ol>
      <Composer key={peer.id} peer={peer} />
    </section>
  );
}
