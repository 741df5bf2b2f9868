import { useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { MessageSummary } from '@shared/domain/message';
import type { Peer } from '@shared/domain/peer';
import type { Approval } from '@shared/domain/approval';
import { useApprovals, useControlMutation, useTimeline } from '../../api/queries';
import { DeliveryLine } from '../../components/DeliveryLine';
import { ErrorNotice } from '../../components/ErrorNotice';
import { StatusChip, TraceIdChip, formatTime } from '../../components/chips';
import { useNow } from '../../components/useNow';
import { protocolUi } from '../../protocols/registry';
import type { SendOptions } from '../../protocols/types';
import { useUiActions } from '../../stores/ui-store';

function Bubble({ message, thread, now }: { message: MessageSummary; thread: readonly MessageSummary[]; now: number }) {
  const { timelineShown, deadLetterShown } = useUiActions();
  const Actions = protocolUi(message.protocol).BubbleActions;
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
          {Actions ? <Actions message={message} thread={thread} /> : null}
        </div>
      ) : null}
    </li>
  );
}

/** The oldest item from this peer still waiting for the operator's answer, if any (the chat window can answer it). */
function useWaitingRequest(peerId: string): Approval | null {
  const pending = useApprovals('pending');
  const mine = (pending.data?.approvals ?? []).filter((a) => a.peerId === peerId && a.actions.includes('reply'));
  return mine.at(-1) ?? null;
}

function Composer({ peer }: { peer: Peer }) {
  const [text, setText] = useState('');
  const composer = protocolUi(peer.protocol).composer;
  const [options, setOptions] = useState<SendOptions>(composer?.initial ?? {});
  const [answering, setAnswering] = useState(true);
  const waiting = useWaitingRequest(peer.id);
  const answer = waiting && answering ? waiting : null;
  const done = () => {
    setText('');
    const afterSend = composer?.afterSend;
    if (afterSend) setOptions((current) => afterSend(current));
  };
  const send = useControlMutation('messages.send', { onSuccess: done });
  const reply = useControlMutation('approvals.decide', { onSuccess: done });
  const canSend = composer?.sendsWithoutBaseUrl === true || Boolean(peer.baseUrl);
  const enabled = Boolean(answer) || canSend;
  const busy = send.isPending || reply.isPending;
  const submit = () => {
    if (!text.trim() || busy || !enabled) return;
    if (answer) reply.mutate({ id: answer.id, action: 'reply', text });
    else send.mutate({ ...(composer?.sendInput?.(options, peer) ?? options), peer: peer.id, text });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends; Shift+Enter is a new line (and composing IME text is left alone).
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };
  const placeholder = answer
    ? `Your answer to ${peer.name}: it completes their request. Enter sends.`
    : canSend
      ? `Message ${peer.name} — Enter sends, Shift+Enter for a new line`
      : `${peer.name} has no base URL, so you can only answer its requests. Set one in Peers to write first.`;
  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {waiting ? (
        <div className="notice notice-warn" role="status" data-testid="waiting-request">
          <strong>{peer.name} is waiting for your answer:</strong> <q>{waiting.title}</q>
          <label className="check">
            <input type="checkbox" checked={answering} onChange={(event) => setAnswering(event.target.checked)} /> Send my next message as the answer
          </label>
        </div>
      ) : null}
      <textarea aria-label={`Message to ${peer.name}`} placeholder={placeholder} value={text} rows={3} disabled={!enabled} onChange={(event) => setText(event.target.value)} onKeyDown={onKeyDown} />
      <div className="row">
        {composer?.Options ? <composer.Options peer={peer} options={options} onChange={setOptions} answering={Boolean(answer)} /> : null}
        <span className="spacer" />
        <button type="submit" className="button button-primary" disabled={!text.trim() || busy || !enabled}>
          {answer ? 'Answer' : 'Send'}
        </button>
      </div>
      {send.isError ? <ErrorNotice error={send.error} action="Not queued" /> : null}
      {reply.isError ? <ErrorNotice error={reply.error} action="Not answered" /> : null}
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
          <Bubble key={message.id} message={message} thread={messages} now={now} />
        ))}
      </ol>
      <Composer key={peer.id} peer={peer} />
    </section>
  );
}
