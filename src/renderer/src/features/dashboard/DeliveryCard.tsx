import type { NodeStatus } from '@shared/domain/node';
import { useUiActions } from '../../stores/ui-store';

/** What is waiting to go out, and what could not be delivered (one step from Delivery › Dead letters). */
export function DeliveryCard({ delivery }: { delivery: NodeStatus['delivery'] }) {
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
    </article>
  );
}
