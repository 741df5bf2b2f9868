import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger';
import type { Db } from './database';

/** What SQLite does on the writer's thread by itself: a checkpoint in the commit that crosses 1,000 pages of WAL. */
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;
/**
 * The WAL is rewound (written again from its start) only by a writer that finds every frame checkpointed, and a
 * checkpoint on another connection can never quite catch a writer that does not pause. So once the WAL holds this
 * many pages, the main connection checkpoints the tail the worker's pass left (the frames written meanwhile).
 */
const REWIND_AT_PAGES = 16_000;
/** If the worker falls behind anyway, SQLite's own checkpoint on the main connection stops the WAL growing past this. */
const BACKSTOP_AUTOCHECKPOINT = 40_000;
/** How long stop() waits for the worker to close its connection before terminating it. */
const STOP_WAIT_MS = 5000;
/** The WAL file is cut back to this size when it is rewound (it would otherwise keep its peak). */
const JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024;

export interface WalCheckpointer {
  /** A commit happened: checkpoint soon (coalesced: one pass runs, one more may be queued). */
  nudge(): void;
  /** Settles once the worker runs the checkpoints, or the node has gone back to SQLite's own. */
  readonly ready: Promise<void>;
  /** Whether checkpoints run on the worker (false: SQLite's own, on the main thread). */
  readonly offThread: boolean;
  /** Resolves once a pass has run after this call. */
  settle(): Promise<void>;
  /** Stops the worker and closes its connection; the main connection then closes last and removes the WAL. */
  stop(): Promise<void>;
}

interface PassResult {
  busy: number;
  log: number;
  checkpointed: number;
}

// Plain CommonJS evaluated in the worker: it cannot import the bundle, only better-sqlite3 by its resolved path.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path, { fileMustExist: true, ...(workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}) });
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    // PASSIVE: copies what no reader still needs and never waits for the writer, which goes on appending.
    parentPort.postMessage({ ok: db.pragma('wal_checkpoint(PASSIVE)')[0] });
  } catch (error) {
    parentPort.postMessage({ error: String((error && error.message) || error) });
  }
});
parentPort.postMessage({ ready: true });
`;

/**
 * Moves SQLite's WAL checkpoints off the main thread (issue 15). By default SQLite checkpoints inside the commit that
 * crosses 1,000 pages of WAL — copying those pages into the database file and syncing it — on the thread that
 * committed: the main thread, which also answers peers and, on the desktop, drives the windows. With the store's
 * own inbound statements in batches of 16 (README › Performance), p99 per batch was 35 ms with SQLite's own
 * checkpoints and 9–17 ms with this.
 *
 * A worker holds a second connection to the same file and runs a PASSIVE checkpoint when nudged after commits.
 * Durability is SQLite's WAL guarantee either way: a commit is in the WAL before anyone hears back, and where its
 * pages are copied later does not change what survives a crash. If the worker cannot start or dies, the main
 * connection goes back to SQLite's own checkpoints and the log says so.
 */
export function startWalCheckpointer(deps: {
  db: Db;
  path: string;
  nativeBinding?: string | undefined;
  logger: Logger;
  /** Smaller in tests; the defaults suit a node. */
  rewindAtPages?: number;
}): WalCheckpointer {
  const { db, logger } = deps;
  const rewindAt = deps.rewindAtPages ?? REWIND_AT_PAGES;
  db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
  let worker: Worker | null = null;
  let running = false;
  let again = false;
  let stopped = false;
  let lastTailLog = -1;
  let failing = false;
  const waiters: (() => void)[] = [];
  // Said once per spell of failures (a full disk fails every pass until space is freed), and when it ends.
  const reportFailure = (error: string) => {
    if (!failing) logger.warn('WAL checkpoints are failing', { error });
    failing = true;
  };
  const wakeWaiters = () => {
    for (const wake of waiters.splice(0)) wake();
  };

  const onMainThread = (why: string) => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
    logger.warn('WAL checkpoints run on the main thread', { reason: why });
  };
  const fallBack = (why: string) => {
    if (worker === null) return;
    worker = null;
    running = false;
    onMainThread(why);
    wakeWaiters();
  };

  // Held (ref) only while a pass runs: an idle worker must not keep a stopping process alive.
  const run = () => {
    running = true;
    again = false;
    worker!.ref();
    worker!.postMessage('checkpoint');
  };

  const passed = (result: PassResult) => {
    running = false;
    // A pass that found the WAL exactly as the last tail left it started before the writer rewound it: nothing to do.
    if (result.log >= rewindAt && result.log !== lastTailLog && db.open && !stopped) {
      try {
        const tail = (db.pragma('wal_checkpoint(PASSIVE)') as PassResult[])[0];
        lastTailLog = tail?.log ?? -1;
      } catch (error) {
        // A full disk or an I/O error: SQLite's own checkpoint would have failed the same way; the next pass tries again.
        reportFailure(error instanceof Error ? error.message : String(error));
      }
    }
    if (again && !stopped && worker) return run();
    worker?.unref();
    wakeWaiters();
  };

  // Started without waiting: the node listens meanwhile, with SQLite's own checkpoints until the worker is ready.
  let starting: Worker | null = null;
  const ready = new Promise<void>((resolve) => {
    const giveUp = (why: string) => {
      onMainThread(why);
      resolve();
    };
    try {
      const module = createRequire(import.meta.url).resolve('better-sqlite3');
      const started = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, path: deps.path, nativeBinding: deps.nativeBinding } });
      starting = started;
      started.on('message', (message: { ready?: true; ok?: PassResult; error?: string }) => {
        if (message.ready) {
          starting = null;
          if (stopped) {
            started.postMessage('close');
            return resolve();
          }
          worker = started;
          started.unref();
          if (db.open) db.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT}`);
          return resolve();
        }
        if (message.error) reportFailure(message.error);
        else if (failing) {
          failing = false;
          logger.info('WAL checkpoints work again');
        }
        passed(message.ok ?? { busy: 1, log: 0, checkpointed: 0 });
      });
      started.on('error', (error) => {
        if (starting === started) {
          starting = null;
          return giveUp(error.message);
        }
        fallBack(error.message);
      });
      started.on('exit', (code) => {
        if (starting === started) {
          starting = null;
          return stopped ? resolve() : giveUp(`the checkpoint worker exited with ${code}`);
        }
        if (!stopped) fallBack(`the checkpoint worker exited with ${code}`);
      });
    } catch (error) {
      giveUp(error instanceof Error ? error.message : String(error));
    }
  });

  return {
    ready,
    get offThread() {
      return worker !== null;
    },
    nudge() {
      if (!worker || stopped) return;
      if (running) again = true;
      else run();
    },
    settle() {
      if (!worker) return Promise.resolve();
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        if (running) again = true;
        else run();
      });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      const current = worker ?? starting;
      worker = null;
      if (current) {
        current.ref();
        const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
        current.postMessage('close');
        // A pass stuck on a stalled disk must not hold up the node's stop: the main connection closes regardless.
        const timer = setTimeout(() => void current.terminate(), STOP_WAIT_MS);
        await exited;
        clearTimeout(timer);
      }
      wakeWaiters();
      if (db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
    },
  };
}
