// Benchmark: the outbox. Delivered messages/s from A's outbox to fast loopback peers (one peer: strictly ordered,
// one in flight; eight peers: concurrent), and end-to-end latency (queued → delivered) at a fixed offered rate.
// Run on demand: `npm run bench:outbox` (BENCH_MESSAGES, BENCH_RATE, BENCH_SECONDS to change the load).
// Times come from A's own database (created_at of the message, delivered_at of its outbox row).
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { startEchoServer, startNode } from './lib.mjs';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 2000);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

const echo = await startEchoServer();
const node = await startNode('bench-sender');
const status = JSON.parse(await node.cli('status', '--json'));
const control = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(join(node.dataDir, 'control.json'), 'utf8')));

async function call(method, input) {
  const response = await fetch(`http://127.0.0.1:${control.port}/api/call/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${control.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`${method}: ${body.message}`);
  return body.result;
}

const db = new Database(join(node.dataDir, 'switchboard.db'), { readonly: true });
const timings = db.prepare(`
  SELECT (julianday(o.delivered_at) - julianday(m.created_at)) * 86400000.0 AS latency,
         (julianday(m.created_at) - 2440587.5) * 86400000.0 AS queued, (julianday(o.delivered_at) - 2440587.5) * 86400000.0 AS delivered
  FROM outbox o JOIN messages m ON m.id = o.message_id WHERE m.peer_name LIKE ? AND o.state = 'delivered'`);
const deliveredCount = db.prepare("SELECT COUNT(*) AS n FROM outbox o JOIN messages m ON m.id = o.message_id WHERE m.peer_name LIKE ? AND o.state = 'delivered'");

async function waitDelivered(pattern, count) {
  const deadline = Date.now() + 120_000;
  while (deliveredCount.get(pattern).n < count) {
    if (Date.now() > deadline) throw new Error(`only ${deliveredCount.get(pattern).n} of ${count} delivered`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Enqueues `count` messages spread over `peers`, 32 control calls at a time. */
async function enqueueBurst(peers, count) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await call('messages.send', { peer: peers[i % peers.length], text: `bench message ${i} ${'x'.repeat(200)}`, wake: false });
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

try {
  for (let i = 0; i < 8; i += 1) await call('peers.add', { name: `fast-${i}`, baseUrl: `http://127.0.0.1:${echo.port}` });
  await call('peers.add', { name: 'solo', baseUrl: `http://127.0.0.1:${echo.port}` });

  const results = [];
  for (const [label, peers, pattern] of [
    ['1 peer (ordered, one in flight)', ['solo'], 'solo'],
    ['8 peers (concurrent)', Array.from({ length: 8 }, (_, i) => `fast-${i}`), 'fast-%'],
  ]) {
    // Queue everything while the peers are paused, then measure from the resume: delivery alone, not enqueueing.
    for (const peer of peers) await call('outbox.setPaused', { peer, paused: true });
    await enqueueBurst(peers, MESSAGES);
    const resumed = Date.now();
    for (const peer of peers) await call('outbox.setPaused', { peer, paused: false });
    await waitDelivered(pattern, MESSAGES);
    const last = Math.max(...timings.all(pattern).map((r) => r.delivered));
    results.push({ label, perSecond: MESSAGES / ((last - resumed) / 1000) });
  }

  // Fixed offered rate to one peer: latency from "queued" to "delivered".
  await call('peers.add', { name: 'paced', baseUrl: `http://127.0.0.1:${echo.port}` });
  const total = RATE * SECONDS;
  const started = Date.now();
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / RATE;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    void call('messages.send', { peer: 'paced', text: `paced ${i}`, wake: false });
  }
  await waitDelivered('paced', total);
  const latencies = timings.all('paced').map((r) => r.latency).sort((a, b) => a - b);

  console.log(`\nOutbox → fast loopback peer (bare node:http echo); node ${status.name}, ${MESSAGES} messages per burst`);
  for (const r of results) console.log(`  ${r.label.padEnd(34)} ${r.perSecond.toFixed(0).padStart(6)} delivered/s`);
  console.log(`\nLatency queued → delivered at ${RATE} msg/s offered for ${SECONDS} s (${total} messages, one peer):`);
  console.log(`  p50 ${percentile(latencies, 50).toFixed(1)} ms   p99 ${percentile(latencies, 99).toFixed(1)} ms   max ${latencies.at(-1).toFixed(1)} ms`);
} finally {
  db.close();
  echo.stop();
  await node.stop();
}
