import { useEffect } from 'react';
import { useControlMutation, useMessage } from '../../api/queries';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ProtocolBadge, StatusChip, TraceIdChip, formatTime } from '../../components/chips';
import { useUiActions } from '../../stores/ui-store';

/** One message in full: its text, metadata and the raw envelope (credentials redacted by the node). */
export function MessageDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const message = useMessage(id);
  const { timelineShown } = useUiActions();
  const markSeen = useControlMutation('messages.markWakesSeen');
  const unseenWake = message.data?.wake === true && !message.data.wakeSeen;
  const { mutate } = markSeen;
  useEffect(() => {
    // Looking at a wake is what makes it seen.
    if (unseenWake) mutate({ ids: [id] });
  }, [unseenWake, id, mutate]);

  return (
    <aside className="drawer" role="complementary" aria-label="Message detail" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <header className="drawer-header">
        <h2>Message</h2>
        <button type="button" className="icon-button" aria-label="Close detail" onClick={onClose}>
          ✕
        </button>
      </header>
      {message.isPending ? <p className="muted">Loading…</p> : null}
      {message.isError ? <ErrorNotice error={message.error} action="Could not load the message" /> : null}
      {message.data ? (
        <div className="drawer-body">
          <dl className="facts">
            <dt>Peer</dt>
            <dd>{message.data.peerName}</dd>
            <dt>Direction</dt>
            <dd>{message.data.direction === 'in' ? 'received' : 'sent'}</dd>
            <dt>Protocol</dt>
            <dd>
              <ProtocolBadge protocol={message.data.protocol} />
            </dd>
            <dt>Status</dt>
            <dd>
              <StatusChip status={message.data.status} />
            </dd>
            <dt>Trace id</dt>
            <dd>
              <TraceIdChip traceId={message.data.traceId} onFilter={(traceId) => timelineShown({ traceId })} />
            </dd>
            {message.data.idempotencyKey ? (
              <>
                <dt>Idempotency key</dt>
                <dd>
                  <code>{message.data.idempotencyKey}</code>
                </dd>
              </>
            ) : null}
            <dt>Schema</dt>
            <dd>{message.data.schemaVersion ?? '—'}</dd>
            <dt>Encrypted</dt>
            <dd>{message.data.encrypted ? 'yes (decrypted by this node)' : 'no'}</dd>
            <dt>Wake</dt>
            <dd>{message.data.wake ? 'asked to wake' : 'no'}</dd>
            <dt>Time</dt>
            <dd>{formatTime(message.data.createdAt)}</dd>
          </dl>
          <h3>Text</h3>
          {/* Content from a remote party: rendered as text, never as markup. */}
          <pre className="message-text" data-testid="message-text">
            {message.data.content}
          </pre>
          {message.data.detail ? (
            <>
              <h3>Notes</h3>
              <pre className="message-text muted">{message.data.detail}</pre>
            </>
          ) : null}
          <h3>Raw envelope</h3>
          <pre className="raw-json" data-testid="raw-envelope">
            {JSON.stringify(message.data.raw, null, 2)}
          </pre>
        </div>
      ) : null}
    </aside>
  );
}
