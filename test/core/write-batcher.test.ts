import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWriteBatcher } from '../../src/main/core/store/write-batcher';
import { useTempDirs } from '../helpers/temp-dir';

describe('group commit', () => {
  const tempDir = useTempDirs();

  function db() {
    const handle = new Database(join(tempDir(), 'batch.db'));
    handle.pragma('journal_mode = WAL');
    handle.exec('CREATE TABLE t (x INTEGER UNIQUE)');
    return handle;
  }

  it('commits writes queued together in one transaction and resolves each with its result', async () => {
    const handle = db();
    // data_version, seen from another connection, moves once per commit made by others.
    const observer = new Database(handle.name, { readonly: true });
    const version = () => observer.pragma('data_version', { simple: true }) as number;
    const before = version();
    const batcher = createWriteBatcher(handle);
    const results = await Promise.all([1, 2, 3].map((x) => batcher.run(() => handle.prepare('INSERT INTO t (x) VALUES (?)').run(x).lastInsertRowid)));
    expect(results.map(Number)).toEqual([1, 2, 3]);
    expect(handle.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 3 });
    expect(version() - before).toBe(1);
    await batcher.run(() => handle.prepare('INSERT INTO t (x) VALUES (4)').run());
    expect(version() - before).toBe(2);
    observer.close();
    handle.close();
  });

  it('rolls back and rejects only the write that failed', async () => {
    const handle = db();
    const batcher = createWriteBatcher(handle);
    const outcomes = await Promise.allSettled([
      batcher.run(() => handle.prepare('INSERT INTO t (x) VALUES (1)').run()),
      batcher.run(() => {
        handle.prepare('INSERT INTO t (x) VALUES (2)').run();
        handle.prepare('INSERT INTO t (x) VALUES (1)').run(); // violates UNIQUE: this whole write rolls back
      }),
      batcher.run(() => handle.prepare('INSERT INTO t (x) VALUES (3)').run()),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(handle.prepare('SELECT x FROM t ORDER BY x').all()).toEqual([{ x: 1 }, { x: 3 }]);
    handle.close();
  });

  it('answers nobody before the commit: a reader sees the row once the promise resolves', async () => {
    const handle = db();
    const reader = new Database(handle.name, { readonly: true });
    const batcher = createWriteBatcher(handle);
    const pending = batcher.run(() => handle.prepare('INSERT INTO t (x) VALUES (42)').run());
    expect(reader.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 0 });
    await pending;
    expect(reader.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 1 });
    reader.close();
    handle.close();
  });
});
