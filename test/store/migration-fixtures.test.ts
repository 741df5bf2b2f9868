import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/main/core/store/database';
import { migrations } from '../../src/main/core/store/migrations/index';
import { useTempDirs } from '../helpers/temp-dir';

interface Column {
  name: string;
  type: string;
  notnull: number;
  pk: number;
  hidden: number;
}
interface ForeignKey {
  table: string;
  from: string;
  to: string | null;
}
type Row = Record<string, string | number | Buffer | null>;

/** The ordinary tables of a schema (no SQLite internals, no virtual tables or their shadow tables). */
function tablesOf(db: Db): { name: string; sql: string }[] {
  const all = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'").all() as { name: string; sql: string }[];
  const virtual = all.filter((table) => /^CREATE VIRTUAL/i.test(table.sql)).map((table) => table.name);
  return all.filter((table) => !virtual.includes(table.name) && !virtual.some((name) => table.name.startsWith(`${name}_`)));
}

/** A value the column's declaration accepts: one of the choices of a `CHECK (col IN (…))`, else one of its type. */
function valueFor(table: { name: string; sql: string }, column: Column, variant: number): string | number | Buffer {
  const choices = new RegExp(`\\b${column.name}\\b[^,]*?CHECK\\s*\\(\\s*${column.name}\\s+IN\\s*\\(([^)]*)\\)`, 'i').exec(table.sql);
  if (choices) {
    const allowed = choices[1]!.split(',').map((choice) => choice.trim().replace(/^'|'$/g, ''));
    return allowed[(variant - 1) % allowed.length]!;
  }
  const type = column.type.toUpperCase();
  if (type.includes('INT')) return variant;
  if (type.includes('REAL')) return variant + 0.5;
  if (type.includes('BLOB')) return Buffer.from([variant, 0xff, 0x00]);
  return `${table.name}.${column.name}.${variant}`;
}

/**
 * Representative rows for every table of a schema version, generated from the schema itself: two rows per table,
 * every column filled (the first allowed value of a CHECK, a referenced row's key for a foreign key), parents
 * before children. Generated here, from the migration list, rather than committed as binary fixtures.
 */
function fillEveryTable(db: Db): Map<string, Row[]> {
  const tables = tablesOf(db);
  const inserted = new Map<string, Row[]>();
  const pending = [...tables];
  for (let pass = 0; pending.length > 0 && pass < tables.length + 1; pass++) {
    for (const table of [...pending]) {
      const keys = db.pragma(`foreign_key_list("${table.name}")`) as ForeignKey[];
      const parents = keys.map((key) => key.table).filter((parent) => parent !== table.name);
      if (parents.some((parent) => !inserted.has(parent) && tables.some((t) => t.name === parent))) continue;
      const columns = (db.pragma(`table_xinfo("${table.name}")`) as Column[]).filter((column) => column.hidden === 0);
      const rows: Row[] = [];
      for (const variant of [1, 2]) {
        const row: Row = {};
        for (const column of columns) {
          const key = keys.find((fk) => fk.from === column.name);
          if (key && key.table === table.name) row[column.name] = null;
          else if (key) {
            const parentRows = inserted.get(key.table);
            const to = key.to ?? (db.pragma(`table_info("${key.table}")`) as Column[]).find((c) => c.pk > 0)!.name;
            row[column.name] = parentRows ? parentRows[variant - 1]![to]! : null;
          } else row[column.name] = valueFor(table, column, variant);
        }
        const names = Object.keys(row);
        db.prepare(`INSERT INTO "${table.name}" (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(...names.map((n) => row[n]));
        rows.push(row);
      }
      inserted.set(table.name, rows);
      pending.splice(pending.indexOf(table), 1);
    }
  }
  expect(pending.map((table) => table.name)).toEqual([]);
  return inserted;
}

describe('upgrades from every earlier schema version', () => {
  const tempDir = useTempDirs();
  const latest = Math.max(...migrations.map((m) => m.version));

  it.each(migrations.filter((m) => m.version < latest).map((m) => [m.version, m.name] as const))(
    'a database made at version %i (%s), with rows in every table, migrates to the latest without losing a row or a value',
    (version) => {
      // Given a database made by the migrations up to `version`, with representative rows,
      const path = join(tempDir(), 'fixture.db');
      const old = openDatabase(path, { migrations: migrations.filter((m) => m.version <= version) });
      const rows = fillEveryTable(old);
      old.close();

      // when today's build opens it,
      const db = openDatabase(path);
      try {
        expect(db.pragma('user_version', { simple: true })).toBe(latest);
        expect(db.pragma('foreign_key_check')).toEqual([]);
        // then every row is still there, with every value of every column that still exists.
        const now = new Map(tablesOf(db).map((table) => [table.name, (db.pragma(`table_xinfo("${table.name}")`) as Column[]).map((c) => c.name)]));
        for (const [table, written] of rows) {
          const columns = now.get(table);
          if (!columns) continue; // a table a later migration replaced: its rows are checked under the new name below
          for (const row of written) {
            const kept = Object.keys(row).filter((name) => columns.includes(name) && row[name] !== null);
            const found = db.prepare(`SELECT COUNT(*) AS n FROM "${table}" WHERE ${kept.map((n) => `"${n}" IS ?`).join(' AND ')}`).get(...kept.map((n) => row[n])) as { n: number };
            expect(found.n, `${table} row ${JSON.stringify(row)} after migrating from ${version}`).toBe(1);
          }
        }
        expect([...rows.keys()].filter((table) => !now.has(table))).toEqual([]);
      } finally {
        db.close();
      }
    },
  );
});
