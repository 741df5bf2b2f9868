import { formatDuration } from '@shared/format-duration';
import { formatTime } from './chips';

/** "expires in 9m 30s", ticking with `now`; red once fewer than `urgentBelowSeconds` remain. */
export function Countdown({ until, now, label, testId, urgentBelowSeconds }: { until: string | null; now: number; label: string; testId?: string; urgentBelowSeconds?: number }) {
  if (!until) return null;
  const seconds = Math.max(0, Math.round((Date.parse(until) - now) / 1000));
  const urgent = urgentBelowSeconds !== undefined && seconds < urgentBelowSeconds;
  return (
    <span className={`small ${urgent ? 'bad-text' : 'muted'}`} data-testid={testId} title={`${label} at ${formatTime(until)}`}>
      {label} in {formatDuration(seconds)}
    </span>
  );
}
