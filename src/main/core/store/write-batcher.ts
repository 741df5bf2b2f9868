import type { Db } from './database';

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface WriteBatcher {
  /**
   * Runs `work` inside a transaction shared with the other writes queued in the same turn of the event loop, and
   * resolves once that transaction has committed (so "acknowledged" still means "on disk"). Each piece of work
   * runs in its own savepoint: one that throws is rolled back alone and rejects alone.
   */
  run<T>(work: () => T): Promise<T>;
}

/**
 * Group commit. Under concurrent load most of the cost of a small write is the commit itself (the WAL append of
 * every touched page); sharing one commit between the requests that arrived together multiplies throughput
 * without weakening durability, since no caller hears back before the commit.
 */
export function createWriteBatcher(db: Db, options: { maxBatch?: number } = {}): WriteBatcher {
  const maxBatch = options.maxBatch ?? 256;
  const queue: Pending[] = [];
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    const batch = queue.splice(0, maxBatch);
    if (queue.length > 0) schedule();
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      db.transaction(() => {
        for (const item of batch) {
          try {
            outcomes.push({ ok: true, value: db.transaction(item.work)() });
          } catch (error) {
            outcomes.push({ ok: false, value: error });
          }
        }
      })();
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
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
  };
}
