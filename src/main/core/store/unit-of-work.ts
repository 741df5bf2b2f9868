import type { EventName, EventPayload } from '../../../shared/contract';
import type { EventBus } from '../event-bus';
import type { Logger } from '../logger';
import type { Db } from './database';

/** Called just before a unit of work commits, and just after; the headless face uses it to inject crashes in tests. */
export type FaultPoint = (label: string, when: 'before-commit' | 'after-commit') => void;

export interface UnitOfWork {
  /**
   * Runs `work` in one transaction. What it publishes through `events`, and what it hands to `afterCommit`,
   * happens only once the outermost unit has committed, and not at all if it rolls back. A nested run is a
   * savepoint: if it throws, its writes and its events are undone together, and the outer unit goes on.
   */
  run<T>(label: string, work: () => T): T;
  /** Work for after the commit (wake a worker, close a socket); runs at once when no unit is open. */
  afterCommit(task: () => void): void;
  /** The event bus as every module uses it: an event emitted inside a unit waits for its commit. */
  readonly events: EventBus;
  /** Whether a unit is open (a store may check before an I/O it must not do inside a transaction). */
  readonly active: boolean;
}

interface Frame {
  pending: (() => void)[];
}

/**
 * One helper for every change that takes more than one write (DESIGN.md "one unit of work"). better-sqlite3's
 * transactions are synchronous, so no other code runs while a unit is open and one stack of frames is enough.
 */
export function createUnitOfWork(deps: {
  db: Db;
  bus: EventBus;
  logger: Logger;
  faultPoint?: FaultPoint | undefined;
  /** Sees every error a unit rolls back on (the node learns of a full disk here, whoever was writing). */
  onError?: ((error: unknown) => void) | undefined;
  /** After each outermost commit, before its deferred work (the WAL checkpointer is nudged here). */
  onCommit?: (() => void) | undefined;
}): UnitOfWork {
  const frames: Frame[] = [];
  // One transaction function for every unit (better-sqlite3 builds four wrappers per db.transaction call).
  const transaction = deps.db.transaction((work: () => unknown) => work());

  const runPending = (pending: readonly (() => void)[]) => {
    for (const task of pending) {
      try {
        task();
      } catch (error) {
        // What follows a commit is notification and wake-up work; one failure must not stop the rest.
        deps.logger.warn('after-commit work failed', { error: error instanceof Error ? error.message : String(error) });
      }
    }
  };

  const defer = (task: () => void) => {
    const frame = frames.at(-1);
    if (frame) frame.pending.push(task);
    else runPending([task]);
  };

  const events: EventBus = {
    emit<E extends EventName>(event: E, payload: EventPayload<E>) {
      defer(() => deps.bus.emit(event, payload));
    },
    on: (event, handler) => deps.bus.on(event, handler),
    onAny: (handler) => deps.bus.onAny(handler),
  };

  return {
    events,
    get active() {
      return frames.length > 0;
    },
    afterCommit: defer,
    run<T>(label: string, work: () => T): T {
      const outermost = frames.length === 0;
      // A raw transaction opened around a unit would commit after the unit "committed": its events would go out
      // early. Units nest in units; stores keep their own transactions inside.
      if (outermost && deps.db.inTransaction) throw new Error(`The unit of work "${label}" was started inside a transaction it does not own.`);
      const frame: Frame = { pending: [] };
      frames.push(frame);
      let result: T;
      try {
        result = transaction(() => {
          const value = work();
          if (outermost) deps.faultPoint?.(label, 'before-commit');
          return value;
        }) as T;
      } catch (error) {
        frames.pop();
        deps.onError?.(error);
        throw error;
      }
      frames.pop();
      const parent = frames.at(-1);
      if (parent) parent.pending.push(...frame.pending);
      else {
        deps.faultPoint?.(label, 'after-commit');
        deps.onCommit?.();
        runPending(frame.pending);
      }
      return result;
    },
  };
}
