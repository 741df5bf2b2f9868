// Benchmark: the outbox. Delivered messages/s from A's outbox to fast loopback peers (one peer; eight peers), and
// latency queued → delivered at fixed offered rates, each beside its baseline measured in the same run: a bare
// node:http keep-alive client posting the same bodies to the same echo server with as many requests in flight (or
// at the same rate). Each figure is the median of BENCH_REPEATS runs.
// Run on demand: `npm run bench:outbox` (BENCH_MESSAGES, BENCH_RATES, BENCH_SECONDS, BENCH_REPEATS change the load;
// BENCH_FROM_SOURCE=1 runs the sources instead of the build). The runner imports `measureOutbox` as one part.
// Node times come from A's own database (created_at of the message, delivered_at of its outbox row).
import Database from 'better-sqlite3';
import http from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startEchoServer, startNode } from './lib.mjs';

/** What the protocols allow in flight per peer (OUTBOUND_IN_FLIGHT in src/main/core/protocols/protocol.ts). */
const PER_PEER_IN_FLIGHT = 8;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const body = (i) => JSON.stringify({ schema_version: '1.0', trace_id: `t-${i}`, idempotency_key: `k-${i}`, sender: 'bench', wake: false, message: `bench message ${i} ${'x'.repeat(200)}` });

const bareAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One POST by the bare client; resolves with the response text. */
function post(url, payload) {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent: bareAgent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve(text));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(payload);
  });
}

/** Baseline: `count` POSTs to the echo by a bare client, `inFlight` at a time; messages/s. */
async function bareDrain(url, count, inFlight) {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await post(url, body(i));
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return count / ((performance.now() - started) / 1000);
}

/** Baseline: POSTs to the echo at `rate`/s for `seconds`; sorted round-trip latencies in ms. */
async function barePaced(url, rate, seconds) {
  const total = Math.round(rate * seconds);
  const latencies = [];
  const pending = [];
  const started = performance.now();
  for (let i = 0; i < total; i += 1) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    const sent = performance.now();
    pending.push(
      post(url, body(i)).then(() => latencies.push(performance.now() - sent)),
    );
  }
  await Promise.all(pending);
  return latencies.sort((a, b) => a - b);
}

/**
 * Measures every outbox figure. Returns rows of { name, unit, value, baseline, ratio, target, met } (value and
 * baseline are medians of `repeats`); the runner prints them, `main` below prints them alone.
 */
export async function measureOutbox({
  messages = Number(process.env.BENCH_MESSAGES ?? 2000),
  rates = (process.env.BENCH_RATES ?? '200,1000').split(',').filter(Boolean).map(Number),
  seconds = Number(process.env.BENCH_SECONDS ?? 3),
  repeats = Number(process.env.BENCH_REPEATS ?? 3),
  log = () => {},
} = {}) {
  const echo = await startEchoServer();
  const echoUrl = `http://127.0.0.1:${echo.port}/`;
  let node = null;
  let db = null;
  try {
    node = await startNode('bench-sender');
    db = new Database(join(node.dataDir, 'switchboard.db'), { readonly: true });
    // Every phase reads only the messages queued after its start (an id range on primary keys): a scan of the
    // whole, growing history per poll would take the CPU the node is being measured on.
    const lastId = db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM messages');
    const timings = db.prepare(`
      SELECT (julianday(o.delivered_at) - julianday(m.created_at)) * 86400000.0 AS latency,
             (julianday(o.delivered_at) - 2440587.5) * 86400000.0 AS delivered
      FROM outbox o JOIN messages m ON m.id = o.message_id WHERE o.message_id > ? AND o.state = 'delivered'`);
    const deliveredCount = db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE message_id > ? AND state = 'delivered'");
    const waitDelivered = async (after, count) => {
      const deadline = Date.now() + 300_000;
      while (deliveredCount.get(after).n < count) {
        if (Date.now() > deadline) throw new Error(`only ${deliveredCount.get(after).n} of ${count} delivered`);
        await sleep(25);
      }
    };
    let peerNo = 0;
    const addPeers = async (n) => {
      const names = [];
      for (let i = 0; i < n; i += 1) {
        const name = `p${(peerNo += 1)}`;
        await node.call('peers.add', { name, baseUrl: `http://127.0.0.1:${echo.port}` });
        names.push(name);
      }
      return names;
    };
    /** Queues `count` messages over `names` while they are paused, then times the drain from the resume. */
    const drain = async (names, count) => {
      for (const peer of names) await node.call('outbox.setPaused', { peer, paused: true });
      const after = lastId.get().id;
      let next = 0;
      const sender = async () => {
        while (next < count) {
          const i = next++;
          await node.call('messages.send', { peer: names[i % names.length], text: `bench message ${i} ${'x'.repeat(200)}`, wake: false });
        }
      };
      await Promise.all(Array.from({ length: 16 }, sender));
      const resumed = Date.now();
      for (const peer of names) await node.call('outbox.setPaused', { peer, paused: false });
      await waitDelivered(after, count);
      const last = Math.max(...timings.all(after).map((r) => r.delivered));
      return count / ((last - resumed) / 1000);
    };
    /** Sends to one fresh peer at `rate`/s; sorted queued → delivered latencies in ms. */
    const paced = async (rate) => {
      const [peer] = await addPeers(1);
      const total = Math.round(rate * seconds);
      const after = lastId.get().id;
      const started = performance.now();
      const calls = [];
      for (let i = 0; i < total; i += 1) {
        const wait = started + (i * 1000) / rate - performance.now();
        if (wait > 0) await sleep(wait);
        calls.push(node.call('messages.send', { peer, text: `paced ${i}`, wake: false }).then(() => 1, () => 0));
      }
      // A node past its limit may drop a control connection: what it did not accept is not waited for.
      const accepted = (await Promise.all(calls)).reduce((sum, ok) => sum + ok, 0);
      if (accepted < total) log(`${total - accepted} of ${total} sends at ${rate}/s were not accepted`);
      await waitDelivered(after, accepted);
      return timings.all(after).map((r) => r.latency).sort((a, b) => a - b);
    };

    const rows = [];
    const row = (name, unit, target, higherIsBetter, values, baselines) => {
      const value = median(values);
      const baseline = median(baselines);
      const met = higherIsBetter ? value >= target : value < target;
      rows.push({ name, unit, value, baseline, ratio: higherIsBetter ? value / baseline : baseline / value, target, met });
      const retried = db.prepare('SELECT COUNT(*) AS n, MAX(attempts) AS most FROM outbox WHERE attempts > 1').get();
      log(`${name}: ${value.toFixed(1)} ${unit} (baseline ${baseline.toFixed(1)}; runs ${values.map((v) => v.toFixed(0)).join(', ')}; ${retried.n} messages so far needed more than one attempt)`);
    };

    // Strict order is the operator's choice for an a2a-secure peer (outbox.setOrdered): one message in flight.
    // A build older than that method sends every peer one at a time anyway.
    const strict = async (names) => {
      for (const peer of names) await node.call('outbox.setOrdered', { peer, ordered: true }).catch(() => {});
      return names;
    };
    for (const [label, peers, target, inFlight, setUp] of [
      ['outbox drain, 1 peer', 1, 2000, PER_PEER_IN_FLIGHT, (names) => names],
      ['outbox drain, 8 peers', 8, 5000, 8 * PER_PEER_IN_FLIGHT, (names) => names],
      ['outbox drain, 1 peer in strict order', 1, 2000, 1, strict],
    ]) {
      const values = [];
      const baselines = [];
      for (let r = 0; r < repeats; r += 1) {
        baselines.push(await bareDrain(echoUrl, messages, inFlight));
        values.push(await drain(await setUp(await addPeers(peers)), messages));
      }
      row(label, 'msg/s', target, true, values, baselines);
    }
    for (const rate of rates) {
      const p50 = [];
      const p99 = [];
      const bare50 = [];
      const bare99 = [];
      for (let r = 0; r < repeats; r += 1) {
        const bare = await barePaced(echoUrl, rate, seconds);
        bare50.push(percentile(bare, 50));
        bare99.push(percentile(bare, 99));
        const latencies = await paced(rate);
        p50.push(percentile(latencies, 50));
        p99.push(percentile(latencies, 99));
      }
      row(`queued → delivered p50 at ${rate} msg/s`, 'ms', 10, false, p50, bare50);
      row(`queued → delivered p99 at ${rate} msg/s`, 'ms', 10, false, p99, bare99);
    }
    return rows;
  } finally {
    db?.close();
    echo.stop();
    await node?.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await measureOutbox({ log: (line) => console.error(line) });
  console.log(`\nOutbox → fast loopback peer (bare node:http echo); baseline: a bare node:http client, same bodies, same in flight or rate`);
  const header = ['figure', 'node', 'baseline', 'target', 'met'];
  const cells = rows.map((r) => [r.name, `${r.value.toFixed(r.unit === 'ms' ? 1 : 0)} ${r.unit}`, `${r.baseline.toFixed(r.unit === 'ms' ? 1 : 0)} ${r.unit}`, `${r.unit === 'ms' ? '<' : '≥'} ${r.target} ${r.unit}`, r.met ? 'yes' : 'no']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  for (const line of [header, ...cells]) console.log(line.map((c, i) => c.padEnd(widths[i])).join('  '));
}
