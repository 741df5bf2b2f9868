import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/main/core/logger';
import { silentLogger } from '../../src/main/core/logger';
import { closeDatabase, openDatabase, type Db } from '../../src/main/core/store/database';
import { startWalCheckpointer } from '../../src/main/core/store/wal-checkpointer';
import { addSecurePeer, postSecure } from '../helpers/secure-peer';
import { useTempDirs } from '../helpers/temp-dir';
import { useTestNodes } from '../helpers/test-node';

const PAGE = 4096;

function table(db: Db) {
  db.exec('CREATE TABLE IF NOT EXISTS bulk (id INTEGER PRIMARY KEY, data BLOB NOT NULL)');
  const insert = db.prepare('INSERT INTO bulk (data) VALUES (randomblob(?))');
  // One commit of about `pages` pages of WAL.
  return (pages: number) => db.transaction(() => {
    for (let i = 0; i < pages; i++) insert.run(PAGE - 200);
  })();
}

const recordingLogger = (): Logger & { warnings: string[] } => {
  const warnings: string[] = [];
  return { ...silentLogger, warnings, warn: (message: string, fields?: Record<string, unknown>) => void warnings.push(`${message} ${JSON.stringify(fields ?? {})}`) };
};

describe('WAL checkpoints on a worker thread', () => {
  const tempDir = useTempDirs();

  it('copies committed pages into the database file from the worker, not in the writer\'s commit', async () => {
    const path = join(tempDir(), 'switchboard.db');
    const db = openDatabase(path);
    const checkpointer = startWalCheckpointer({ db, path, logger: silentLogger });
    await checkpointer.ready;
    expect(checkpointer.offThread).toBe(true);
    // SQLite's own checkpoint (at 1,000 pages by default) would have copied these inside the commit.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBeGreaterThan(1000);
    const write = table(db);
    write(1500);
    const before = statSync(path).size;
    expect(before).toBeLessThan(1500 * PAGE);
    checkpointer.nudge();
    await checkpointer.settle();
    expect(statSync(path).size).toBeGreaterThan(1500 * PAGE);
    expect(db.prepare('SELECT count(*) AS n FROM bulk').get()).toEqual({ n: 1500 });
    await checkpointer.stop();
    closeDatabase(db);
    // The main connection closed last: the WAL was folded in and removed, as without the worker.
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('keeps the WAL bounded while a writer never stops (the main connection checkpoints the tail to rewind it)', async () => {
    const path = join(tempDir(), 'switchboard.db');
    const db = openDatabase(path);
    const checkpointer = startWalCheckpointer({ db, path, logger: silentLogger, rewindAtPages: 200 });
    await checkpointer.ready;
    const write = table(db);
    // 6,000 pages (~24 MB) in commits of 50, each followed by a turn of the event loop as the group commit does.
    for (let i = 0; i < 120; i++) {
      write(50);
      checkpointer.nudge();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await checkpointer.settle();
    const walPages = statSync(`${path}-wal`).size / PAGE;
    // Without rewinding, the WAL would hold all 6,000 pages.
    expect(walPages).toBeLessThan(2000);
    expect(db.prepare('SELECT count(*) AS n FROM bulk').get()).toEqual({ n: 6000 });
    await checkpointer.stop();
    closeDatabase(db);
  });

  it('falls back to SQLite\'s own checkpoints, and says so, when the worker cannot open the database', async () => {
    const path = join(tempDir(), 'switchboard.db');
    const db = openDatabase(path);
    db.pragma('wal_autocheckpoint = 0');
    const logger = recordingLogger();
    const checkpointer = startWalCheckpointer({ db, path, nativeBinding: join(tempDir(), 'missing.node'), logger });
    await checkpointer.ready;
    expect(checkpointer.offThread).toBe(false);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(logger.warnings.join('\n')).toMatch(/WAL checkpoints run on the main thread/);
    checkpointer.nudge();
    await checkpointer.settle();
    await checkpointer.stop();
    const write = table(db);
    write(10);
    closeDatabase(db);
  });

  it('lets a process exit while idle, and stop() is safe twice and with a pass queued', async () => {
    const path = join(tempDir(), 'switchboard.db');
    const db = openDatabase(path);
    const checkpointer = startWalCheckpointer({ db, path, logger: silentLogger });
    await checkpointer.ready;
    table(db)(100);
    checkpointer.nudge();
    checkpointer.nudge();
    await Promise.all([checkpointer.stop(), checkpointer.stop()]);
    expect(checkpointer.offThread).toBe(false);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    checkpointer.nudge();
    await checkpointer.settle();
    closeDatabase(db);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('starts without holding up the caller, and stops cleanly before the worker is even ready', async () => {
    const path = join(tempDir(), 'switchboard.db');
    const db = openDatabase(path);
    const checkpointer = startWalCheckpointer({ db, path, logger: silentLogger });
    // Until the worker is ready, SQLite's own checkpoints stay on.
    expect(checkpointer.offThread).toBe(false);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    checkpointer.nudge();
    await checkpointer.stop();
    await checkpointer.ready;
    expect(checkpointer.offThread).toBe(false);
    closeDatabase(db);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  describe('in a node', () => {
    const nodes = useTestNodes();

    it('keeps what a peer sent across a stop, folds the WAL in at close, and logs no fallback', async () => {
      const logger = recordingLogger();
      const dataDir = nodes.tempDir();
      const node = await nodes.start({ dataDir }, { logger });
      const { inboundSecret } = await addSecurePeer(node, { name: 'alpha' });
      const sent = await Promise.all(
        Array.from({ length: 40 }, (_, i) => postSecure(node, '/', { schema_version: '2.4', trace_id: `wal-${i}`, sender: 'alpha', message: `message ${i} ${'x'.repeat(3000)}` }, inboundSecret)),
      );
      expect(sent.every((answer) => answer.status === 200)).toBe(true);
      await node.close();
      expect(logger.warnings.filter((line) => line.includes('WAL'))).toEqual([]);
      const files = readdirSync(dataDir);
      expect(files.filter((name) => name.endsWith('-wal'))).toEqual([]);
      const again = await nodes.start({ dataDir });
      const listed = (await again.api.call('messages.list', { direction: 'in', limit: 100 })) as { messages: { traceId: string }[] };
      expect(listed.messages.map((m) => m.traceId).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `wal-${i}`).sort());
    });
  });
});
