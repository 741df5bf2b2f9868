import type { DeliveryAttempt } from '@shared/domain/delivery';
import { formatTime } from '../../components/chips';

function duration(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** What the attempt came back with: the HTTP status, else the error (a refused connection has no status). */
function result(attempt: DeliveryAttempt): string {
  const status = attempt.statusCode !== null ? `HTTP ${attempt.statusCode}` : '';
  if (attempt.error) return status ? `${status}: ${attempt.error}` : attempt.error;
  return status || (attempt.finishedAt ? '—' : 'in progress');
}

const outcomes: Record<NonNullable<DeliveryAttempt['outcome']>, { word: string; tone: string }> = {
  delivered: { word: 'delivered', tone: 'ok' },
  retry: { word: 'will retry', tone: 'warn' },
  failed: { word: 'failed', tone: 'bad' },
  interrupted: { word: 'interrupted', tone: 'neutral' },
};

/** Every delivery attempt of one message, oldest first: when, how long, what came back, what it meant. */
export function AttemptsTable({ attempts }: { attempts: readonly DeliveryAttempt[] }) {
  if (attempts.length === 0) return <p className="muted small">No delivery attempt yet.</p>;
  return (
    <table className="data-table attempts-table" aria-label="Delivery attempts">
      <thead>
        <tr>
          <th>#</th>
          <th>Time</th>
          <th>Took</th>
          <th>Result</th>
          <th>Outcome</th>
        </tr>
      </thead>
      <tbody>
        {attempts.map((attempt) => {
          const outcome = attempt.outcome ? outcomes[attempt.outcome] : null;
          return (
            <tr key={`${attempt.attempt}-${attempt.startedAt}`} data-testid="attempt-row">
              <td>{attempt.attempt}</td>
              <td className="small">{formatTime(attempt.startedAt)}</td>
              <td className="small">{duration(attempt.durationMs)}</td>
              <td className="small wrap-anywhere">{result(attempt)}</td>
              <td>{outcome ? <span className={`chip chip-${outcome.tone}`}>{outcome.word}</span> : <span className="chip chip-neutral">sending</span>}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
