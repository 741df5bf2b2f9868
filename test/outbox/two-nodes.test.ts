import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '../../src/shared/domain/message';
import { detail, inbound, link, untilFinal, waitFor } from '../helpers/linked-nodes';
import { useTestNodes } from '../helpers/test-node';

describe('sending between two real nodes on loopback', () => {
  const nodes = useTestNodes();

  it('delivers A → B with the same trace id and keeps B’s answer on the message', async () => {
    const a = await nodes.start({ name: 'node-a' });
    const b = await nodes.start({ name: 'node-b' });
    await link(a, b);
    const sent = (await a.api.call('messages.send', { peer: 'b', text: 'Hello B', traceId: 'trace-a-to-b' })) as MessageSummary;
    expect(sent).toMatchObject({ status: 'queued', direction: 'out', traceId: 'trace-a-to-b', idempotencyKey: expect.any(String) });
    const final = await untilFinal(a, sent.id);
    expect(final.status).toBe('delivered');
    expect(final.delivery?.response).toMatchObject({ status: 'OK', from: 'node-b', trace_id: 'trace-a-to-b' });
    expect(final.attempts).toEqual([expect.objectContaining({ attempt: 1, outcome: 'delivered', statusCode: 200 })]);
    const received = await inbound(b);
    expect(received).toEqual([expect.objectContaining({ traceId: 'trace-a-to-b', content: 'Hello B', peerName: 'a', idempotencyKey: sent.idempotencyKey })]);
  });

  it('sends encrypted, and over 8 KB by store-and-fetch from A’s public URL', async () => {
    const a = await nodes.start({ name: 'node-a' });
    await a.api.call('settings.update', { publicUrl: `http://127.0.0.1:${a.port}` });
    const b = await nodes.start({ name: 'node-b' });
    await link(a, b);
    const secret = (await a.api.call('messages.send', { peer: 'b', text: 'for your eyes only', encrypt: true })) as MessageSummary;
    const big = `big ${'Z'.repeat(20_000)}`;
    const large = (await a.api.call('messages.send', { peer: 'b', text: big, encrypt: true })) as MessageSummary;
    await untilFinal(a, secret.id);
    const largeFinal = await untilFinal(a, large.id);
    expect(largeFinal.status).toBe('delivered');
    expect(largeFinal.delivery?.response).toMatchObject({ mode: 'fetch_ref' });
    const received = await inbound(b);
    const byTrace = new Map(received.map((m) => [m.traceId, m]));
    expect(byTrace.get(secret.traceId)).toMatchObject({ content: 'for your eyes only', encrypted: true });
    const fetched = await detail(b, byTrace.get(large.traceId)!.id);
    expect(fetched.content).toBe(big);
    expect(fetched.detail).toContain('fetched http://127.0.0.1:');
  });

  it('retries a peer that is down on the policy’s schedule, then dead-letters with the reason and every attempt', async () => {
    const a = await nodes.start();
    const b = await nodes.start();
    await link(a, b);
    await a.api.call('peers.setRetryPolicy', { peer: 'b', policy: { maxAttempts: 3, baseDelayMs: 300 } });
    await b.close();
    const sent = (await a.api.call('messages.send', { peer: 'b', text: 'anyone home?' })) as MessageSummary;
    const final = await untilFinal(a, sent.id);
    expect(final.status).toBe('dead');
    expect(final.attempts.map((attempt) => attempt.outcome)).toEqual(['retry', 'retry', 'failed']);
    const starts = final.attempts.map((attempt) => Date.parse(attempt.startedAt));
    // 300 ms then 600 ms, each within the ±20 % jitter.
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(240);
    expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(480);
    expect(final.delivery?.deadReason).toMatch(/^Gave up after 3 attempts: connection error: ECONNREFUSED\. Is b running and reachable\? It is tried again by itself at \d\d:\d\d UTC/);
    const { deadLetters } = (await a.api.call('deadLetters.list', {})) as { deadLetters: MessageSummary[] };
    expect(deadLetters.map((m) => m.id)).toEqual([sent.id]);
  });

  it('replays all dead letters to a peer that came back: each is applied exactly once', async () => {
    const a = await nodes.start();
    const bDir = nodes.tempDir();
    let b = await nodes.start({ dataDir: bDir });
    const bPort = b.port;
    await link(a, b);
    await a.api.call('peers.setRetryPolicy', { peer: 'b', policy: { maxAttempts: 1, baseDelayMs: 100 } });
    // One message B received but whose answer A "lost" (A thinks it is dead): the replay must not apply it twice.
    const lostAck = (await a.api.call('messages.send', { peer: 'b', text: 'delivered but unacknowledged' })) as MessageSummary;
    await untilFinal(a, lostAck.id);
    a.db.prepare("UPDATE outbox SET state = 'dead', dead_reason = 'simulated lost answer' WHERE message_id = ?").run(lostAck.id);
    a.db.prepare("UPDATE messages SET status = 'dead' WHERE id = ?").run(lostAck.id);
    await b.close();
    const down = [];
    for (let i = 0; i < 4; i += 1) down.push((await a.api.call('messages.send', { peer: 'b', text: `while down ${i}` })) as MessageSummary);
    for (const m of down) expect((await untilFinal(a, m.id)).status).toBe('dead');

    b = await nodes.start({ dataDir: bDir, port: bPort });
    const result = (await a.api.call('deadLetters.replay', { all: true })) as { replayed: number[] };
    expect(result.replayed).toHaveLength(5);
    for (const id of result.replayed) expect((await untilFinal(a, id)).status).toBe('delivered');
    const received = await inbound(b);
    expect(received).toHaveLength(5);
    expect(new Set(received.map((m) => m.traceId)).size).toBe(5);
    expect(((await a.api.call('deadLetters.list', {})) as { deadLetters: unknown[] }).deadLetters).toEqual([]);
  });

  it('dead-letters after one attempt when B refuses the secret (401), saying what to check', async () => {
    const a = await nodes.start();
    const b = await nodes.start();
    await link(a, b);
    await a.api.call('peers.setOutboundSecret', { peer: 'b', secret: 'not-the-right-secret' });
    const sent = (await a.api.call('messages.send', { peer: 'b', text: 'knock knock' })) as MessageSummary;
    const final = await untilFinal(a, sent.id);
    expect(final.status).toBe('dead');
    expect(final.attempts).toHaveLength(1);
    expect(final.attempts[0]).toMatchObject({ outcome: 'failed', statusCode: 401 });
    expect(final.delivery?.deadReason).toBe('b refused the secret (401). Check the outbound secret in Peers › b.');
    expect(await inbound(b)).toEqual([]);
  });

  it('keeps per-peer order while other peers proceed', async () => {
    const a = await nodes.start();
    const b = await nodes.start();
    const c = await nodes.start();
    await link(a, b, { toName: 'b' });
    await link(a, c, { toName: 'c' });
    // a2a-secure pipelines by default (each message stands alone); strict order is the operator's to ask for.
    await a.api.call('outbox.setOrdered', { peer: 'b', ordered: true });
    await a.api.call('outbox.setPaused', { peer: 'b', paused: true });
    const toB = [];
    for (let i = 0; i < 5; i += 1) toB.push((await a.api.call('messages.send', { peer: 'b', text: `ordered ${i}` })) as MessageSummary);
    const toC = (await a.api.call('messages.send', { peer: 'c', text: 'not held up' })) as MessageSummary;
    expect((await untilFinal(a, toC.id)).status).toBe('delivered');
    const view = (await a.api.call('outbox.list', {})) as { items: MessageSummary[]; peers: { peerName: string; paused: boolean; pending: number }[] };
    expect(view.items.map((m) => m.id)).toEqual(toB.map((m) => m.id));
    expect(view.peers).toEqual([expect.objectContaining({ peerName: 'b', paused: true, pending: 5 })]);
    await a.api.call('outbox.setPaused', { peer: 'b', paused: false });
    for (const m of toB) await untilFinal(a, m.id);
    const order = (await inbound(b)).reverse().map((m) => m.content);
    expect(order).toEqual(['ordered 0', 'ordered 1', 'ordered 2', 'ordered 3', 'ordered 4']);
  });

  it('edits and replays a dead letter to another peer, linking both; discard removes one from the list', async () => {
    const a = await nodes.start();
    const b = await nodes.start();
    const c = await nodes.start();
    await link(a, b, { toName: 'b' });
    await link(a, c, { toName: 'c' });
    await a.api.call('peers.setOutboundSecret', { peer: 'b', secret: 'wrong-secret-1' });
    const first = (await a.api.call('messages.send', { peer: 'b', text: 'draft' })) as MessageSummary;
    const second = (await a.api.call('messages.send', { peer: 'b', text: 'to discard' })) as MessageSummary;
    await untilFinal(a, first.id);
    await untilFinal(a, second.id);
    const replacement = (await a.api.call('deadLetters.editAndReplay', { id: first.id, text: 'final text', peer: 'c' })) as MessageSummary;
    expect(replacement.traceId).not.toBe(first.traceId);
    expect((await untilFinal(a, replacement.id)).delivery).toMatchObject({ replayOf: first.id });
    expect((await detail(a, first.id)).delivery).toMatchObject({ replacedBy: replacement.id, discarded: true });
    expect((await inbound(c)).map((m) => m.content)).toEqual(['final text']);
    expect(await a.api.call('deadLetters.discard', { ids: [second.id] })).toEqual({ discarded: 1 });
    expect(((await a.api.call('deadLetters.list', {})) as { deadLetters: unknown[] }).deadLetters).toEqual([]);
    expect((await a.api.call('deadLetters.replay', { ids: [second.id] })) as object).toMatchObject({ replayed: [], skipped: [{ id: second.id }] });
  });

  it('turns a removed peer’s pending messages into dead letters that say why', async () => {
    const a = await nodes.start();
    const b = await nodes.start();
    await link(a, b);
    await a.api.call('outbox.setPaused', { peer: 'b', paused: true });
    const sent = (await a.api.call('messages.send', { peer: 'b', text: 'stranded' })) as MessageSummary;
    await a.api.call('peers.remove', { peer: 'b' });
    const final = await detail(a, sent.id);
    expect(final).toMatchObject({ status: 'dead', delivery: { deadReason: 'b was removed before this message was delivered.' } });
    const replay = (await a.api.call('deadLetters.replay', { ids: [sent.id] })) as { skipped: { reason: string }[] };
    expect(replay.skipped[0]?.reason).toMatch(/peer was removed/);
  });

  it('resumes, after a restart, a delivery that was in flight when the node stopped', async () => {
    const dataDir = nodes.tempDir();
    let a = await nodes.start({ dataDir });
    const b = await nodes.start();
    await link(a, b);
    await a.api.call('outbox.setPaused', { peer: 'b', paused: true });
    const sent = (await a.api.call('messages.send', { peer: 'b', text: 'interrupted' })) as MessageSummary;
    // As if the process died mid-attempt: the row says "sending" and the attempt never finished.
    a.db.prepare("UPDATE outbox SET state = 'sending', attempts = 1 WHERE message_id = ?").run(sent.id);
    a.db.prepare("INSERT INTO delivery_attempts (message_id, attempt, started_at) VALUES (?, 1, ?)").run(sent.id, new Date().toISOString());
    a.db.prepare('UPDATE peer_delivery SET paused = 0').run();
    await a.close();
    a = await nodes.start({ dataDir });
    const final = await untilFinal(a, sent.id);
    expect(final.status).toBe('delivered');
    expect(final.attempts.map((attempt) => attempt.outcome)).toEqual(['interrupted', 'delivered']);
    expect((await inbound(b)).map((m) => m.content)).toEqual(['interrupted']);
  });

  it('refuses what it cannot send, with clear errors', async () => {
    const a = await nodes.start();
    await a.api.call('peers.add', { name: 'plain', baseUrl: 'http://127.0.0.1:9' });
    await expect(a.api.call('messages.send', { peer: 'nobody', text: 'x' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(a.api.call('messages.send', { peer: 'plain', text: 'x', encrypt: true })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/no AES key/) });
    await expect(a.api.call('messages.send', { peer: 'plain', text: '' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(a.api.call('messages.send', { peer: 'plain', text: 'x', traceId: '../../etc' })).rejects.toMatchObject({ code: 'invalid_input' });
    await waitFor(() => a.api.call('outbox.list', {}) as Promise<{ items: unknown[] }>, (view) => view.items.length === 0);
  });
});
