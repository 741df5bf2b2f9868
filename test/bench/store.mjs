// Benchmark: a node holding a million messages. Start-up and memory, the first Timeline page, text search and a
// trace id lookup through the control API (as the console asks), each beside the query the store ran before
// issue 15 on the same database in the same run (a LIKE scan and a COUNT(*) per page); and the CLI beside a bare
// `node -e 0`. Run on demand: `node test/bench/store.mjs [--seeded DIR]` after `npm run build`, or as a part of
// `npm run bench`. BENCH_STORE_MESSAGES changes the count (1,000,000).
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BIN, rssMb, run, startNode } from './lib.mjs';
import { COMMON_TERM, NO_SUCH_TERM, RARE_TERM, seed } from './seed.mjs';

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed(fn, repeats) {
  const times = [];
  let result;
  for (let i = 0; i < repeats; i += 1) {
    const started = performance.now();
    result = await fn();
    times.push(performance.now() - started);
  }
  return { ms: median(times), result };
}

/** The store's statements before issue 15 (message-store.ts at 94b1929): LIKE over every row, COUNT(*) per page. */
function oldQueries(db) {
  const columns = `SELECT m.id, m.peer_id, m.peer_name, m.direction, m.protocol, m.trace_id, m.idempotency_key, m.schema_version,
    substr(m.content, 1, 400) AS preview, length(m.content) AS content_length, m.encrypted, m.wake, m.wake_seen_at, m.status, m.created_at,
    m.context_id, m.task_id, m.task_state, m.status_text, o.attempts, o.max_attempts, o.next_attempt_at, o.state, o.last_error, o.dead_reason,
    o.replay_of, o.replaced_by, o.discarded_at, o.response, o.next_redrive_at FROM messages m LEFT JOIN outbox o ON o.message_id = m.id`;
  const like = (text) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const statements = {
    page: db.prepare(`${columns} WHERE 1 AND m.id < ? ORDER BY m.id DESC LIMIT ?`),
    count: db.prepare('SELECT COUNT(*) AS n FROM messages m WHERE 1'),
    searchPage: db.prepare(`${columns} WHERE m.content LIKE ? ESCAPE '\\' AND m.id < ? ORDER BY m.id DESC LIMIT ?`),
    searchCount: db.prepare("SELECT COUNT(*) AS n FROM messages m WHERE m.content LIKE ? ESCAPE '\\'"),
    tracePage: db.prepare(`${columns} WHERE m.trace_id = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?`),
    traceCount: db.prepare('SELECT COUNT(*) AS n FROM messages m WHERE m.trace_id = ?'),
    allIds: db.prepare("SELECT id FROM messages m WHERE m.content LIKE ? ESCAPE '\\' ORDER BY id DESC"),
  };
  const top = Number.MAX_SAFE_INTEGER;
  return {
    firstPage: () => ({ rows: statements.page.all(top, 51), total: statements.count.get().n }),
    search: (text) => ({ rows: statements.searchPage.all(like(text), top, 51), total: statements.searchCount.get(like(text)).n }),
    trace: (traceId) => ({ rows: statements.tracePage.all(traceId, top, 51), total: statements.traceCount.get(traceId).n }),
    ids: (text) => statements.allIds.all(like(text)).map((row) => row.id),
  };
}

/** Every id the node lists for a text, page after page, newest first. */
async function listedIds(node, text) {
  const ids = [];
  let beforeId;
  for (;;) {
    const page = await node.call('messages.list', { text, limit: 1000, ...(beforeId ? { beforeId } : {}) });
    ids.push(...page.messages.map((m) => m.id));
    if (!page.hasMore) return ids;
    beforeId = page.messages.at(-1).id;
  }
}

const row = (name, unit, value, baseline, target, met, note) => ({ name, unit, value, baseline, ratio: baseline ? value / baseline : null, target, met, ...(note ? { note } : {}) });

export async function measureStore({ count = Number(process.env.BENCH_STORE_MESSAGES ?? 1_000_000), seeded, repeats = 5, log = () => {} } = {}) {
  let dataDir = seeded;
  if (!dataDir) {
    log(`store: seeding ${count.toLocaleString()} messages…`);
    const made = await seed({ count, log });
    log(`store: seeded in ${made.seconds.toFixed(0)} s`);
    dataDir = made.dataDir;
  }
  const rows = [];
  try {
    // Start-up, beside an empty node's; memory once ready and after the pages below.
    const readyEmpty = [];
    const rssEmpty = [];
    for (let i = 0; i < 3; i += 1) {
      const empty = await startNode('bench-empty');
      readyEmpty.push(empty.readyMs);
      rssEmpty.push(rssMb(empty.pid));
      await empty.stop();
    }
    const ready = [];
    for (let i = 0; i < 2; i += 1) {
      const again = await startNode('bench-seeded', { dataDir });
      ready.push(again.readyMs);
      await again.stop();
    }
    const node = await startNode('bench-seeded', { dataDir });
    ready.push(node.readyMs);
    const rssReady = rssMb(node.pid);
    const db = new Database(join(dataDir, 'switchboard.db'), { readonly: true });
    try {
      const old = oldQueries(db);
      const stored = (await node.call('node.status', {})).counts;
      const total = stored.messagesIn + stored.messagesOut;
      rows.push(row(`${total.toLocaleString()} messages: ready (spawn → listening)`, 'ms', median(ready), median(readyEmpty), '< 1000 ms', median(ready) < 1000, 'baseline: an empty node'));

      // The old statements run here, in-process; the node's answers come through the control API (HTTP, zod,
      // JSON), as the console gets them. The round trip of a call that reads nothing says what that adds.
      const floor = await timed(() => node.call('protocols.list', {}), repeats);
      const via = `the old queries run in-process; a control-API round trip alone takes ${floor.ms.toFixed(1)} ms`;
      const page = await timed(() => node.call('messages.list', { limit: 50 }), repeats);
      const oldPage = await timed(() => old.firstPage(), repeats);
      rows.push(row('first Timeline page (messages.list, 50)', 'ms', page.ms, oldPage.ms, '< 10 ms', page.ms < 10, `baseline: the old page query + COUNT(*); ${via}`));

      for (const [label, text] of [[`"${RARE_TERM}"`, RARE_TERM], ['no hits', NO_SUCH_TERM]]) {
        const found = await timed(() => node.call('messages.list', { text, limit: 50 }), repeats);
        const scanned = await timed(() => old.search(text), Math.min(repeats, 3));
        rows.push(row(`text search, ${label} (${found.result.total}${found.result.totalIsLowerBound ? '+' : ''} hits)`, 'ms', found.ms, scanned.ms, '< 50 ms', found.ms < 50, 'baseline: LIKE scan + COUNT(*)'));
      }
      const common = await timed(() => node.call('messages.list', { text: COMMON_TERM, limit: 50 }), repeats);
      rows.push(row(`text search, common word "${COMMON_TERM}" (${common.result.total}${common.result.totalIsLowerBound ? '+' : ''} hits)`, 'ms', common.ms, null, '< 50 ms', common.ms < 50, 'first page of many; counted up to the cap'));

      // The issue's condition: results equal the old query's on the seeded million.
      let equal = true;
      for (const text of [RARE_TERM, RARE_TERM.toUpperCase(), NO_SUCH_TERM, 'café', 'ÉTÉ']) {
        const ours = await listedIds(node, text);
        const theirs = old.ids(text);
        if (ours.length !== theirs.length || ours.some((id, i) => id !== theirs[i])) {
          equal = false;
          log(`store: search "${text}" differs: ${ours.length} vs ${theirs.length} rows`);
        }
      }
      rows.push({ name: 'search results equal the LIKE query (5 terms, every row)', unit: '', value: equal ? 'yes' : 'NO', baseline: null, ratio: null, target: 'equal', met: equal });

      const trace = await timed(() => node.call('messages.list', { traceId: 'seed-trace-last', limit: 50 }), repeats);
      const oldTrace = await timed(() => old.trace('seed-trace-last'), repeats);
      rows.push(row('trace id lookup', 'ms', trace.ms, oldTrace.ms, '< 5 ms (keep 2.4)', trace.ms < 5, 'baseline: the old query'));

      const rss = Math.max(rssReady ?? 0, rssMb(node.pid) ?? 0);
      rows.push(row(`${total.toLocaleString()} messages: RSS`, 'MB', rss, median(rssEmpty), '< 200 MB', rss < 200, 'baseline: an empty node'));

      // The CLI against the running node, beside starting Node itself.
      const bare = await timed(() => run(process.execPath, ['-e', '0']), repeats);
      for (const args of [['status'], ['messages', 'list']]) {
        const cli = await timed(() => run(process.execPath, [BIN, '--data-dir', dataDir, ...args]), repeats);
        rows.push(row(`CLI \`switchboard ${args.join(' ')}\``, 'ms', cli.ms, bare.ms, '< 300 ms', cli.ms < 300, 'baseline: node -e 0'));
      }
    } finally {
      db.close();
      await node.stop();
    }
  } finally {
    if (!seeded) rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--seeded');
  const rows = await measureStore({ seeded: i > 0 ? process.argv[i + 1] : undefined, log: (line) => console.error(line) });
  for (const r of rows) console.log(`${r.name.padEnd(60)} ${typeof r.value === 'number' ? r.value.toFixed(1) : r.value} ${r.unit}  (baseline ${r.baseline?.toFixed?.(1) ?? '—'})  ${r.target}  ${r.met ? 'met' : 'NOT met'}`);
}
