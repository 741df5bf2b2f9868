import type { MetricsMinute } from '@shared/domain/metrics';

const MINUTE_MS = 60_000;
/** The plots show an hour: the current minute and the 59 before it. */
export const HOUR_MINUTES = 60;

/** One protocol's messages: per minute over the hour, this minute, and the hour's sum. */
export interface ProtocolCounts {
  protocol: string;
  in: number[];
  out: number[];
  inNow: number;
  outNow: number;
  inHour: number;
  outHour: number;
}

/** The Dashboard's plots as uPlot wants them: one x (minute starts, in seconds) shared by every series. */
export interface ActivitySeries {
  /** Minute starts in Unix seconds, oldest first; the current minute last. */
  x: number[];
  protocols: ProtocolCounts[];
  inNow: number;
  outNow: number;
  inHour: number;
  outHour: number;
  p50: (number | null)[];
  p99: (number | null)[];
  /** The latest minute with deliveries (its start, ISO) and its latencies; null when none in the hour. */
  latency: { at: string; p50: number; p99: number; current: boolean } | null;
  queued: (number | null)[];
  queuedNow: number;
  failuresHour: number;
  /** Nothing was received, sent, delivered, failed or waiting in the hour. */
  quiet: boolean;
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/**
 * The node reports only the minutes something happened in; the plots need every minute of the hour. A minute
 * without a report carried nothing (zero messages, no latency) and left the queue as the minute before left it.
 */
export function activitySeries(minutes: readonly MetricsMinute[], nowMs: number): ActivitySeries {
  const reported = new Map(minutes.map((minute) => [Math.floor(Date.parse(minute.at) / MINUTE_MS) * MINUTE_MS, minute]));
  const lastReported = minutes.at(-1);
  const current = lastReported ? Math.floor(Date.parse(lastReported.at) / MINUTE_MS) * MINUTE_MS : Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
  const starts = Array.from({ length: HOUR_MINUTES }, (_, index) => current - (HOUR_MINUTES - 1 - index) * MINUTE_MS);
  const names = [...new Set(minutes.flatMap((minute) => [...Object.keys(minute.in), ...Object.keys(minute.out)]))].sort();
  const protocols = names.map((protocol): ProtocolCounts => {
    const inCounts = starts.map((start) => reported.get(start)?.in[protocol] ?? 0);
    const outCounts = starts.map((start) => reported.get(start)?.out[protocol] ?? 0);
    return { protocol, in: inCounts, out: outCounts, inNow: inCounts.at(-1) ?? 0, outNow: outCounts.at(-1) ?? 0, inHour: sum(inCounts), outHour: sum(outCounts) };
  });
  let carried: number | null = null;
  const queued = starts.map((start) => {
    const minute = reported.get(start);
    if (minute) carried = minute.queued;
    return carried;
  });
  const p50 = starts.map((start) => reported.get(start)?.p50Ms ?? null);
  const p99 = starts.map((start) => reported.get(start)?.p99Ms ?? null);
  let latency: ActivitySeries['latency'] = null;
  for (let index = starts.length - 1; index >= 0 && latency === null; index -= 1) {
    const minute = reported.get(starts[index]!);
    if (minute && minute.p50Ms !== null && minute.p99Ms !== null) latency = { at: minute.at, p50: minute.p50Ms, p99: minute.p99Ms, current: index === starts.length - 1 };
  }
  const inHour = sum(protocols.map((counts) => counts.inHour));
  const outHour = sum(protocols.map((counts) => counts.outHour));
  const failuresHour = sum(starts.map((start) => reported.get(start)?.failures ?? 0));
  const queuedNow = queued.at(-1) ?? 0;
  return {
    x: starts.map((start) => start / 1000),
    protocols,
    inNow: sum(protocols.map((counts) => counts.inNow)),
    outNow: sum(protocols.map((counts) => counts.outNow)),
    inHour,
    outHour,
    p50,
    p99,
    latency,
    queued,
    queuedNow,
    failuresHour,
    quiet: inHour === 0 && outHour === 0 && failuresHour === 0 && latency === null && queued.every((value) => !value),
  };
}
