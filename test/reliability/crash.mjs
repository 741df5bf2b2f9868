// Crash: inbound a2a-secure load with unique trace ids and outbound messages queued to a loopback peer, while
// the node is SIGKILLed at seeded random moments and restarted on the same data dir. Acknowledged means a 2xx
// (inbound) or a successful messages.send (outbound); each must end stored once and delivered once.
import { randomBytes } from 'node:crypto';
import { readMessages, sleep, startLoopbackPeer, startServe } from './lib.mjs';

const INBOUND_WORKERS = 6;

export async function crashPhase({ rng, dataDir, kills, killAfterMs: [minMs, maxMs], log }) {
  const inboundSecret = randomBytes(24).toString('base64url');
  const outboundSecret = randomBytes(24).toString('base64url');
  const peer = await startLoopbackPeer();
  peer.setSecret(outboundSecret);
  const result = { requests: 0, fiveXx: 0, crashes: 0, lost: 0, duplicated: 0, redelivered: 0, ackedIn: 0, ackedOut: 0, statuses: {}, samples: [] };

  let node = await startServe(dataDir, { name: 'crash' });
  await raiseLimits(node);
  await node.call('peers.add', { name: 'load', baseUrl: peer.url, inboundSecret, outboundSecret });
  await node.call('peers.setRetryPolicy', { peer: 'load', policy: { maxAttempts: 20, baseDelayMs: 200 } });

  const ackedIn = new Set();
  const ackedOut = new Set();
  let running = true;
  let sequence = 0;
  const run = `r${Date.now().toString(36)}`;

  const inboundWorker = async () => {
    while (running) {
      const current = node;
      if (!current.alive()) {
        await sleep(20);
        continue;
      }
      const traceId = `${run}-in-${(sequence += 1)}`;
      const body = JSON.stringify({ schema_version: '2.4', trace_id: traceId, message: `load ${traceId}`, sender: 'load', wake: false });
      try {
        const response = await fetch(`http://127.0.0.1:${current.port}/`, { method: 'POST', headers: { authorization: `Bearer ${inboundSecret}`, 'content-type': 'application/json' }, body });
        const text = await response.text();
        result.requests += 1;
        result.statuses[response.status] = (result.statuses[response.status] ?? 0) + 1;
        if (response.status >= 200 && response.status < 300) ackedIn.add(traceId);
        else if (response.status >= 500 && response.status !== 503) {
          result.fiveXx += 1;
          if (result.samples.length < 5) result.samples.push(`POST / → ${response.status} ${text.slice(0, 200)}`);
        }
      } catch {
        // The node was killed mid-request: not acknowledged, so not counted either way.
      }
    }
  };
  const outboundWorker = async () => {
    while (running) {
      const current = node;
      if (!current.alive()) {
        await sleep(20);
        continue;
      }
      try {
        const sent = await current.call('messages.send', { peer: 'load', text: `queued ${(sequence += 1)}`, wake: false });
        result.requests += 1;
        ackedOut.add(sent.traceId);
      } catch {
        // Killed mid-call, or refused: not acknowledged.
      }
      await sleep(rng.int(5, 40));
    }
  };

  const workers = [...Array.from({ length: INBOUND_WORKERS }, inboundWorker), outboundWorker(), outboundWorker()];
  for (let k = 0; k < kills; k += 1) {
    await sleep(rng.int(minMs, maxMs));
    await node.kill('SIGKILL');
    const check = await verifyStored(dataDir, ackedIn, ackedOut);
    log(`  kill ${k + 1}/${kills}: ${ackedIn.size} inbound and ${ackedOut.size} outbound acknowledged so far; ${check.lost} lost, ${check.duplicated} stored twice`);
    node = await startServe(dataDir, { name: 'crash' });
  }
  await sleep(rng.int(300, 1000));
  running = false;
  await Promise.all(workers);

  // Every queued message goes out once the node has run long enough (retries wait at most a few seconds here).
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && [...ackedOut].some((traceId) => peer.delivered(traceId) === 0)) await sleep(200);
  // A late duplicate gets a chance to show before counting.
  await sleep(1000);
  await node.kill('SIGTERM');
  const check = await verifyStored(dataDir, ackedIn, ackedOut);
  const undelivered = [...ackedOut].filter((traceId) => peer.delivered(traceId) === 0);
  const appliedTwice = [...ackedOut].filter((traceId) => peer.delivered(traceId) > 1);
  result.ackedIn = ackedIn.size;
  result.ackedOut = ackedOut.size;
  result.lost = check.lost + undelivered.length;
  result.duplicated = check.duplicated + appliedTwice.length;
  result.redelivered = peer.redeliveries();
  if (undelivered.length) result.samples.push(`not delivered: ${undelivered.slice(0, 5).join(', ')}`);
  if (appliedTwice.length) result.samples.push(`delivered under two idempotency keys: ${appliedTwice.slice(0, 5).join(', ')}`);
  result.samples.push(...check.samples);
  await peer.close();
  return result;
}

/** Ground truth from the SQLite file while the node is down: each acknowledged trace id stored exactly once. */
async function verifyStored(dataDir, ackedIn, ackedOut) {
  const rows = await readMessages(dataDir);
  const count = new Map();
  for (const row of rows) count.set(`${row.direction}:${row.traceId}`, (count.get(`${row.direction}:${row.traceId}`) ?? 0) + 1);
  let lost = 0;
  let duplicated = 0;
  const samples = [];
  for (const [direction, ids] of [['in', ackedIn], ['out', ackedOut]]) {
    for (const traceId of ids) {
      const n = count.get(`${direction}:${traceId}`) ?? 0;
      if (n === 0) {
        lost += 1;
        if (samples.length < 5) samples.push(`acknowledged ${direction} ${traceId} is not stored`);
      }
      if (n > 1) {
        duplicated += 1;
        if (samples.length < 5) samples.push(`${direction} ${traceId} is stored ${n} times`);
      }
    }
  }
  // Unacknowledged inbound messages may be stored (the 200 was lost with the process), but never twice.
  for (const [key, n] of count) {
    if (n > 1 && key.startsWith('in:') && !ackedIn.has(key.slice(3))) {
      duplicated += 1;
      if (samples.length < 5) samples.push(`${key} is stored ${n} times`);
    }
  }
  return { lost, duplicated, samples };
}

export async function raiseLimits(node) {
  // The load comes from one address, far above a real peer's rate: lift the limits as an operator would for a
  // benchmark (a build without Settings › Limits refuses the key; nothing to lift then).
  await node.call('settings.update', { limits: { perAddressPerMinute: 1_000_000, perCredentialPerMinute: 1_000_000 } }).catch(() => {});
}
