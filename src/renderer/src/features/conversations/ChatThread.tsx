import { useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { MessageSummary } from '@shared/domain/message';
import type { Peer } from '@shared/domain/peer';
import type { Approval } from '@shared/domain/approval';
import { useApprovals, useControlMutation, useTimeline } from '../../api/queries';
import { DeliveryLine } from '../../components/DeliveryLine';
import { ErrorNotice } from '../../components/ErrorNotice';
import { StatusChip, TraceIdChip, formatTime } from '../../components/chips';
import { useNow } from '../../components/useNow';
import { useUiActions } from '../../stores/ui-store';

/** Asks the A2A peer to cancel the task this message started; the answer (or the peer's refusal) shows inline. */
function CancelTask({ peerId, taskId }: { peerId: string; taskId: string }) {
  const cancel = useControlMutation('a2a.cancelTask');
  if (cancel.isSuccess) return <span className="muted small">task {cancel.data.state}</span>;
  return (
    <>
      <button type="button" className="link-button" onClick={() => cancel.mutate({ peer: peerId, taskId })} disabled={cancel.isPending}>
        {cancel.isPending ? 'Canceling…' : 'Cancel task'}
      </button>
      {cancel.isError ? <ErrorNotice error={cancel.error} action="Not canceled" /> : null}
    </>
  );
}

function Bubble({ message, now, cancelable }: { message: MessageSummary; now: number; cancelable: boolean }) {
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
          {cancelable && message.peerId && message.taskId ? <CancelTask peerId={message.peerId} taskId={message.taskId} /> : null}
        </div>
      ) : null}
    </li>
  );
}

/** The oldest request from this peer still waiting for the operator, if any (the chat window can answer it). */
function useWaitingRequest(peerId: string): Approval | null {
  const pending = useApprovals('pending');
  const mine = (pending.data?.approvals ?? []).filter((a) => a.peerId === peerId && a.kind === 'a2a.request' && a.actions.includes('reply'));
  return mine.at(-1) ?? null;
}

function Composer({ peer }: { peer: Peer }) {
  const [text, setText] = useState('');
  const [encrypt, setEncrypt] = useState(false);
  const [wake, setWake] = useState(true);
  const [newContext, setNewContext] = useState(false);
  const [answering, setAnswering] = useState(true);
  const waiting = useWaitingRequest(peer.id);
  const answer = waiting && answering ? waiting : null;
  const done = () => {
    setText('');
    setNewContext(false);
  };
  const send = useControlMutation('messages.send', { onSuccess: done });
  const reply = useControlMutation('approvals.decide', { onSuccess: done });
  const isA2a = peer.protocol === 'a2a';
  // A chat peer that connected to this node has no URL: its messages go into the session this node hosts.
  const canSend = peer.protocol === 'chat' || Boolean(peer.baseUrl);
  const enabled = Boolean(answer) || canSend;
  const busy = send.isPending || reply.isPending;
  const submit = () => {
    if (!text.trim() || busy || !enabled) return;
    if (answer) reply.mutate({ id: answer.id, action: 'reply', text });
    else if (isA2a) send.mutate({ peer: peer.id, text, ...(newContext ? { newContext: true } : {}) });
    else if (peer.protocol === 'chat') send.mutate({ peer: peer.id, text });
    else send.mutate({ peer: peer.id, text, encrypt: encrypt && peer.hasAesKey, wake });
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
        {peer.protocol === 'chat' ? null : isA2a ? (
          <label className="check" title="Start a new A2A conversation (contextId) instead of continuing the current one">
            <input type="checkbox" checked={newContext} disabled={Boolean(answer)} onChange={(event) => setNewContext(event.target.checked)} /> New conversation
          </label>
        ) : (
          <>
            <label className="check" title={peer.hasAesKey ? 'Encrypt with the AES key shared with this peer' : `${peer.name} has no AES key (set one in Peers)`}>
              <input type="checkbox" checked={encrypt && peer.hasAesKey} disabled={!peer.hasAesKey} onChange={(event) => setEncrypt(event.target.checked)} /> Encrypt
            </label>
            <label className="check" title="Ask the peer to wake its agent now">
              <input type="checkbox" checked={wake} onChange={(event) => setWake(event.target.checked)} /> Wake
            </label>
          </>
        )}
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
  // A task that produced a reply has (almost always) finished; the others can still be canceled.
  const answeredTasks = useMemo(() => new Set(messages.filter((m) => m.direction === 'in' && m.taskId).map((m) => m.taskId)), [messages]);
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
          <Bubble
            key={message.id}
            message={message}
            now={now}
            cancelable={message.protocol === 'a2a' && message.direction === 'out' && message.status === 'delivered' && Boolean(message.taskId) && !answeredTasks.has(message.taskId)}
          />
        ))}
      </ol>
      <Composer key={peer.id} peer={peer} />
    </section>
  );
}
