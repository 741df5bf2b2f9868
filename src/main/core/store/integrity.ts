import type { Db } from './database';

/**
 * `PRAGMA quick_check`: every page, record and index entry is read and checked for structure (not the slower
 * index-to-table cross-check of `integrity_check`), so a file with damaged pages is caught before anything is
 * written to it. Returns what SQLite found, at most `limit` lines; empty means healthy.
 */
export function quickCheck(db: Db, limit = 5): string[] {
  const rows = db.pragma(`quick_check(${limit})`) as { quick_check: string }[];
  const lines = rows.map((row) => row.quick_check);
  return lines.length === 1 && lines[0] === 'ok' ? [] : lines;
}

/** SQLite's own words for a file that is not a healthy database (error codes of better-sqlite3's SqliteError). */
export function isDatabaseDamage(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

export class DatabaseDamagedError extends Error {
  readonly path: string;
  readonly detail: string;

  constructor(path: string, detail: string, recovery = '') {
    super(`The database ${path} is damaged (${detail}). The node was not started and the file was not changed.${recovery ? ` ${recovery}` : ''}`);
    this.name = 'DatabaseDamagedError';
    this.path = path;
    this.detail = detail;
  }
}
