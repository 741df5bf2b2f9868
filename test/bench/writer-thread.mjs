// Experiment for issue 15: what would moving the database writer to a worker thread buy? The node's inbound
// commit — the store's own statements for one a2a-secure message (idempotency look-up, the insert with its
// counter and FTS5 triggers, the idempotency record, the counter), in group commits of 16 as under load — run two
// ways on the same schema in the same run:
//   main:   on the main thread, as the node does (with its WAL checkpointer worker);
//   worker: on a worker thread that owns the writing connection; the main thread builds each batch, posts it
//           (structured clone) and awaits the commit, with up to 4 batches in flight like concurrent requests.
// Reported: messages/s, and how long the main thread is blocked per batch (p99) — on the desktop, that thread
// drives the windows and the tray. Part of `npm run bench` (`--only writer`); alone: node test/bench/writer-thread.mjs
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createJiti } from 'jiti';

const jiti = createJiti(import.meta.url);
const source = (path) => fileURLToPath(new URL(`../../src/main/core/${path}`, import.meta.url));
const BATCH = 16;
const TEXT = 'Status report: all systems nominal. '.repeat(8);

async function openWriter(path) {
  const { openDatabase, closeDatabase } = await jiti.import(source('store/database.ts'));
  const { createMessageStore } = await jiti.import(source('store/message-store.ts'));
  const { createIdempotencyStore } = await jiti.import(source('store/idempotency-store.ts'));
  const { createCounterStore } = await jiti.import(source('store/counter-store.ts'));
  const db = openDatabase(path);
  const clock = { now: () => Date.now() };
  const messages = createMessageStore({ db, clock });
  const idempotency = createIdempotencyStore({ db, clock });
  const counters = createCounterStore(db);
  const commit = (batch) =>
    db.transaction(() =>
      batch.map((m) => {
        if (idempotency.lookup('bench', 'message', m.key, `text:${m.content}`)) return null;
        const row = messages.insert({ peerId: null, peerName: 'bench', direction: 'in', protocol: 'secure', traceId: m.traceId, idempotencyKey: m.key, schemaVersion: '2.4', content: m.content, encrypted: false, wake: false, status: 'received', raw: m.raw, detail: '' });
        idempotency.record('bench', 'message', m.key, `text:${m.content}`, { status: 'OK', trace_id: m.traceId });
        counters.increment('secure.received');
        return row.id;
      }),
    )();
  return { db, commit, close: () => closeDatabase(db) };
}

function makeBatch(start) {
  return Array.from({ length: BATCH }, (_, i) => {
    const n = start + i;
    return { key: `bench-${n}`, traceId: `bench-${n}`, content: TEXT, raw: { schema_version: '2.4', trace_id: `bench-${n}`, message: TEXT, sender: 'bench', wake: false } };
  });
}

const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

/** Both ways keep the node's WAL checkpointer (its own worker), so only where the commit runs differs. */
async function withCheckpointer(writer, path) {
  const { startWalCheckpointer } = await jiti.import(source('store/wal-checkpointer.ts'));
  const checkpointer = startWalCheckpointer({ db: writer.db, path, logger: { debug() {}, info() {}, warn() {}, error() {} } });
  await checkpointer.ready;
  return checkpointer;
}

async function onMainThread(path, count) {
  const writer = await openWriter(path);
  const checkpointer = await withCheckpointer(writer, path);
  const blocked = [];
  const started = performance.now();
  for (let n = 0; n < count; n += BATCH) {
    const batch = makeBatch(n);
    const t = performance.now();
    writer.commit(batch);
    checkpointer.nudge();
    blocked.push(performance.now() - t);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const seconds = (performance.now() - started) / 1000;
  await checkpointer.stop();
  writer.close();
  return { rate: count / seconds, blockedP99: percentile(blocked, 0.99) };
}

async function onWorkerThread(path, count) {
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { path } });
  await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const waiting = new Map();
  worker.on('message', ({ id }) => {
    waiting.get(id)?.();
    waiting.delete(id);
  });
  const blocked = [];
  const inFlight = new Set();
  const started = performance.now();
  for (let n = 0, id = 0; n < count; n += BATCH, id += 1) {
    const t = performance.now();
    const batch = makeBatch(n);
    const done = new Promise((resolve) => waiting.set(id, resolve));
    worker.postMessage({ id, batch });
    blocked.push(performance.now() - t);
    inFlight.add(done);
    done.then(() => inFlight.delete(done));
    if (inFlight.size >= 4) await Promise.race(inFlight);
    else await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  worker.postMessage('close');
  await new Promise((resolve) => worker.once('exit', resolve));
  return { rate: count / seconds, blockedP99: percentile(blocked, 0.99) };
}

/** Rows for the bench table: the worker-thread writer beside the main-thread writer, same run, same file layout. */
export async function measureWriterThread({ count = Number(process.env.BENCH_WRITER_MESSAGES ?? 24_000) } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-writer-'));
  try {
    const main = await onMainThread(join(dir, 'main.db'), count);
    const worker = await onWorkerThread(join(dir, 'worker.db'), count);
    return [
      { name: 'experiment: inbound commits on a writer thread vs the main thread', unit: 'msg/s', value: worker.rate, baseline: main.rate, ratio: worker.rate / main.rate, target: 'informational', met: null, note: `${count} messages in commits of ${BATCH}; main-thread writer with the WAL checkpointer worker as the baseline` },
      { name: 'experiment: main thread blocked per batch p99, writer thread vs main', unit: 'ms', value: worker.blockedP99, baseline: main.blockedP99, ratio: worker.blockedP99 / main.blockedP99, target: 'informational', met: null, note: 'building and posting a batch vs committing it' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (!isMainThread) {
  const writer = await openWriter(workerData.path);
  const checkpointer = await withCheckpointer(writer, workerData.path);
  parentPort.on('message', async (message) => {
    if (message === 'close') {
      await checkpointer.stop();
      writer.close();
      parentPort.close();
      return;
    }
    writer.commit(message.batch);
    checkpointer.nudge();
    parentPort.postMessage({ id: message.id });
  });
  parentPort.postMessage('ready');
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const row of await measureWriterThread()) console.log(`${row.name}: ${row.value.toFixed(1)} ${row.unit} (main thread: ${row.baseline.toFixed(1)}), ${row.note}`);
}
