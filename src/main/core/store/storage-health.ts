import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { Db } from './database';

/** SQLITE_FULL ("database or disk is full"), or the file system's own ENOSPC / EDQUOT surfacing through an I/O error. */
export function isStorageFull(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return true;
  return typeof code === 'string' && code.startsWith('SQLITE_IOERR') && /disk is full|no space/i.test(error instanceof Error ? error.message : '');
}

const PROBE_KEY = 'storage.probe';
/** Larger than a page, so the probe needs free pages (and WAL space) as a new message would, not an in-place update. */
const PROBE_BYTES = 16 * 1024;
const DEFAULT_PROBE_MS = 5_000;

export interface StorageHealth {
  full(): boolean;
  since(): string | null;
  /** Says whether `error` means the disk is full; if so the node is marked full (and starts probing for space). */
  noteError(error: unknown): boolean;
  /** Tries a real write now: true when there is no room (the node is marked full), false when it went through. */
  check(): boolean;
  stop(): void;
}

/**
 * Knows whether the database can take writes. A write that fails for lack of space marks the node full; while
 * full, a probe write (a row larger than a page, committed and deleted) is tried every few seconds, and the first
 * that succeeds marks it writable again, so the node recovers by itself once space returns. The probe is the
 * judge, not the next small write: an in-place update can succeed on a full disk while a new message cannot.
 */
export function createStorageHealth(deps: { db: Db; clock: Clock; logger: Logger; probeMs?: number | undefined; onChange: () => void }): StorageHealth {
  let fullSince: number | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  let stopped = false;
  const upsert = deps.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const remove = deps.db.prepare('DELETE FROM settings WHERE key = ?');
  const probeWrite = deps.db.transaction(() => {
    upsert.run(PROBE_KEY, JSON.stringify(randomBytes(PROBE_BYTES / 2).toString('hex')));
    remove.run(PROBE_KEY);
  });

  const markFull = () => {
    if (fullSince !== null || stopped) return;
    fullSince = deps.clock.now();
    deps.logger.warn('the disk is full: messages are refused with 503 and Retry-After until space returns');
    timer = setInterval(() => {
      if (tryWrite()) markWritable();
    }, deps.probeMs ?? DEFAULT_PROBE_MS);
    timer.unref();
    deps.onChange();
  };
  const markWritable = () => {
    if (fullSince === null) return;
    const since = fullSince;
    fullSince = null;
    if (timer) clearInterval(timer);
    timer = null;
    deps.logger.info('space is back: receiving messages again', { fullForSeconds: Math.round((deps.clock.now() - since) / 1000) });
    deps.onChange();
  };
  /** True when the probe went through. */
  const tryWrite = (): boolean => {
    // Inside a transaction a probe would be part of someone else's work; better-sqlite3 runs none across awaits.
    if (deps.db.inTransaction || !deps.db.open) return false;
    try {
      probeWrite();
      return true;
    } catch (error) {
      if (!isStorageFull(error)) deps.logger.warn('storage probe failed', { error: error instanceof Error ? error.message : String(error) });
      return false;
    }
  };

  return {
    full: () => fullSince !== null,
    since: () => (fullSince === null ? null : new Date(fullSince).toISOString()),
    noteError(error) {
      if (!isStorageFull(error)) return false;
      markFull();
      return true;
    },
    check() {
      if (deps.db.inTransaction || !deps.db.open) return fullSince !== null;
      try {
        probeWrite();
        markWritable();
        return false;
      } catch (error) {
        if (!isStorageFull(error)) return fullSince !== null;
        markFull();
        return true;
      }
    },
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
