import type { DashboardData } from '@shared/domain/metrics';
import { RemoteText } from '../../components/RemoteText';
import { formatTime } from '../../components/chips';

/** Errors shown at most: the newest are what the operator acts on; the audit log and /metrics keep the rest. */
const SHOWN = 5;

/** What went wrong lately (deliveries given up, refused requests), as sentences, newest first. */
export function LastErrorsCard({ errors }: { errors: DashboardData['lastErrors'] | undefined }) {
  return (
    <article className="card" aria-labelledby="last-errors-title">
      <h2 id="last-errors-title">Last errors</h2>
      {errors === undefined ? null : errors.length === 0 ? (
        <p className="muted card-line" data-testid="no-errors">
          Nothing has gone wrong since the node started.
        </p>
      ) : (
        <ul className="error-list" data-testid="last-errors">
          {errors.slice(0, SHOWN).map((error, index) => (
            <li key={`${error.at}:${index}`}>
              <time dateTime={error.at} className="muted small">
                {formatTime(error.at)}
              </time>{' '}
              <RemoteText text={error.text} />
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
