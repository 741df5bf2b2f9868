import type { MessageSummary } from '@shared/domain/message';

function inSeconds(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((Date.parse(iso) - now) / 1000));
  return seconds < 60 ? `in ${seconds} s` : `in ${Math.round(seconds / 60)} min`;
}

/** Where an outbound message stands: "attempt 2 of 3, next in 4 s", the last error, or why it died. */
export function DeliveryLine({ message, now }: { message: MessageSummary; now: number }) {
  const delivery = message.delivery;
  if (!delivery) return null;
  if (message.status === 'retrying' || message.status === 'queued') {
    return (
      <span className="muted small">
        attempt {delivery.attempts} of {delivery.maxAttempts}
        {delivery.nextAttemptAt ? `, next ${inSeconds(delivery.nextAttemptAt, now)}` : ''}
        {delivery.lastError ? ` · ${delivery.lastError}` : ''}
      </span>
    );
  }
  if (message.status === 'dead') return <span className="small bad-text">{delivery.deadReason}</span>;
  return null;
}
