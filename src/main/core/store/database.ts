import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { DatabaseDamagedError, isDatabaseDamage, quickCheck } from './integrity';
import { migrations as defaultMigrations, type Migration } from './migrations/index';

export type Db = Database.Database;

export class DatabaseTooNewError extends Error {
  constructor(path: string, found: number, known: number) {
    super(
      `The database ${path} was written by a newer Switchboard (schema version ${found}; this version knows up to ` +
        `${known}). It was not modified. Install the newer Switchboard, or use another --data-dir.`,
    );
    this.name = 'DatabaseTooNewError';
  }
}

export class MigrationMismatchError extends Error {
  constructor(path: string, migration: Migration) {
    super(
      `The database ${path} recorded migration ${migration.version} (${migration.name}) with different contents than ` +
        'this build ships. Refusing to continue; restore the matching Switchboard version.',
    );
    this.name = 'MigrationMismatchError';
  }
}

export function migrationChecksum(migration: Migration): string {
  return createHash('sha256').update(migration.sql.trim()).digest('hex');
}

/**
 * Opens (or creates) the node's database: WAL for concurrent readers, synchronous=NORMAL (durable across
 * process crashes, the trade-off SQLite documents for WAL), foreign keys on, then applies pending migrations.
 * A database from a newer version is detected from a read-only handle first, so it is never touched; an
 * existing file must pass `quick_check` before a migration writes to it (DatabaseDamagedError otherwise).
 */
/**
 * `nativeBinding`: the better-sqlite3 addon to load instead of the one in node_modules — the desktop app under
 * `npm start` runs Electron, whose ABI differs from Node's, so it loads a copy built for Electron.
 */
export function openDatabase(path: string, options: { migrations?: readonly Migration[]; nativeBinding?: string; quickCheck?: boolean } = {}): Db {
  const list = options.migrations ?? defaultMigrations;
  const binding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  const known = list.reduce((max, m) => Math.max(max, m.version), 0);
  const existing = existsSync(path);
  if (existing) {
    let probe: Db | null = null;
    try {
      probe = new Database(path, { readonly: true, fileMustExist: true, ...binding });
      const found = probe.pragma('user_version', { simple: true }) as number;
      if (found > known) throw new DatabaseTooNewError(path, found, known);
    } catch (error) {
      throw damageOr(error, path);
    } finally {
      probe?.close();
    }
  }
  const db = new Database(path, binding);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Checked before a migration writes to it: a damaged file is left exactly as it was found.
    if (existing && options.quickCheck !== false) {
      const problems = quickCheck(db);
      if (problems.length > 0) throw new DatabaseDamagedError(path, `quick_check: ${problems.join('; ').slice(0, 300)}`);
    }
    migrate(db, path, list);
    // Planner statistics for the composite indexes (which filter's index to walk), as SQLite advises for a
    // long-lived connection: every table checked, each ANALYZE bounded to a sample so a big file opens quickly.
    db.pragma('analysis_limit = 400');
    db.pragma('optimize = 0x10002');
  } catch (error) {
    db.close();
    throw damageOr(error, path);
  }
  return db;
}

/** SQLite's corruption errors, wherever they surface while opening, become one DatabaseDamagedError. */
function damageOr(error: unknown, path: string): unknown {
  if (error instanceof DatabaseDamagedError || !isDatabaseDamage(error)) return error;
  return new DatabaseDamagedError(path, `${(error as { code: string }).code}: ${error instanceof Error ? error.message : String(error)}`);
}

/** Closes the database after refreshing what the planner learned this session (SQLite's advice: optimize at close). */
export function closeDatabase(db: Db): void {
  if (!db.open) return;
  try {
    db.pragma('optimize');
  } finally {
    db.close();
  }
}

function migrate(db: Db, path: string, list: readonly Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const applied = new Map(
    (db.prepare('SELECT version, checksum FROM schema_migrations').all() as { version: number; checksum: string }[]).map(
      (row) => [row.version, row.checksum],
    ),
  );
  const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  for (const migration of [...list].sort((a, b) => a.version - b.version)) {
    const checksum = migrationChecksum(migration);
    const recorded = applied.get(migration.version);
    if (recorded !== undefined) {
      if (recorded !== checksum) throw new MigrationMismatchError(path, migration);
      continue;
    }
    // PRAGMA foreign_keys is ignored inside a transaction, so it is switched around it.
    const enforced = db.pragma('foreign_keys', { simple: true }) === 1;
    if (migration.foreignKeysOff && enforced) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        if (migration.foreignKeysOff) {
          const broken = db.pragma('foreign_key_check') as { table: string }[];
          if (broken.length > 0) throw new Error(`Migration ${migration.version} (${migration.name}) would leave ${broken.length} broken reference(s), first in ${broken[0]!.table}; nothing was changed.`);
        }
        record.run(migration.version, migration.name, checksum, new Date().toISOString());
        db.pragma(`user_version = ${migration.version}`);
      })();
    } finally {
      if (migration.foreignKeysOff && enforced) db.pragma('foreign_keys = ON');
    }
  }
}
