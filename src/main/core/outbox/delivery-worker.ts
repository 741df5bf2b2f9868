import type { RetryPolicy } from '../../../shared/domain/delivery';
import type { MessageSummary } from '../../../shared/domain/message';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { WriteBatcher } from '../store/write-batcher';
import type { BegunAttempt, OutboxItem, OutboxStore, Transition } from './outbox-store';
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
  /**
   * Attempts in flight per peer, and the rows they carry (a row is not picked twice while its begin, or its
   * outcome, commits).
   */
  const busyPeers = new Map<string, number>();
  const flying = new Set<number>();
  const controllers = new Set<AbortController>();
  const running = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | null = null;
  let stopped = true;
  let pumpQueued = false;

  // Many pokes in one turn (a burst of sends, several attempts finishing) need one look at the queue, not many.
  const pumpQueuedNow = () => {
    if (!pumpQueued) return;
    pumpQueued = false;
    pump();
  };
  const pumpSoon = () => {
    if (pumpQueued || stopped) return;
    pumpQueued = true;
    setImmediate(pumpQueuedNow);
  };
  // A look at the queue that is due anyway runs just before a group commit, so the attempts it begins share the
  // commit that records the outcomes that freed their slots.
  deps.writes?.beforeFlush(() => {
    try {
      pumpQueuedNow();
    } catch (error) {
      if (!stopped) deps.logger.error('looking for outbox work failed', { error: error instanceof Error ? error.message : String(error) });
    }
  });

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
        else if (!flying.has(head.messageId)) launch(head.messageId, head.peerId);
        continue;
      }
      // Unordered: the oldest due rows not already on the wire, past any that wait for a retry (rows whose outcome
      // is still committing hold no slot, so up to `max` more of them may come first).
      let free = max - busy;
      for (const row of deps.outbox.waiting(head.peerId, 2 * max + busy)) {
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
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      const left = (busyPeers.get(peerId) ?? 1) - 1;
      if (left > 0) busyPeers.set(peerId, left);
      else busyPeers.delete(peerId);
    };
    const run = attempt(messageId, peerId, release).finally(() => {
      running.delete(run);
      release();
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

  /**
   * Carries one slot of `peerId`: begins `first`, delivers it and records its outcome. A pipelined peer's slot is
   * freed as soon as the outcome is known (its row stays marked as flying until that commits); a strictly ordered
   * peer keeps its slot, and its next message begins in the same commit that records this one's outcome.
   */
  async function attempt(first: number, peerId: string, release: () => void): Promise<void> {
    const controller = new AbortController();
    controllers.add(controller);
    let messageId = first;
    try {
      // Null: finished, or ended by the operator, while its begin waited for the commit.
      let begun: BegunAttempt | null = await write(() => deps.outbox.begin(messageId));
      while (begun && !stopped) {
        const { item, attemptNo } = begun;
        deps.onChange(begun.summary);
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
        const ordered = maxInFlight(peerId) <= 1;
        if (!ordered) {
          release();
          pumpSoon();
        }
        const outcome = result;
        let claimed: number | null = null;
        const done: { finished: MessageSummary; next: BegunAttempt | null } = await write(() => {
          const finished = deps.outbox.finishAttempt(messageId, attemptNo, outcome, transition);
          // A retry keeps its place at the head; otherwise the peer's next message is the head now.
          const next = ordered && transition.state !== 'retrying' && !stopped ? claimNext(peerId) : null;
          claimed = next?.item.messageId ?? null;
          return { finished, next };
        }).catch((error: unknown) => {
          // The claim was rolled back with the commit: the message is not on this slot after all.
          if (claimed !== null) flying.delete(claimed);
          throw error;
        });
        // The slot carries the claimed message from the commit on, before anything else here can throw.
        flying.delete(messageId);
        begun = done.next;
        if (begun) messageId = begun.item.messageId;
        deps.onChange(done.finished);
      }
    } catch (error) {
      if (!stopped) deps.logger.error('delivery attempt failed unexpectedly', { messageId, error: error instanceof Error ? error.message : String(error) });
    } finally {
      flying.delete(messageId);
      controllers.delete(controller);
    }
  }

  /**
   * Inside a commit: begins the ordered peer's head if it is due (and not already on the wire), marked as flying at
   * once so a second outcome in the same batch cannot claim it too. In a savepoint of its own: a next message that
   * cannot begin must not undo the outcome just recorded (it waits for the pump instead).
   */
  function claimNext(peerId: string): BegunAttempt | null {
    const head = deps.outbox.headOf(peerId);
    if (!head || head.nextAttemptAt > deps.clock.now() || flying.has(head.messageId)) return null;
    try {
      const begun = deps.outbox.beginApart(head.messageId);
      if (begun) flying.add(begun.item.messageId);
      return begun;
    } catch (error) {
      deps.logger.warn('the next message of an ordered peer could not begin', { messageId: head.messageId, error: error instanceof Error ? error.message : String(error) });
      return null;
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
