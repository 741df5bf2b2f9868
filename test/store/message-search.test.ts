import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MessageFilter, MessageSummary } from '../../src/shared/domain/message';
import type { SwitchboardNode } from '../../src/main/core/node';
import { closeDatabase, openDatabase, type Db } from '../../src/main/core/store/database';
import { trigramQuery } from '../../src/main/core/store/message-filter-sql';
import { migrations } from '../../src/main/core/store/migrations/index';
import { useTempDirs } from '../helpers/temp-dir';
import { useTestNodes } from '../helpers/test-node';

type Page = { messages: MessageSummary[]; total: number; totalIsLowerBound: boolean; hasMore: boolean };

// Words that put the index's case folding and LIKE's apart: LIKE folds ASCII only, FTS5 folds all of Unicode.
const WORDS = ['status', 'Report', 'TASK', 'café', 'CAFÉ', 'Größe', 'grösse', 'GRÖSSE', 'данные', 'ДАННЫЕ', '日本語', '東京', '🚀', 'ok', 'OK', 'a', '100%', 'under_score', 'back\\slash', '"quoted"', 'tangerine', 'TANGERINE', 'Tangerine'];

function contentFor(i: number): string {
  const pick = (n: number) => WORDS[(i * 7 + n * 13 + (i >> 3)) % WORDS.length]!;
  return Array.from({ length: 1 + (i % 9) }, (_, n) => pick(n)).join(i % 4 === 0 ? '' : ' ');
}

function insertMessages(node: SwitchboardNode, count: number, content: (i: number) => string = contentFor) {
  node.db.transaction(() => {
    for (let i = 1; i <= count; i += 1) {
      node.messages.insert({
        peerId: null,
        peerName: i % 2 ? 'alice' : 'bob',
        direction: i % 3 ? 'in' : 'out',
        protocol: i % 5 ? 'secure' : 'a2a',
        traceId: `trace-${i}`,
        idempotencyKey: null,
        schemaVersion: null,
        content: content(i),
        encrypted: false,
        wake: false,
        status: i % 3 ? 'received' : 'delivered',
        raw: {},
      });
    }
  })();
}

/** The Timeline's search before migration 016: a scan with LIKE, newest first. */
function likeIds(db: Db, text: string, extra = '1', params: unknown[] = []): number[] {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return (db.prepare(`SELECT id FROM messages m WHERE m.content LIKE ? ESCAPE '\\' AND ${extra} ORDER BY id DESC`).all(pattern, ...params) as { id: number }[]).map((row) => row.id);
}

/** Every id messages.list returns for a filter, page after page (small pages, so the cursor is exercised). */
async function listedIds(node: SwitchboardNode, filter: MessageFilter): Promise<{ ids: number[]; first: Page }> {
  const ids: number[] = [];
  let beforeId: number | undefined;
  let first: Page | undefined;
  for (;;) {
    const page = (await node.api.call('messages.list', { ...filter, limit: 37, ...(beforeId ? { beforeId } : {}) })) as Page;
    first ??= page;
    ids.push(...page.messages.map((m) => m.id));
    if (!page.hasMore) break;
    beforeId = page.messages.at(-1)!.id;
  }
  return { ids, first };
}

function ftsIntegrity(db: Db): void {
  // Rank 1: compare the index with the content table itself, so a missed trigger shows here (SQLite's FTS5 docs).
  db.prepare("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)").run();
}

describe('text search through the FTS5 index (migration 016)', () => {
  const nodes = useTestNodes();

  it('finds exactly what the old LIKE query found: case, non-ASCII, short terms, quotes and wildcards', async () => {
    const node = await nodes.start();
    insertMessages(node, 1500);
    const terms = ['status', 'STATUS', 'sTaTuS', 'café', 'CAFÉ', 'Café', 'größe', 'GRÖSSE', 'данные', 'Данные', '日本語', '本語', '🚀', 'ok', 'OK', 'a', 'é', '100%', '%', '_', 'under_score', 'r_s', 'back\\slash', '\\', '"quoted"', '"', 'tangerine', 'ngeri', 'e t', 'Reportstatus', 'xylophonic', 'ine TASK'];
    for (const text of terms) {
      const { ids, first } = await listedIds(node, { text });
      expect(ids, text).toEqual(likeIds(node.db, text));
      expect(first.total, text).toBe(Math.min(ids.length, 1000));
    }
    // With other filters too: the same rows as LIKE with the same conditions.
    const { ids } = await listedIds(node, { text: 'tangerine', direction: 'in', protocol: 'secure' });
    expect(ids).toEqual(likeIds(node.db, 'tangerine', "m.direction = 'in' AND m.protocol = 'secure'"));
    expect(ids.length).toBeGreaterThan(0);
  });

  it('exports exactly the rows the LIKE query selects, oldest first', async () => {
    const node = await nodes.start();
    insertMessages(node, 400);
    const rows = node.messages.exportPage({ text: 'CAFÉ' }, 0, 10_000);
    expect(rows.map((row) => row.id)).toEqual(likeIds(node.db, 'CAFÉ').reverse());
  });

  it('keeps the index equal to the table through inserts, edits and deletes', async () => {
    const node = await nodes.start();
    insertMessages(node, 300);
    const before = (await listedIds(node, { text: 'tangerine' })).ids;
    expect(before.length).toBeGreaterThan(2);
    // Not the newest: SQLite would give its id to the next row (INTEGER PRIMARY KEY without AUTOINCREMENT).
    const [, gone, edited] = before;

    node.db.prepare('DELETE FROM messages WHERE id = ?').run(gone);
    node.db.prepare("UPDATE messages SET content = 'nothing to see' WHERE id = ?").run(edited);
    const added = node.messages.insert({ peerId: null, peerName: 'carol', direction: 'in', protocol: 'secure', traceId: 'late', idempotencyKey: null, schemaVersion: null, content: 'a late tangerine', encrypted: false, wake: false, status: 'received', raw: {} });

    const after = (await listedIds(node, { text: 'tangerine' })).ids;
    expect(after).toEqual([added.id, ...before.filter((id) => id !== gone && id !== edited)]);
    expect(after).toEqual(likeIds(node.db, 'tangerine'));
    // Not only hidden by the LIKE check: the index itself no longer holds the old text of either row.
    const indexed = (node.db.prepare('SELECT rowid AS id FROM messages_fts WHERE messages_fts MATCH ?').all(trigramQuery('tangerine')) as { id: number }[]).map((row) => row.id);
    expect(indexed).not.toContain(gone);
    expect(indexed).not.toContain(edited);
    expect(() => ftsIntegrity(node.db)).not.toThrow();
  });

  it('says "at least" past the cap instead of counting every match', async () => {
    const node = await nodes.start();
    insertMessages(node, 1_200, (i) => `match number ${i}`);
    const page = (await node.api.call('messages.list', { text: 'match', limit: 50 })) as Page;
    expect(page).toMatchObject({ total: 1000, totalIsLowerBound: true, hasMore: true });
    const exact = (await node.api.call('messages.list', { text: 'number 11', limit: 50 })) as Page;
    expect(exact).toMatchObject({ total: likeIds(node.db, 'number 11').length, totalIsLowerBound: false });
  });
});

describe('migration 016 on a database that already has messages', () => {
  const tempDir = useTempDirs();

  it('fills the index for the rows that were there before it', () => {
    const path = join(tempDir(), 'switchboard.db');
    const older = openDatabase(path, { migrations: migrations.filter((m) => m.version < 16) });
    const insert = older.prepare("INSERT INTO messages (direction, protocol, trace_id, content, status, created_at) VALUES ('in', 'secure', ?, ?, 'received', '2026-12-01T00:00:00.000Z')");
    for (let i = 1; i <= 50; i += 1) insert.run(`t-${i}`, contentFor(i));
    older.close();

    const db = openDatabase(path);
    const indexed = (db.prepare('SELECT rowid AS id FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC').all(trigramQuery('tangerine')) as { id: number }[]).map((row) => row.id);
    const liked = likeIds(db, 'tangerine');
    expect(liked.length).toBeGreaterThan(0);
    expect(indexed).toEqual(expect.arrayContaining(liked));
    expect(() => ftsIntegrity(db)).not.toThrow();
    closeDatabase(db);
  });
});
