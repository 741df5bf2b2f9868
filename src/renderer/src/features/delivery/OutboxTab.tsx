import { useControlMutation, useOutbox } from '../../api/queries';
import { DeliveryLine } from '../../components/DeliveryLine';
import { ErrorNotice } from '../../components/ErrorNotice';
import { StatusChip, TraceIdChip } from '../../components/chips';
import { useNow } from '../../components/useNow';

/** What is waiting to go out now, when it will be tried next, and per-peer pause/resume. */
export function OutboxTab() {
  const outbox = useOutbox();
  const now = useNow(1000);
  const retryNow = useControlMutation('outbox.retryNow');
  const pause = useControlMutation('outbox.setPaused');
  if (outbox.isPending) return <p className="muted">Loading the outbox…</p>;
  if (outbox.isError) return <ErrorNotice error={outbox.error} action="Could not load the outbox" />;
  const { items, peers } = outbox.data;
  return (
    <div className="delivery-tab">
      {peers.length > 0 ? (
        <section aria-label="Peers with waiting messages" className="peer-delivery">
          {peers.map((peer) => (
            <div key={peer.peerId} className="peer-delivery-row">
              <strong>{peer.peerName}</strong>
              <span className="muted small">
                {peer.pending} waiting{peer.paused ? ' · paused' : ''}
              </span>
              {peer.paused ? <span className="chip chip-warn">paused</span> : null}
              <span className="spacer" />
              <button type="button" className="button" onClick={() => pause.mutate({ peer: peer.peerId, paused: !peer.paused })}>
                {peer.paused ? `Resume ${peer.peerName}` : `Pause ${peer.peerName}`}
              </button>
              {!peer.paused && peer.pending > 0 ? (
                <button type="button" className="button" onClick={() => retryNow.mutate({ peer: peer.peerId })}>
                  Retry now
                </button>
              ) : null}
            </div>
          ))}
        </section>
      ) : null}
      {items.length === 0 ? (
        <div className="empty-state">
          <p>Nothing is waiting. Messages you send appear here until they are delivered.</p>
        </div>
      ) : (
        <table className="data-table" aria-label="Outbox">
          <thead>
            <tr>
              <th>Peer</th>
              <th>Status</th>
              <th>Delivery</th>
              <th>Trace id</th>
              <th>Text</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((message) => (
              <tr key={message.id} data-testid="outbox-row">
                <td>{message.peerName}</td>
                <td>
                  <StatusChip status={message.status} />
                </td>
                <td>
                  <DeliveryLine message={message} now={now} paused={peers.find((peer) => peer.peerId === message.peerId)?.paused} />
                </td>
                <td>
                  <TraceIdChip traceId={message.traceId} />
                </td>
                <td className="cell-text">{message.content}</td>
                <td>
                  {message.status !== 'sending' ? (
                    <button type="button" className="link-button" onClick={() => retryNow.mutate({ ids: [message.id] })}>
                      Retry now
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {retryNow.isError ? <ErrorNotice error={retryNow.error} action="Could not retry" /> : null}
      {pause.isError ? <ErrorNotice error={pause.error} action="Could not change the peer" /> : null}
    </div>
  );
}
