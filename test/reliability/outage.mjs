// Outage: the loopback peer is down while messages are queued. A batch with few attempts dead-letters; a batch
// with many is still retrying when the peer comes back and is delivered by the retries; replaying the dead
// letters (deadLetters.replay) then delivers each of those once. Nothing may end undelivered or delivered twice.
import { randomBytes } from 'node:crypto';
import { sleep, startLoopbackPeer } from './lib.mjs';

export async function outagePhase({ node, count, log }) {
  const result = { requests: 0, fiveXx: 0, lost: 0, duplicated: 0, redelivered: 0, deadLettered: 0, samples: [] };
  const outboundSecret = randomBytes(24).toString('base64url');
  // Reserve a port, then close it: the peer is "down" (connection refused) until it listens there again.
  let peer = await startLoopbackPeer();
  const port = peer.port;
  await peer.close();
  const added = await node.call('peers.add', { name: 'outage', baseUrl: `http://127.0.0.1:${port}`, inboundSecret: randomBytes(24).toString('base64url'), outboundSecret });
  const peerId = added.peer.id;

  const send = async (text) => {
    const sent = await node.call('messages.send', { peer: 'outage', text, wake: false });
    result.requests += 1;
    return sent.traceId;
  };
  const outbound = async () => (await node.call('messages.list', { direction: 'out', peerId, limit: 1000 })).messages;

  await node.call('peers.setRetryPolicy', { peer: 'outage', policy: { maxAttempts: 2, baseDelayMs: 100 } });
  const doomed = [];
  for (let i = 0; i < count; i += 1) doomed.push(await send(`outage doomed ${i}`));
  let deadline = Date.now() + 30_000;
  while (Date.now() < deadline && (await outbound()).filter((m) => m.status === 'dead').length < doomed.length) await sleep(200);
  result.deadLettered = (await outbound()).filter((m) => m.status === 'dead').length;

  await node.call('peers.setRetryPolicy', { peer: 'outage', policy: { maxAttempts: 20, baseDelayMs: 200 } });
  const retried = [];
  for (let i = 0; i < count; i += 1) retried.push(await send(`outage retried ${i}`));
  await sleep(800);
  peer = await startLoopbackPeer(port);
  peer.setSecret(outboundSecret);

  deadline = Date.now() + 60_000;
  const settled = (messages) => messages.every((m) => m.status === 'delivered' || m.status === 'dead');
  while (Date.now() < deadline && !settled(await outbound())) await sleep(200);
  const dead = (await node.call('deadLetters.list', { peerId, limit: 1000 })).deadLetters;
  log(`  peer down: ${doomed.length} dead-lettered after 2 attempts (${result.deadLettered} seen dead), ${retried.length} waiting on retries; peer back`);
  if (dead.length > 0) {
    const replay = await node.call('deadLetters.replay', { ids: dead.map((m) => m.id) });
    result.requests += 1;
    if (replay.skipped.length) result.samples.push(`replay skipped ${replay.skipped.length}: ${JSON.stringify(replay.skipped.slice(0, 3))}`);
  }
  const all = [...doomed, ...retried];
  deadline = Date.now() + 60_000;
  while (Date.now() < deadline && all.some((traceId) => peer.delivered(traceId) === 0)) await sleep(200);
  await sleep(1000);
  const undelivered = all.filter((traceId) => peer.delivered(traceId) === 0);
  const twice = all.filter((traceId) => peer.delivered(traceId) > 1);
  result.lost = undelivered.length;
  result.duplicated = twice.length;
  result.redelivered = peer.redeliveries();
  if (undelivered.length) result.samples.push(`never delivered after the outage: ${undelivered.slice(0, 5).join(', ')}`);
  if (twice.length) result.samples.push(`delivered under two idempotency keys: ${twice.slice(0, 5).join(', ')}`);
  const statuses = (await outbound()).reduce((acc, m) => ({ ...acc, [m.status]: (acc[m.status] ?? 0) + 1 }), {});
  log(`  after replay: ${JSON.stringify(statuses)}; ${peer.stats().distinctKeys} distinct deliveries at the peer`);
  await peer.close();
  return result;
}
