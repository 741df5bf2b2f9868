import type { UnitOfWork } from './unit-of-work';

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface WriteBatcher {
  /**
   * Runs `work` inside a transaction shared with the other writes queued in the same turn of the event loop, and
   * resolves once that transaction has committed (so "acknowledged" still means "on disk"). Each piece of work
   * runs in its own savepoint: one that throws is rolled back alone and rejects alone. If the commit itself fails,
   * every piece rejects.
   */
  run<T>(work: () => T): Promise<T>;
  /**
   * Runs `task` at the start of every flush, before the batch is taken: a caller that would queue writes soon
   * anyway (the outbox claiming its next messages) queues them now and shares this commit.
   */
  beforeFlush(task: () => void): void;
}

/**
 * Group commit. Under concurrent load most of the cost of a small write is the commit itself (the WAL append of
 * every touched page); sharing one commit between the requests that arrived together multiplies throughput
 * without weakening durability, since no caller hears back before the commit. The batch is one unit of work, so
 * the events its pieces publish also wait for the commit.
 */
export function createWriteBatcher(uow: UnitOfWork, options: { maxBatch?: number } = {}): WriteBatcher {
  const maxBatch = options.maxBatch ?? 256;
  const queue: Pending[] = [];
  const hooks: (() => void)[] = [];
  let scheduled = false;

  const flush = () => {
    // Still marked as scheduled while the hooks run: what they queue joins this batch, not a flush of its own.
    for (const hook of hooks) {
      try {
        hook();
      } catch {
        // A hook only adds work; one that fails leaves the batch as it was.
      }
    }
    scheduled = false;
    const batch = queue.splice(0, maxBatch);
    if (batch.length === 0) return;
    if (queue.length > 0) schedule();
    let outcomes: { ok: boolean; value: unknown }[];
    try {
      outcomes = uow.run('write-batch', () =>
        batch.map((item) => {
          try {
            return { ok: true, value: uow.run('write-batch.item', item.work) };
          } catch (error) {
            return { ok: false, value: error };
          }
        }),
      );
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    // Only now, with the batch on disk, does anyone hear back.
    batch.forEach((item, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.value);
    });
  };

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };

  return {
    run<T>(work: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        schedule();
      });
    },
    beforeFlush(task) {
      hooks.push(task);
    },
  };
}
