import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEventBus } from '../../src/main/core/event-bus';
import { silentLogger } from '../../src/main/core/logger';
import { createUnitOfWork } from '../../src/main/core/store/unit-of-work';
import { createWriteBatcher } from '../../src/main/core/store/write-batcher';
import { useTempDirs } from '../helpers/temp-dir';

describe('group commit', () => {
  const tempDir = useTempDirs();

  function db() {
    const handle = new Database(join(tempDir(), 'batch.db'));
    handle.pragma('journal_mode = WAL');
    handle.pragma('foreign_keys = ON');
    handle.exec('CREATE TABLE t (x INTEGER UNIQUE)');
    // A reference checked only at COMMIT: a batch that breaks it fails as a whole, after every piece ran.
    handle.exec('CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)');
    return handle;
  }

  function batcherFor(handle: Database.Database) {
    const bus = createEventBus();
    const uow = createUnitOfWork({ db: handle, bus, logger: silentLogger });
    return { batcher: createWriteBatcher(uow), uow, bus };
  }

  it('commits writes queued together in one transaction and resolves each with its result', async () => {
    const handle = db();
    // data_version, seen from another connection, moves once per commit made by others.
    const observer = new Database(handle.name, { readonly: true });
    const version = () => observer.pragma('data_version', { simple: true }) as number;
    const before = version();
    const { batcher } = batcherFor(handle);
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
    const { batcher } = batcherFor(handle);
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
    const { batcher } = batcherFor(handle);
    const pending = batcher.run(() => handle.prepare('INSERT INTO t (x) VALUES (42)').run());
    expect(reader.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 0 });
    await pending;
    expect(reader.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 1 });
    reader.close();
    handle.close();
  });

  it('acknowledges nothing when the commit itself fails: every write of the batch rejects, none is stored, no event goes out', async () => {
    const handle = db();
    const { batcher, uow, bus } = batcherFor(handle);
    const heard: string[] = [];
    bus.on('keys.changed', () => heard.push('keys.changed'));
    const write = (sql: string) => () => {
      handle.prepare(sql).run();
      uow.events.emit('keys.changed', {});
    };
    const outcomes = await Promise.allSettled([
      batcher.run(write('INSERT INTO t (x) VALUES (1)')),
      // Each piece succeeds on its own; the orphan is found only at COMMIT, so the whole batch fails.
      batcher.run(write('INSERT INTO child (parent_id) VALUES (99)')),
      batcher.run(write('INSERT INTO t (x) VALUES (2)')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect((outcomes[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
    expect(handle.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 0 });
    expect(handle.inTransaction).toBe(false);
    expect(heard).toEqual([]);
    // The batcher goes on: the next write commits, and its event follows the commit.
    await batcher.run(write('INSERT INTO t (x) VALUES (3)'));
    expect(handle.prepare('SELECT x FROM t').all()).toEqual([{ x: 3 }]);
    expect(heard).toEqual(['keys.changed']);
    handle.close();
  });
});
