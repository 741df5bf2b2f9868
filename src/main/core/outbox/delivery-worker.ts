import type { RetryPolicy } from '../../../shared/domain/delivery';
import type { MessageSummary } from '../../../shared/domain/message';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { WriteBatcher } from '../store/write-batcher';
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
 * Delivers the outbox. A peer whose protocol (or operator) needs strict order gets one message at a time, oldest
 * first; any other peer gets up to `maxInFlight` of its oldest due messages on the wire at once (a round trip per
 * message would cap a fast peer at one message per RTT). Peers share `concurrency` attempts, and a slow or dead
 * peer only ever holds its own slots. Waiting rows wake the worker by timer at their next attempt time.
 *
 * The state changes of attempts that start or end together share one commit (`writes`, the group commit): an
 * attempt still goes on the wire only once its 'sending' row is committed, and its outcome is told only once that
 * is committed, so a crash resumes exactly as before.
 */
export function createDeliveryWorker(deps: {
  outbox: OutboxStore;
  deliver: DeliverFn;
  policyFor: (peerId: string | null) => RetryPolicy;
  clock: Clock;
  logger: Logger;
  random?: () => number;
  /** Attempts in flight across all peers. */
  concurrency?: number;
  /** How many of this peer's messages may be on the wire at once; 1 keeps strict per-peer order. */
  maxInFlight?: (peerId: string) => number;
  /** Group commit for the attempts' state changes (without it, each change commits alone). */
  writes?: WriteBatcher;
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
  const concurrency = deps.concurrency ?? 64;
  const maxInFlight = deps.maxInFlight ?? (() => 1);
  const write: <T>(work: () => T) => Promise<T> = deps.writes ? (work) => deps.writes!.run(work) : async (work) => work();
  /** Attempts in flight per peer, and the rows they carry (a row is not picked twice while its begin commits). */
  const busyPeers = new Map<string, number>();
  const flying = new Set<number>();
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
      if (flying.size >= concurrency) break;
      const busy = busyPeers.get(head.peerId) ?? 0;
      const max = maxInFlight(head.peerId);
      if (busy >= max) continue;
      if (max <= 1) {
        if (head.nextAttemptAt > now) earliest = Math.min(earliest, head.nextAttemptAt);
        else launch(head.messageId, head.peerId);
        continue;
      }
      // Unordered: the oldest due rows not already on the wire, past any that wait for a retry.
      let free = max - busy;
      for (const row of deps.outbox.waiting(head.peerId, max + busy)) {
        if (free === 0 || flying.size >= concurrency) break;
        if (flying.has(row.messageId)) continue;
        if (row.nextAttemptAt > now) {
          earliest = Math.min(earliest, row.nextAttemptAt);
          continue;
        }
        launch(row.messageId, head.peerId);
        free -= 1;
      }
    }
    if (earliest < Infinity) schedule(earliest);
  }

  function launch(messageId: number, peerId: string): void {
    busyPeers.set(peerId, (busyPeers.get(peerId) ?? 0) + 1);
    flying.add(messageId);
    const run = attempt(messageId).finally(() => {
      running.delete(run);
      flying.delete(messageId);
      const left = (busyPeers.get(peerId) ?? 1) - 1;
      if (left > 0) busyPeers.set(peerId, left);
      else busyPeers.delete(peerId);
      pumpSoon();
    });
    running.add(run);
  }

  /** Dead: a refusal waits for the operator; a transient cause is tried again by itself, and the reason says when. */
  function dead(item: OutboxItem, result: Exclude<AttemptResult, { kind: 'delivered' }>, attemptNo: number): Transition {
    const transient = result.kind === 'retry' && (deps.redrivable?.(item, result) ?? true);
    const redriveAt = deps.redriveAt?.(item.peerId, transient) ?? null;
    const reason = deadReason(item.peerName, result, attemptNo);
    const later = redriveAt !== null ? ` It is tried again by itself at ${new Date(redriveAt).toISOString().slice(11, 16)} UTC and whenever ${item.peerName} is seen again; replay it to try now.` : '';
    return { state: 'dead', deadReason: `${reason}${later}`, redriveAt, transient };
  }

  async function attempt(messageId: number): Promise<void> {
    const controller = new AbortController();
    controllers.add(controller);
    try {
      const begun = await write(() => {
        const item = deps.outbox.item(messageId);
        // Finished, or ended by the operator, while its begin waited for the commit.
        const attemptNo = item ? deps.outbox.beginAttempt(messageId) : null;
        return item && attemptNo !== null ? { item: { ...item, attempts: attemptNo }, attemptNo, summary: deps.summary(messageId) } : null;
      });
      if (!begun || stopped) return;
      const { item, attemptNo } = begun;
      if (begun.summary) deps.onChange(begun.summary);
      let result: AttemptResult;
      try {
        result = await deps.deliver(item, controller.signal);
      } catch (error) {
        result = { kind: 'retry', statusCode: null, error: error instanceof Error ? error.message : String(error) };
      }
      // Stopping mid-attempt: leave the row in 'sending'; the next start records it as interrupted and resends
      // (the receiver's idempotency makes that harmless).
      if (stopped) return;
      const transition: Transition =
        result.kind === 'delivered'
          ? { state: 'delivered' as const }
          : result.kind === 'retry' && attemptNo < item.maxAttempts
            ? { state: 'retrying' as const, nextAttemptAt: deps.clock.now() + (result.retryAfterMs ?? backoffMs(deps.policyFor(item.peerId), attemptNo, random)) }
            : dead(item, result, attemptNo);
      deps.onAttempt?.(result, item, transition.state === 'dead');
      const finished = await write(() => deps.outbox.finishAttempt(messageId, attemptNo, result, transition));
      deps.onChange(finished);
    } catch (error) {
      if (!stopped) deps.logger.error('delivery attempt failed unexpectedly', { messageId, error: error instanceof Error ? error.message : String(error) });
    } finally {
      controllers.delete(controller);
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
