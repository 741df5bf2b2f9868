import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseTooNewError, MigrationMismatchError, openDatabase } from '../../src/main/core/store/database';
import { migrations, type Migration } from '../../src/main/core/store/migrations/index';
import { useTempDirs } from '../helpers/temp-dir';

const latest = Math.max(...migrations.map((m) => m.version));
const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('the node database', () => {
  const tempDir = useTempDirs();

  it('opens with WAL, synchronous=NORMAL and foreign keys, and records every migration', () => {
    const path = join(tempDir(), 'switchboard.db');
    const db = openDatabase(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    const recorded = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(recorded).toEqual(migrations.map((m) => ({ version: m.version, name: m.name })));
    db.close();
  });

  it('applies each migration once across restarts', () => {
    const path = join(tempDir(), 'switchboard.db');
    openDatabase(path).close();
    const db = openDatabase(path);
    expect(db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: migrations.length });
    db.close();
  });

  it('refuses a database written by a newer version and leaves its bytes untouched', () => {
    const path = join(tempDir(), 'switchboard.db');
    const future = new Database(path);
    future.exec('CREATE TABLE from_the_future (x INTEGER)');
    future.pragma(`user_version = ${latest + 5}`);
    future.close();
    const before = digest(path);

    expect(() => openDatabase(path)).toThrowError(DatabaseTooNewError);
    expect(() => openDatabase(path)).toThrowError(/newer Switchboard.*schema version \d+.*not modified/s);
    expect(digest(path)).toBe(before);
  });

  it('refuses to run when an applied migration was edited afterwards', () => {
    const path = join(tempDir(), 'switchboard.db');
    const first: Migration = { version: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER);' };
    openDatabase(path, { migrations: [first] }).close();
    const edited: Migration = { ...first, sql: 'CREATE TABLE a (x INTEGER, y INTEGER);' };
    expect(() => openDatabase(path, { migrations: [edited] })).toThrowError(MigrationMismatchError);
  });

  it('rolls back a migration that fails halfway, recording nothing', () => {
    const path = join(tempDir(), 'switchboard.db');
    const good: Migration = { version: 1, name: 'good', sql: 'CREATE TABLE a (x INTEGER);' };
    const bad: Migration = { version: 2, name: 'bad', sql: 'CREATE TABLE b (x INTEGER); INSERT INTO missing VALUES (1);' };
    expect(() => openDatabase(path, { migrations: [good, bad] })).toThrowError(/no such table: missing/);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
    db.close();
  });
});
