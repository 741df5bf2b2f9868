import Database from 'better-sqlite3';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { dataDirFiles, ensurePrivateFile } from './data-dir';

export class DataDirLockedError extends Error {
  readonly lockPath: string;

  constructor(lockPath: string, owner: LockOwner | null) {
    const who = owner ? ` (pid ${owner.pid}, started ${owner.startedAt})` : '';
    super(
      `Another Switchboard node${who} is using this data dir: the lock ${lockPath} is held. ` +
        'Stop that node first, or start this one with a different --data-dir.',
    );
    this.name = 'DataDirLockedError';
    this.lockPath = lockPath;
  }
}

interface LockOwner {
  pid: number;
  startedAt: string;
}

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

/**
 * An exclusive lock on the data dir that the operating system drops when the holder dies, so a node killed
 * with SIGKILL never blocks the next start (a pid file would, and pids get reused). SQLite's exclusive
 * locking mode keeps the OS file lock (fcntl on POSIX, LockFileEx on Windows) for as long as the connection
 * lives; another process, or another connection in this process, gets SQLITE_BUSY at once.
 */
export function acquireDataDirLock(dataDir: string, now: () => Date = () => new Date()): DataDirLock {
  const path = join(dataDir, dataDirFiles.lock);
  const ownerPath = join(dataDir, dataDirFiles.lockOwner);
  ensurePrivateFile(path);
  const db = new Database(path, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, started_at TEXT NOT NULL)');
    db.exec('DELETE FROM holder');
    const owner: LockOwner = { pid: process.pid, startedAt: now().toISOString() };
    db.prepare('INSERT INTO holder (pid, started_at) VALUES (?, ?)').run(owner.pid, owner.startedAt);
    db.exec('COMMIT');
    // The holder row cannot be read by a blocked process (the file is locked), so the owner is mirrored to
    // a plain file purely for the error message.
    writeFileSync(ownerPath, JSON.stringify(owner), { mode: 0o600 });
  } catch (error) {
    db.close();
    if (isBusy(error)) throw new DataDirLockedError(path, readOwner(ownerPath));
    throw error;
  }
  let released = false;
  return {
    path,
    release() {
      if (released) return;
      released = true;
      rmSync(ownerPath, { force: true });
      db.close();
    },
  };
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

function readOwner(ownerPath: string): LockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(ownerPath, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number' && typeof parsed.startedAt === 'string') return { pid: parsed.pid, startedAt: parsed.startedAt };
  } catch {
    // Missing or half-written: the message simply omits the owner.
  }
  return null;
}
