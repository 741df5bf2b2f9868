import type { RetryPolicy } from '../../../shared/domain/delivery';
import type { MessageSummary } from '../../../shared/domain/message';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { OutboxItem, OutboxStore, Transition } from './outbox-store';
import { backoffMs, deadReason, type AttemptResult } from './retry-policy';

/** One protocol's way to deliver an outbox item (a2a-secure now; A2A and chat plug in here). */
export type DeliverFn = (item: OutboxItem, signal: AbortSignal) => Promise<AttemptResult>;

export interface DeliveryWorker {
  /** Recovers rows interrupted by a crash, then starts delivering. */
  start(): void;
  /** Something changed (a new message, a replay, a resume): look for work now. */
  poke(): void;
  /** Stops starting attempts and aborts those in flight (their rows are resumed on the next start). */
  stop(): Promise<void>;
}

/**
 * Delivers the outbox. Each peer's messages go one at a time, oldest first (per-peer order); different peers run
 * concurrently up to `concurrency`, so a slow or dead peer only ever holds its own queue. Waiting rows wake the
 * worker by timer at their next attempt time.
 */
export function createDeliveryWorker(deps: {
  outbox: OutboxStore;
  deliver: DeliverFn;
  policyFor: (peerId: string | null) => RetryPolicy;
  clock: Clock;
  logger: Logger;
  random?: () => number;
  concurrency?: number;
  /** Reads a message as the UI shows it, for change events. */
  summary: (messageId: number) => MessageSummary | null;
  onChange: (message: MessageSummary) => void;
  /** When a message that died of a transient cause is tried again by itself (null: not redriven). */
  redriveAt?: (peerId: string | null, transient: boolean) => number | null;
  /** Whether this failure may be redriven by itself (its receiver applies repeats once, or it cannot have arrived). */
  redrivable?: (item: OutboxItem, result: AttemptResult) => boolean;
  /** Every finished attempt, for the metrics. */
  onAttempt?: (result: AttemptResult, item: OutboxItem, dead: boolean) => void;
}): DeliveryWorker {
  const random = deps.random ?? Math.random;
  const concurrency = deps.concurrency ?? 16;
  const busyPeers = new Set<string>();
  const controllers = new Set<AbortController>();
  const running = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | null = null;
  let stopped = true;
  let pumpQueued = false;

  // Many pokes in one turn (a burst of sends, several attempts finishing) need one look at the queue, not many.
  const pumpSoon = () => {
    if (pumpQueued || stopped) return;
    pumpQueued = true;
    setImmediate(() => {
      pumpQueued = false;
      pump();
    });
  };

  const schedule = (at: number) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(pump, Math.max(0, at - deps.clock.now()));
    timer.unref();
  };

  function pump(): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = null;
    const now = deps.clock.now();
    let earliest = Infinity;
    for (const head of deps.outbox.heads()) {
      if (busyPeers.has(head.peerId)) continue;
      if (head.nextAttemptAt > now) {
        earliest = Math.min(earliest, head.nextAttemptAt);
        continue;
      }
      if (busyPeers.size >= concurrency) break;
      const run = attempt(head.messageId, head.peerId).finally(() => running.delete(run));
      running.add(run);
    }
    if (earliest < Infinity) schedule(earliest);
  }

  /** Dead: a refusal waits for the operator; a transient cause is tried again by itself, and the reason says when. */
  function dead(item: OutboxItem, result: Exclude<AttemptResult, { kind: 'delivered' }>, attemptNo: number): Transition {
    const transient = result.kind === 'retry' && (deps.redrivable?.(item, result) ?? true);
    const redriveAt = deps.redriveAt?.(item.peerId, transient) ?? null;
    const reason = deadReason(item.peerName, result, attemptNo);
    const later = redriveAt !== null ? ` It is tried again by itself at ${new Date(redriveAt).toISOString().slice(11, 16)} UTC and whenever ${item.peerName} is seen again; replay it to try now.` : '';
    return { state: 'dead', deadReason: `${reason}${later}`, redriveAt, transient };
  }

  async function attempt(messageId: number, peerId: string): Promise<void> {
    busyPeers.add(peerId);
    const controller = new AbortController();
    controllers.add(controller);
    try {
      const item = deps.outbox.item(messageId);
      if (!item) return;
      const attemptNo = deps.outbox.beginAttempt(messageId);
      const sending = deps.outbox.item(messageId);
      const summary = deps.summary(messageId);
      if (summary) deps.onChange(summary);
      let result: AttemptResult;
      try {
        result = await deps.deliver(sending ?? item, controller.signal);
      } catch (error) {
        result = { kind: 'retry', statusCode: null, error: error instanceof Error ? error.message : String(error) };
      }
      // Stopping mid-attempt: leave the row in 'sending'; the next start records it as interrupted and resends
      // (the receiver's idempotency makes that harmless).
      if (stopped) return;
      const policy = deps.policyFor(item.peerId);
      const transition =
        result.kind === 'delivered'
          ? { state: 'delivered' as const }
          : result.kind === 'retry' && attemptNo < item.maxAttempts
            ? { state: 'retrying' as const, nextAttemptAt: deps.clock.now() + (result.retryAfterMs ?? backoffMs(policy, attemptNo, random)) }
            : dead(item, result, attemptNo);
      deps.onAttempt?.(result, item, transition.state === 'dead');
      deps.onChange(deps.outbox.finishAttempt(messageId, attemptNo, result, transition));
    } catch (error) {
      if (!stopped) deps.logger.error('delivery attempt failed unexpectedly', { messageId, error: error instanceof Error ? error.message : String(error) });
    } finally {
      controllers.delete(controller);
      busyPeers.delete(peerId);
      pumpSoon();
    }
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      const resumed = deps.outbox.recoverInterrupted();
      if (resumed.length > 0) deps.logger.info('resuming deliveries interrupted by the last stop', { count: resumed.length });
      pump();
    },
    poke() {
      pumpSoon();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const controller of controllers) controller.abort();
      await Promise.allSettled([...running]);
    },
  };
}
