import { useEffect } from 'react';
import type { MessageDetail } from '@shared/domain/message';
import { useControlMutation, useMessage } from '../../api/queries';
import { ErrorNotice } from '../../components/ErrorNotice';
import { AttachmentList } from '../../components/attachments/AttachmentList';
import { MessageText } from '../../components/MessageText';
import { RemoteText } from '../../components/RemoteText';
import { TaskStateChip } from '../../components/TaskState';
import { ProtocolBadge, StatusChip, TraceIdChip, formatTime } from '../../components/chips';
import { useNow } from '../../components/useNow';
import { useUiActions } from '../../stores/ui-store';
import { AttemptsTable } from './AttemptsTable';

/** JSON as the operator reads it, pretty; whatever text it carries shown safely (a peer's words can be in it). */
function JsonText({ value, label, testId }: { value: unknown; label: string; testId: string }) {
  return (
    <pre className="raw-json" aria-label={label} data-testid={testId}>
      <RemoteText text={JSON.stringify(value, null, 2) ?? '—'} />
    </pre>
  );
}

function inTime(iso: string, now: number): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  if (seconds <= 0) return 'due now';
  return seconds < 60 ? `in ${seconds} s` : `in ${Math.round(seconds / 60)} min`;
}

/** How a sent message went out: the options as sent, where to, and the body of the latest attempt (secrets redacted). */
function SentAsSection({ message }: { message: MessageDetail }) {
  const sentAs = message.sentAs;
  if (!sentAs) return null;
  return (
    <section className="drawer-section" aria-label="Sent as" data-testid="sent-as">
      <h3>Sent as</h3>
      <dl className="facts">
        <dt>Wake</dt>
        <dd>{sentAs.wake ? 'asked the peer to wake its agent' : 'no wake'}</dd>
        <dt>Encryption</dt>
        <dd>{sentAs.encrypted ? 'encrypted by this node (AES-256-GCM)' : 'not encrypted'}</dd>
        <dt>To</dt>
        <dd>{sentAs.url ? <code className="wrap-anywhere">{sentAs.url}</code> : <span className="muted">not sent yet</span>}</dd>
      </dl>
      <h3>Envelope as sent</h3>
      {sentAs.envelope === null || sentAs.envelope === undefined ? (
        <p className="muted small">No attempt has gone out yet: the envelope is built on the first attempt.</p>
      ) : (
        <JsonText value={sentAs.envelope} label="Envelope as sent" testId="sent-envelope" />
      )}
    </section>
  );
}

/** Where a sent message's delivery stands: attempts of the allowed, the next one, why it died, replay links both ways. */
function DeliverySection({ message, now }: { message: MessageDetail; now: number }) {
  const { messageOpened } = useUiActions();
  const delivery = message.delivery;
  if (!delivery) return null;
  const pending = message.status === 'queued' || message.status === 'retrying' || message.status === 'sending';
  return (
    <section className="drawer-section" aria-label="Delivery" data-testid="delivery">
      <h3>Delivery</h3>
      <dl className="facts">
        <dt>Attempts</dt>
        <dd>
          {delivery.attempts} of {delivery.maxAttempts}
        </dd>
        {pending && delivery.nextAttemptAt ? (
          <>
            <dt>Next attempt</dt>
            <dd data-testid="next-attempt">
              {formatTime(delivery.nextAttemptAt)} ({inTime(delivery.nextAttemptAt, now)})
            </dd>
          </>
        ) : null}
        {delivery.deadReason ? (
          <>
            <dt>Not delivered</dt>
            <dd className="bad-text">{delivery.deadReason}</dd>
          </>
        ) : null}
        {delivery.discarded && delivery.replacedBy === null ? (
          <>
            <dt>Discarded</dt>
            <dd>yes: it will not be delivered</dd>
          </>
        ) : null}
        {delivery.replayOf !== null ? (
          <>
            <dt>Replay of</dt>
            <dd>
              <button type="button" className="link-button" onClick={() => messageOpened(delivery.replayOf)} data-testid="replay-of">
                Replay of message #{delivery.replayOf}
              </button>
            </dd>
          </>
        ) : null}
        {delivery.replacedBy !== null ? (
          <>
            <dt>Replayed as</dt>
            <dd>
              <button type="button" className="link-button" onClick={() => messageOpened(delivery.replacedBy)} data-testid="replaced-by">
                Replayed as #{delivery.replacedBy}
              </button>
            </dd>
          </>
        ) : null}
      </dl>
      <AttemptsTable attempts={message.attempts} />
      {delivery.response !== null && delivery.response !== undefined ? (
        <>
          <h3>The peer&apos;s answer</h3>
          <JsonText value={delivery.response} label="The peer's answer" testId="peer-response" />
        </>
      ) : null}
    </section>
  );
}

/** One message in full: its text, metadata, how it was sent (or the envelope it arrived in) and its delivery. */
export function MessageDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const message = useMessage(id);
  const { timelineShown } = useUiActions();
  const markSeen = useControlMutation('messages.markWakesSeen');
  const now = useNow(1000);
  const unseenWake = message.data?.wake === true && !message.data.wakeSeen;
  const { mutate } = markSeen;
  useEffect(() => {
    // Looking at a wake is what makes it seen.
    if (unseenWake) mutate({ ids: [id] });
  }, [unseenWake, id, mutate]);
  const data = message.data;
  const sent = data?.direction === 'out';

  return (
    <aside className="drawer" role="complementary" aria-label="Message detail" data-message-id={id} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <header className="drawer-header">
        <h2>
          {sent ? 'Sent message' : 'Received message'} <span className="muted">#{id}</span>
        </h2>
        <button type="button" className="icon-button" aria-label="Close detail" onClick={onClose}>
          ✕
        </button>
      </header>
      {message.isPending ? <p className="muted">Loading…</p> : null}
      {message.isError ? <ErrorNotice error={message.error} action="Could not load the message" /> : null}
      {data ? (
        <div className="drawer-body">
          <dl className="facts">
            <dt>Peer</dt>
            <dd>{data.peerName}</dd>
            <dt>Direction</dt>
            <dd>{sent ? 'sent' : 'received'}</dd>
            <dt>Protocol</dt>
            <dd>
              <ProtocolBadge protocol={data.protocol} />
            </dd>
            <dt>Status</dt>
            <dd>
              <StatusChip status={data.status} />
            </dd>
            <dt>Trace id</dt>
            <dd>
              <TraceIdChip traceId={data.traceId} onFilter={(traceId) => timelineShown({ traceId })} />
            </dd>
            {data.idempotencyKey ? (
              <>
                <dt>Idempotency key</dt>
                <dd>
                  <code>{data.idempotencyKey}</code>
                </dd>
              </>
            ) : null}
            <dt>Schema</dt>
            <dd>{data.schemaVersion ?? '—'}</dd>
            {sent ? null : (
              <>
                <dt>Encrypted</dt>
                <dd>{data.encrypted ? 'yes (decrypted by this node)' : 'no'}</dd>
                <dt>Wake</dt>
                <dd>{data.wake ? (data.wakeSeen ? 'asked to wake (seen)' : 'asked to wake') : 'no'}</dd>
              </>
            )}
            {data.taskId || data.contextId ? (
              <>
                <dt>A2A task</dt>
                <dd className="row">
                  {data.taskState ? <TaskStateChip state={data.taskState} /> : null}
                  {data.taskId ? <code className="wrap-anywhere">{data.taskId}</code> : <span className="muted">no task</span>}
                </dd>
                {data.statusText ? (
                  <>
                    <dt>Peer&apos;s status</dt>
                    <dd>
                      <RemoteText text={data.statusText} />
                    </dd>
                  </>
                ) : null}
                {data.contextId ? (
                  <>
                    <dt>Context</dt>
                    <dd>
                      <code className="wrap-anywhere">{data.contextId}</code>
                    </dd>
                  </>
                ) : null}
              </>
            ) : null}
            <dt>Time</dt>
            <dd>{formatTime(data.createdAt)}</dd>
          </dl>
          <h3>Text</h3>
          <MessageText key={data.id} message={data} detail={data} className="drawer-text" filesApart={data.attachments.length > 0} />
          {data.attachments.length > 0 ? (
            <section className="drawer-section" aria-label="Attachments" data-testid="drawer-attachments">
              <h3>{data.attachments.length === 1 ? 'Attachment' : `Attachments (${data.attachments.length})`}</h3>
              <AttachmentList attachments={data.attachments} />
            </section>
          ) : null}
          {data.detail ? (
            <>
              <h3>Notes</h3>
              <pre className="message-text muted">
                <RemoteText text={data.detail} />
              </pre>
            </>
          ) : null}
          {sent ? <DeliverySection message={data} now={now} /> : null}
          {sent ? <SentAsSection message={data} /> : null}
          {sent && data.sentAs ? null : (
            <>
              <h3>{sent ? 'Stored envelope' : 'Raw envelope'}</h3>
              <JsonText value={data.raw} label={sent ? 'Stored envelope' : 'Raw envelope'} testId="raw-envelope" />
            </>
          )}
        </div>
      ) : null}
    </aside>
  );
}
