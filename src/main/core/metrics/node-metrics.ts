import { monitorEventLoopDelay } from 'node:perf_hooks';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DashboardSeries, MetricsMinute } from '../../../shared/domain/metrics';
import type { Clock } from '../clock';
import type { EventBus } from '../event-bus';
import type { AttemptResult } from '../outbox/retry-policy';

const MINUTE = 60_000;
const HOUR_OF_MINUTES = 60;
/** Latencies kept per minute for its p50/p99 (a sample: a busy minute must not grow without bound). */
const LATENCY_SAMPLE = 2_000;
const LAST_ERRORS = 12;

interface Bucket {
  at: number;
  in: Record<string, number>;
  out: Record<string, number>;
  latencies: number[];
  seen: number;
  queued: number;
  failures: number;
}

/** One more under `key` (a protocol id: counted, never branched on). */
function tally(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** What failed, in the classes an operator acts on. */
export function failureClass(result: AttemptResult): string {
  if (result.kind === 'delivered') return 'none';
  const status = result.statusCode;
  if (status === null) return /timeout|timed out|aborted/i.test(result.error) ? 'timeout' : 'connection';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  return `refused_${status}`;
}

/**
 * The node's rolling metrics: Prometheus counters, gauges and a latency histogram (`/metrics`, through prom-client,
 * with the process's own default metrics), and an hour of per-minute buckets for the Dashboard's plots. Counting
 * is an increment per event; the figures that are state (queue depth, dead letters, approvals) are read when asked.
 */
export function createNodeMetrics(deps: {
  events: EventBus;
  clock: Clock;
  outboxCounts: () => { queued: number; dead: number };
  approvals: () => { pending: number; oldestCreatedAt: string | null };
}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const messages = new Counter({ name: 'switchboard_messages_total', help: 'Messages received and sent, by direction, protocol and peer.', labelNames: ['direction', 'protocol', 'peer'], registers });
  const latency = new Histogram({
    name: 'switchboard_delivery_latency_seconds',
    help: 'Time from queued to delivered, by protocol.',
    labelNames: ['protocol'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600],
    registers,
  });
  const attempts = new Counter({ name: 'switchboard_delivery_attempts_total', help: 'Delivery attempts by protocol, outcome and class of failure.', labelNames: ['protocol', 'outcome', 'class'], registers });
  const inboundErrors = new Counter({ name: 'switchboard_inbound_errors_total', help: 'Inbound requests refused, by HTTP status (401, 400, 413, 429, …).', labelNames: ['status'], registers });
  new Gauge({ name: 'switchboard_outbox_queued', help: 'Messages waiting to be sent.', registers, collect() { this.set(deps.outboxCounts().queued); } });
  new Gauge({ name: 'switchboard_dead_letters', help: 'Dead letters waiting for a decision (or a redrive).', registers, collect() { this.set(deps.outboxCounts().dead); } });
  new Gauge({ name: 'switchboard_approvals_pending', help: 'Requests waiting for the operator.', registers, collect() { this.set(deps.approvals().pending); } });
  new Gauge({
    name: 'switchboard_approvals_oldest_age_seconds',
    help: 'How long the oldest waiting request has waited (0 when none waits).',
    registers,
    collect() {
      const oldest = deps.approvals().oldestCreatedAt;
      this.set(oldest ? Math.max(0, (deps.clock.now() - Date.parse(oldest)) / 1000) : 0);
    },
  });
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  new Gauge({
    name: 'switchboard_event_loop_delay_p99_seconds',
    help: 'Event-loop delay, 99th percentile since the last scrape.',
    registers,
    collect() {
      this.set(loop.percentile(99) / 1e9);
      loop.reset();
    },
  });

  const buckets: Bucket[] = [];
  const lastErrors: { at: string; text: string }[] = [];
  const bucket = (): Bucket => {
    const at = Math.floor(deps.clock.now() / MINUTE) * MINUTE;
    let current = buckets.at(-1);
    if (!current || current.at !== at) {
      if (current) current.queued = deps.outboxCounts().queued;
      current = { at, in: {}, out: {}, latencies: [], seen: 0, queued: 0, failures: 0 };
      buckets.push(current);
      while (buckets.length > HOUR_OF_MINUTES + 1) buckets.shift();
    }
    return current;
  };
  const noteError = (text: string) => {
    lastErrors.unshift({ at: new Date(deps.clock.now()).toISOString(), text });
    lastErrors.length = Math.min(lastErrors.length, LAST_ERRORS);
  };

  const unsubscribe = deps.events.on('message.added', (message) => {
    messages.inc({ direction: message.direction, protocol: message.protocol, peer: message.peerName });
    tally(bucket()[message.direction], message.protocol);
  });

  const percentile = (sorted: readonly number[], p: number) => (sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!);

  return {
    registry,
    /** One finished delivery attempt (the worker reports each). */
    attempt(protocol: string, peerName: string, result: AttemptResult, queuedAt: string, dead: boolean): void {
      const failure = failureClass(result);
      attempts.inc({ protocol, outcome: result.kind === 'delivered' ? 'delivered' : dead ? 'dead' : 'retry', class: failure });
      const current = bucket();
      if (result.kind === 'delivered') {
        const ms = Math.max(0, deps.clock.now() - Date.parse(queuedAt));
        latency.observe({ protocol }, ms / 1000);
        current.seen += 1;
        // Reservoir sampling: every latency of the minute has the same chance to be in the sample.
        if (current.latencies.length < LATENCY_SAMPLE) current.latencies.push(ms);
        else {
          const slot = Math.floor(Math.random() * current.seen);
          if (slot < LATENCY_SAMPLE) current.latencies[slot] = ms;
        }
      } else {
        current.failures += 1;
        if (dead) noteError(`A message to ${peerName} could not be delivered: ${result.error}`);
      }
    },
    /** A refused inbound request (the public listener's answer was an error). */
    inboundError(status: number, what: string): void {
      inboundErrors.inc({ status: String(status) });
      if (status === 401 || status === 413 || status === 429 || status >= 500) noteError(`${status} for ${what}`);
    },
    async text(): Promise<string> {
      return registry.metrics();
    },
    contentType: registry.contentType,
    /** The last hour, a minute at a time (oldest first), with the current minute last. */
    series(): DashboardSeries {
      bucket();
      const now = deps.outboxCounts().queued;
      const minutes = buckets.map((b, index): MetricsMinute => {
        const sorted = [...b.latencies].sort((x, y) => x - y);
        return { at: new Date(b.at).toISOString(), in: { ...b.in }, out: { ...b.out }, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), queued: index === buckets.length - 1 ? now : b.queued, failures: b.failures };
      });
      return { minutes, lastErrors: [...lastErrors] };
    },
    stop() {
      unsubscribe();
      loop.disable();
      registry.clear();
    },
  };
}

export type NodeMetrics = ReturnType<typeof createNodeMetrics>;
