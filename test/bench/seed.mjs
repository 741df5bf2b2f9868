// Seeds a data dir with realistic messages for the store benchmarks: peers of every protocol made through the
// node's own control API, then messages written straight into its database in one transaction with prepared
// statements (the node's triggers keep its counters and search index, as they would for received messages).
//   node test/bench/seed.mjs --count 1000000 [--data-dir DIR]      (needs a build: `npm run build`)
// Content is drawn from a skewed vocabulary (English, accented, Cyrillic, CJK, emoji) with mixed lengths, so a
// search has many, few or no hits; RARE_TERM is planted in about 0.08 % of messages, NO_SUCH_TERM in none.
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNode } from './lib.mjs';

export const RARE_TERM = 'tangerine';
export const COMMON_TERM = 'status';
export const NO_SUCH_TERM = 'xylophonic';
const RARE_RATE = 0.0008;

const PEERS = [
  ['atlas', 'secure'], ['borealis', 'secure'], ['cygnus', 'secure'], ['draco', 'secure'], ['eridanus', 'secure'], ['fornax', 'secure'],
  ['gemini', 'a2a'], ['hydra', 'a2a'], ['indus', 'a2a'], ['lyra', 'a2a'],
  ['mensa', 'chat'], ['norma', 'chat'],
];

const COMMON = (
  'the a to of and in is for on that with status report task agent message deploy build check ready done ok ' +
  'error retry queue node peer request response update please confirm received sent schedule run job result ' +
  'alert metric latency cpu memory disk network service restart window tomorrow today hour minute summary ' +
  'weekly daily note review approve reject handshake session token rotate key invoice order shipment customer'
).split(' ');
const FOREIGN = ['café', 'naïve', 'Größe', 'straße', 'déjà', 'Ärger', 'über', 'façade', 'данные', 'отчёт', 'задача', '日本語', '東京', '報告', '完了', '🚀', '✅', '⚠️', 'Ünïcödé', 'ÉTÉ'];

/** A small deterministic PRNG (mulberry32): the same seed gives the same database. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function vocabulary(random) {
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'vo', 'xi', 'ze', 'pra', 'sto', 'qui', 'bel', 'dor', 'fen', 'gar'];
  const made = new Set();
  while (made.size < 4000) {
    const n = 2 + Math.floor(random() * 3);
    let word = '';
    for (let i = 0; i < n; i += 1) word += syllables[Math.floor(random() * syllables.length)];
    if (!word.includes(RARE_TERM) && !word.includes(NO_SUCH_TERM)) made.add(word);
  }
  return [...COMMON, ...FOREIGN, ...made];
}

function text(random, words) {
  const roll = random();
  const length = roll < 0.7 ? 3 + Math.floor(random() * 10) : roll < 0.95 ? 13 + Math.floor(random() * 28) : 41 + Math.floor(random() * 110);
  const out = [];
  for (let i = 0; i < length; i += 1) {
    // Skewed: low indexes (the common words) come up far more often, like real text.
    const word = words[Math.floor(words.length * random() ** 3)];
    out.push(i === 0 ? word[0].toUpperCase() + word.slice(1) : word);
  }
  if (random() < RARE_RATE) out.splice(Math.floor(random() * out.length), 0, random() < 0.5 ? RARE_TERM : RARE_TERM.toUpperCase());
  return `${out.join(' ')}.`;
}

function hex(random, length) {
  let out = '';
  while (out.length < length) out += Math.floor(random() * 0x100000000).toString(16).padStart(8, '0');
  return out.slice(0, length);
}

/**
 * Seeds `count` messages into `dataDir` (a fresh temp dir when omitted); resolves to the dir and what was made.
 * The newest message has trace id `seed-trace-last`, so a trace lookup has a known answer.
 */
export async function seed({ count, dataDir = mkdtempSync(join(tmpdir(), 'switchboard-seeded-')), log = () => {} }) {
  const node = await startNode('bench-seeded', { dataDir });
  const peers = [];
  try {
    for (const [name, protocol] of PEERS) {
      // Port 9 (discard) refuses: nothing outside this machine is contacted, and nothing is delivered.
      const own = protocol === 'chat' ? { chat: { remoteAgentId: name, inviteToken: `${name}-invite` } } : {};
      const { peer } = await node.call('peers.add', { name, baseUrl: `http://127.0.0.1:9/${name}`, protocol, ...own });
      peers.push({ id: peer.id, name, protocol });
    }
  } finally {
    await node.stop();
  }

  const started = performance.now();
  const db = new Database(join(dataDir, 'switchboard.db'));
  // A scratch database: no fsync, and a cache big enough that one long transaction does not spill page by page.
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const insertMessage = db.prepare(`INSERT INTO messages (peer_id, peer_name, direction, protocol, trace_id, idempotency_key, schema_version,
    content, encrypted, wake, wake_seen_at, status, raw, detail, created_at, context_id, task_id, task_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?)`);
  const insertOutbox = db.prepare(`INSERT INTO outbox (message_id, peer_id, state, attempts, max_attempts, next_attempt_at, request, delivered_at, updated_at, dead_reason, last_error)
    VALUES (?, ?, ?, ?, 8, ?, ?, ?, ?, ?, ?)`);
  const random = prng(15);
  const words = vocabulary(random);
  const first = Date.now() - 30 * 86_400_000;
  const step = (30 * 86_400_000) / count;
  let rare = 0;
  // The search index (migration 016) filled once at the end, as the migration fills it, instead of row by row
  // through its trigger: the same index, in a sixth of the CPU. The trigger is put back exactly as it was.
  const searchTrigger = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'messages_fts_insert'").get();
  db.transaction(() => {
    if (searchTrigger) db.exec('DROP TRIGGER messages_fts_insert');
    for (let i = 0; i < count; i += 1) {
      // Peers are not equally busy: the first few carry most of the traffic.
      const peer = peers[Math.floor(peers.length * random() ** 2)];
      const direction = random() < 0.55 ? 'in' : 'out';
      const content = text(random, words);
      if (content.toLowerCase().includes(RARE_TERM)) rare += 1;
      const at = new Date(first + i * step).toISOString();
      const traceId = i === count - 1 ? 'seed-trace-last' : hex(random, 32);
      const dead = direction === 'out' && random() < 0.01;
      const status = direction === 'in' ? 'received' : dead ? 'dead' : 'delivered';
      const a2a = peer.protocol === 'a2a';
      const raw = peer.protocol === 'secure' ? { schema_version: '2.4', trace_id: traceId, sender: direction === 'in' ? peer.name : 'bench-seeded', wake: false } : a2a ? { messageId: hex(random, 16), role: direction === 'in' ? 'ROLE_USER' : 'ROLE_AGENT' } : { session: peer.name };
      const wake = direction === 'in' && random() < 0.02;
      const { lastInsertRowid } = insertMessage.run(
        peer.id, peer.name, direction, peer.protocol, traceId, direction === 'out' ? hex(random, 24) : null, peer.protocol === 'secure' ? '2.4' : null,
        content, peer.protocol === 'secure' && random() < 0.3 ? 1 : 0, wake ? 1 : 0, wake && random() < 0.9 ? at : null, status, JSON.stringify(raw), at,
        a2a ? `ctx-${hex(random, 8)}` : null, a2a ? `task-${hex(random, 8)}` : null, a2a ? (direction === 'in' ? 'TASK_STATE_WORKING' : 'TASK_STATE_COMPLETED') : null,
      );
      if (direction === 'out') {
        const ms = Date.parse(at);
        insertOutbox.run(lastInsertRowid, peer.id, dead ? 'dead' : 'delivered', dead ? 8 : 1, ms, JSON.stringify({ text: '', wake: false }), dead ? null : at, at, dead ? 'gave up after 8 attempts' : null, dead ? 'connect ECONNREFUSED' : null);
      }
      if (i % 100_000 === 99_999) log(`seeded ${i + 1} messages (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }
    if (searchTrigger) {
      db.exec("INSERT INTO messages_fts (messages_fts) VALUES ('rebuild')");
      db.exec(searchTrigger.sql);
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { dataDir, count, peers, rareHits: rare, seconds: (performance.now() - started) / 1000 };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const result = await seed({ count: Number(arg('count', 1_000_000)), dataDir: arg('data-dir', undefined), log: (line) => console.error(line) });
  console.log(JSON.stringify(result));
}
