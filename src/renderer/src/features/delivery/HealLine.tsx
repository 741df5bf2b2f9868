import type { DeliveryInfo } from '@shared/domain/delivery';

function clockTime(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function fromNow(iso: string, now: number): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  if (seconds <= 0) return 'due now';
  if (seconds < 60) return 'in under a minute';
  if (seconds < 3600) return `in ${Math.ceil(seconds / 60)} min`;
  if (seconds < 86_400) return `in ${Math.round(seconds / 3600)} h`;
  return `in ${Math.round(seconds / 86_400)} d`;
}

/**
 * Whether a dead letter heals by itself: when it is tried again (a passing cause), or that it waits for the
 * operator (a refusal, or its redrive window is over).
 */
export function HealLine({ delivery, now }: { delivery: DeliveryInfo | null; now: number }) {
  const at = delivery?.nextRedriveAt ?? null;
  if (at === null) {
    return (
      <span className="heal-line heal-waits small" data-testid="heal-line">
        Waits for you: replay it
      </span>
    );
  }
  return (
    <span className="heal-line small" data-testid="heal-line">
      Tries again by itself at{' '}
      <time dateTime={at} title={new Date(at).toLocaleString()}>
        {clockTime(at)}
      </time>{' '}
      <span className="muted">({fromNow(at, now)})</span>
    </span>
  );
}
