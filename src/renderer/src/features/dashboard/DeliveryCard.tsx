import type { DashboardData } from '@shared/domain/metrics';
import type { NodeStatus } from '@shared/domain/node';
import { RemoteText } from '../../components/RemoteText';
import { useUiActions } from '../../stores/ui-store';

type DeadReason = DashboardData['deadLetters']['topReasons'][number];

/** Why messages died, most often first: each one step from Delivery › Dead letters. */
function TopReasons({ reasons }: { reasons: readonly DeadReason[] }) {
  const { deadLetterShown } = useUiActions();
  if (reasons.length === 0) return null;
  return (
    <>
      <h3 className="card-subtitle">Top reasons</h3>
      <ul className="reason-list" aria-label="Top reasons for dead letters" data-testid="dead-reasons">
        {reasons.map((reason) => (
          <li key={`${reason.peerName}\u0000${reason.reason}`}>
            <button type="button" className="link-button reason-link" onClick={() => deadLetterShown(null)} title="Open Delivery › Dead letters">
              <span className="reason-count">{reason.count}×</span> <strong>{reason.peerName}</strong>: <RemoteText text={reason.reason} />
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

/** What is waiting to go out, and what could not be delivered and why (one step from Delivery › Dead letters). */
export function DeliveryCard({ delivery, topReasons = [] }: { delivery: NodeStatus['delivery']; topReasons?: readonly DeadReason[] }) {
  const { deadLetterShown, screenSelected } = useUiActions();
  const { queued, dead } = delivery;
  return (
    <article className="card" aria-labelledby="delivery-card-title">
      <h2 id="delivery-card-title">Delivery</h2>
      <div className="metrics">
        <div className="metric">
          <button
            type="button"
            className="metric-value link-button"
            data-testid="queued-count"
            aria-label={`${queued} waiting to go out: open the outbox`}
            onClick={() => screenSelected('delivery')}
          >
            {queued}
          </button>
          <span className="metric-label">waiting to go out</span>
        </div>
        <div className="metric">
          <button
            type="button"
            className={`metric-value link-button${dead > 0 ? ' bad-text' : ''}`}
            data-testid="dead-count"
            aria-label={`${dead} dead letter${dead === 1 ? '' : 's'}: open Delivery › Dead letters`}
            onClick={() => deadLetterShown(null)}
          >
            {dead}
          </button>
          <span className="metric-label">{dead === 1 ? 'dead letter' : 'dead letters'}</span>
        </div>
      </div>
      {dead > 0 ? <TopReasons reasons={topReasons} /> : null}
    </article>
  );
}
