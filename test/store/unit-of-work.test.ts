import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEventBus } from '../../src/main/core/event-bus';
import { silentLogger } from '../../src/main/core/logger';
import { createUnitOfWork } from '../../src/main/core/store/unit-of-work';
import { useTempDirs } from '../helpers/temp-dir';

describe('the unit of work', () => {
  const tempDir = useTempDirs();

  function setup() {
    const db = new Database(join(tempDir(), 'uow.db'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x INTEGER UNIQUE)');
    const reader = new Database(db.name, { readonly: true });
    const bus = createEventBus();
    const faults: string[] = [];
    const uow = createUnitOfWork({ db, bus, logger: silentLogger, faultPoint: (label, when) => faults.push(`${label}:${when}`) });
    // What a listener on another connection can see when the event reaches it.
    const heard: { event: string; visible: number }[] = [];
    bus.onAny((event) => heard.push({ event, visible: (reader.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n }));
    const insert = (x: number) => db.prepare('INSERT INTO t (x) VALUES (?)').run(x);
    return { db, uow, heard, faults, insert };
  }

  it('publishes events only after the commit, when the rows are visible to everyone', () => {
    const { uow, heard, faults, insert } = setup();
    uow.run('two-rows', () => {
      insert(1);
      uow.events.emit('keys.changed', {});
      insert(2);
      uow.events.emit('peers.changed', { peerId: null });
      expect(heard).toEqual([]);
    });
    expect(heard).toEqual([
      { event: 'keys.changed', visible: 2 },
      { event: 'peers.changed', visible: 2 },
    ]);
    expect(faults).toEqual(['two-rows:before-commit', 'two-rows:after-commit']);
  });

  it('drops the events and after-commit work of a unit that rolls back', () => {
    const { db, uow, heard, insert } = setup();
    let woke = false;
    expect(() =>
      uow.run('fails', () => {
        insert(1);
        uow.events.emit('keys.changed', {});
        uow.afterCommit(() => (woke = true));
        insert(1);
      }),
    ).toThrow(/UNIQUE/);
    expect(heard).toEqual([]);
    expect(woke).toBe(false);
    expect(db.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 0 });
  });

  it('undoes a nested unit that throws — its rows and its events — and commits the rest', () => {
    const { db, uow, heard, insert } = setup();
    uow.run('outer', () => {
      insert(1);
      uow.events.emit('keys.changed', {});
      try {
        uow.run('inner', () => {
          insert(2);
          uow.events.emit('peers.changed', { peerId: 'gone' });
          throw new Error('inner fails');
        });
      } catch {
        // The outer change goes on without the inner one.
      }
      uow.run('inner-ok', () => {
        insert(3);
        uow.events.emit('delivery.changed', { peerId: null });
      });
    });
    expect(db.prepare('SELECT x FROM t ORDER BY x').all()).toEqual([{ x: 1 }, { x: 3 }]);
    expect(heard.map((h) => h.event)).toEqual(['keys.changed', 'delivery.changed']);
  });

  it('emits at once outside a unit, and refuses to start inside a transaction it does not own', () => {
    const { db, uow, heard } = setup();
    uow.events.emit('keys.changed', {});
    expect(heard).toHaveLength(1);
    let woke = false;
    uow.afterCommit(() => (woke = true));
    expect(woke).toBe(true);
    expect(() => db.transaction(() => uow.run('inside', () => 1))()).toThrow(/inside a transaction it does not own/);
  });
});
