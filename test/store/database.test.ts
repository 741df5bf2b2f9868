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

  it('opens protocols to the registry once: peers and messages are rebuilt without the CHECK, every row and reference kept', () => {
    const path = join(tempDir(), 'switchboard.db');
    const before = openDatabase(path, { migrations: migrations.filter((m) => m.version <= 6) });
    before.exec(`
      INSERT INTO peers (id, name, protocol, base_url, created_at, updated_at, gateway_policy) VALUES ('p1', 'alice', 'secure', 'http://a', 't', 't', 'forward'), ('p2', 'bob', 'a2a', 'http://b', 't', 't', 'ask');
      INSERT INTO peer_credentials (peer_id, kind, sealed, updated_at) VALUES ('p1', 'aes_key', x'00', 't');
      INSERT INTO messages (id, direction, protocol, trace_id, content, status, created_at, peer_id, peer_name, wake) VALUES (1, 'in', 'secure', 'tr-1', 'hi', 'received', 't', 'p1', 'alice', 1), (2, 'out', 'a2a', 'tr-2', 'yo', 'queued', 't', 'p2', 'bob', 0);
      INSERT INTO outbox (message_id, peer_id, state, max_attempts, next_attempt_at, request, updated_at) VALUES (2, 'p2', 'queued', 3, 0, '{}', 't');
      INSERT INTO a2a_keys (label, peer_id, digest, hint, created_at) VALUES ('k', 'p2', x'01', 'h', 't');
    `);
    expect(() => before.prepare("INSERT INTO peers (id, name, protocol, base_url, created_at, updated_at) VALUES ('p3', 'carol', 'relay', '', 't', 't')").run()).toThrow(/CHECK/);
    const rowsBefore = { peers: before.prepare('SELECT * FROM peers ORDER BY id').all(), messages: before.prepare('SELECT * FROM messages ORDER BY id').all() };
    before.close();

    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    expect(db.prepare('SELECT * FROM peers ORDER BY id').all()).toEqual(rowsBefore.peers);
    // Later migrations add columns (null for old rows); every value that was there is kept.
    expect(db.prepare('SELECT * FROM messages ORDER BY id').all()).toEqual(rowsBefore.messages.map((row) => ({ ...(row as object), parts: null, status_text: null, task_state: null, attachments: null })));
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // A protocol the registry adds later is stored as is; references still cascade; the counters still count.
    db.prepare("INSERT INTO peers (id, name, protocol, base_url, created_at, updated_at) VALUES ('p3', 'carol', 'relay', '', 't', 't')").run();
    db.prepare("INSERT INTO messages (direction, protocol, trace_id, content, status, created_at, peer_id) VALUES ('in', 'relay', 'tr-3', 'x', 'received', 't', 'p3')").run();
    expect(db.prepare("SELECT value FROM counters WHERE name = 'messages.in'").get()).toEqual({ value: 2 });
    db.prepare("DELETE FROM peers WHERE id = 'p1'").run();
    expect(db.prepare("SELECT COUNT(*) AS n FROM peer_credentials WHERE peer_id = 'p1'").get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT peer_id FROM messages WHERE id = 1').get()).toEqual({ peer_id: null });
    db.prepare("DELETE FROM messages WHERE id = 2").run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM outbox').get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'messages' ORDER BY name").all()).toEqual([
      { name: 'messages_counted_delete' },
      { name: 'messages_counted_insert' },
      { name: 'messages_counted_wake' },
      // The search index's (migration 016).
      { name: 'messages_fts_delete' },
      { name: 'messages_fts_insert' },
      { name: 'messages_fts_update' },
    ]);
    db.close();
  });

  it('refuses a table rebuild that would break a reference, and changes nothing', () => {
    const path = join(tempDir(), 'switchboard.db');
    const base: Migration = { version: 1, name: 'base', sql: 'CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (p_id INTEGER REFERENCES p (id)); INSERT INTO p VALUES (1); INSERT INTO c VALUES (1);' };
    openDatabase(path, { migrations: [base] }).close();
    const losing: Migration = { version: 2, name: 'losing', foreignKeysOff: true, sql: 'CREATE TABLE p2 (id INTEGER PRIMARY KEY); DROP TABLE p; ALTER TABLE p2 RENAME TO p;' };
    expect(() => openDatabase(path, { migrations: [base, losing] })).toThrowError(/would leave 1 broken reference/);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare('SELECT COUNT(*) AS n FROM p').get()).toEqual({ n: 1 });
    db.close();
  });
});
