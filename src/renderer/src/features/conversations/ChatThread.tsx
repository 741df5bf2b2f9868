import { useLayoutEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { MessageSummary } from '@shared/domain/message';
import type { Peer } from '@shared/domain/peer';
import { useTimeline } from '../../api/queries';
import { DeliveryLine } from '../../components/DeliveryLine';
import { ErrorNotice } from '../../components/ErrorNotice';
import { AttachmentList } from '../../components/attachments/AttachmentList';
import { LockIcon } from '../../components/icons';
import { CopyText, MessageText } from '../../components/MessageText';
import { TaskStateChip, TaskStatusLine, hasStatusLine } from '../../components/TaskState';
import { StatusChip, TraceIdChip, formatTime } from '../../components/chips';
import { useNow } from '../../components/useNow';
import { protocolUi } from '../../protocols/registry';
import { useUiActions } from '../../stores/ui-store';
import { Composer, type ComposerHandle } from './Composer';
import { useReadMarker } from './useReadMarker';

interface BubbleProps {
  message: MessageSummary;
  thread: readonly MessageSummary[];
  now: number;
  paused: boolean;
  onReply: () => void;
}

/** One message: its words, when, how it stands (delivery, the A2A task), its trace id; what can be done with it. */
function Bubble({ message, thread, now, paused, onReply }: BubbleProps) {
  const { timelineShown, deadLetterShown } = useUiActions();
  const Actions = protocolUi(message.protocol).BubbleActions;
  const side = message.direction === 'in' ? 'in' : 'out';
  return (
    <>
      <li className={`bubble bubble-${side}`} data-testid="chat-bubble" data-direction={side} data-status={message.status} data-task-state={message.taskState ?? undefined}>
        <MessageText message={message} testId="bubble-text" copy={false} filesApart={message.attachments.length > 0} />
        <AttachmentList attachments={message.attachments} />
        <div className="bubble-meta">
          <span className="muted small">{formatTime(message.createdAt)}</span>
          {message.encrypted ? (
            <span className="bubble-lock">
              <LockIcon title={side === 'in' ? 'arrived encrypted' : 'sent encrypted'} />
            </span>
          ) : null}
          <StatusChip status={message.status} />
          {message.taskState ? <TaskStateChip state={message.taskState} /> : null}
          <TraceIdChip traceId={message.traceId} onFilter={(traceId) => timelineShown({ traceId })} />
          <CopyText id={message.id} text={message.content} complete={message.contentLength <= message.content.length} />
        </div>
        {side === 'out' ? (
          <div className="bubble-delivery">
            <DeliveryLine message={message} now={now} paused={paused} />
            {message.status === 'dead' && !message.delivery?.discarded ? (
              <button type="button" className="link-button" onClick={() => deadLetterShown(message.id)}>
                Open dead letter
              </button>
            ) : null}
            {Actions ? <Actions message={message} thread={thread} onReply={onReply} /> : null}
          </div>
        ) : null}
      </li>
      {hasStatusLine(message) ? (
        <li className={`thread-status thread-status-${side}`} aria-label="Task status">
          <TaskStatusLine message={message} />
        </li>
      ) : null}
    </>
  );
}

/** Whether a drag carries files (not text or a link dragged from the page). */
function carriesFiles(event: DragEvent): boolean {
  return [...event.dataTransfer.types].includes('Files');
}

/** Whether the newest task this node started in the thread waits for the operator's input. */
function asksForInput(messages: readonly MessageSummary[]): boolean {
  const latest = messages.findLast((message) => message.direction === 'out' && message.taskId !== null);
  return latest?.taskState === 'input-required';
}

/** One conversation: bubbles oldest to newest, live, and the composer. Open and visible, it is read. */
export function ChatThread({ peer }: { peer: Peer }) {
  const filter = useMemo(() => ({ peerId: peer.id }), [peer.id]);
  const timeline = useTimeline(filter);
  const now = useNow(1000);
  const messages = useMemo(() => (timeline.data ? timeline.data.pages.flatMap((page) => page.messages).reverse() : []), [timeline.data]);
  const listRef = useRef<HTMLOListElement>(null);
  const composerRef = useRef<ComposerHandle>(null);
  const lastId = messages.at(-1)?.id;
  useReadMarker(peer.id, lastId);
  useLayoutEffect(() => {
    // New messages (either way) bring the thread to its end.
    const list = listRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [lastId]);
  const reply = () => composerRef.current?.reply();
  // Files dropped anywhere on the conversation go to the composer, when this peer takes files.
  const [dropping, setDropping] = useState(false);
  const onDragOver = (event: DragEvent) => {
    if (!carriesFiles(event) || !composerRef.current?.takesFiles()) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDropping(true);
  };
  const onDragLeave = (event: DragEvent) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropping(false);
  };
  const onDrop = (event: DragEvent) => {
    setDropping(false);
    if (!carriesFiles(event)) return;
    event.preventDefault();
    composerRef.current?.addFiles([...event.dataTransfer.files]);
  };

  return (
    <section
      className={`chat-thread${dropping ? ' drop-target' : ''}`}
      aria-label={`Conversation with ${peer.name}`}
      data-testid="chat-thread"
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      <header className="detail-header">
        <h2>{peer.name}</h2>
        <span className="muted small">{peer.baseUrl}</span>
        {peer.deliveryPaused ? <span className="chip chip-warn">delivery paused</span> : null}
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
          <Bubble key={message.id} message={message} thread={messages} now={now} paused={peer.deliveryPaused} onReply={reply} />
        ))}
      </ol>
      <Composer key={peer.id} ref={composerRef} peer={peer} asksForInput={asksForInput(messages)} answering={messages.at(-1)?.direction === 'in' ? messages.at(-1)!.id : null} />
    </section>
  );
}
