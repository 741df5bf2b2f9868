import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/main/core/clock';
import type { SwitchboardNode } from '../../src/main/core/node';
import type { MessageSummary } from '../../src/shared/domain/message';
import { detail, inbound, link, untilFinal, waitFor } from '../helpers/linked-nodes';
import { useTestNodes } from '../helpers/test-node';
import { closedPort } from '../helpers/tiny-server';

/** Wall-clock time plus whatever the test moved it by (timers still run in real time). */
function movableClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms) => void (offset += ms) };
}

const quick = { maxAttempts: 2, baseDelayMs: 100 };
const send = async (node: SwitchboardNode, peer: string, text: string) => (await node.api.call('messages.send', { peer, text })) as MessageSummary;

describe('dead letters that redrive themselves', () => {
  const nodes = useTestNodes();

  it('a peer down for 10 minutes, then back: every message is delivered exactly once without a click', async () => {
    const clock = movableClock();
    const port = await closedPort();
    const bDir = nodes.tempDir();
    let b = await nodes.start({ name: 'b', dataDir: bDir, port });
    const a = await nodes.start({ name: 'a', redriveCheckMs: 50 }, { clock });
    await link(a, b);
    await a.api.call('peers.setRetryPolicy', { peer: 'b', policy: quick });
    await b.close();

    const sent = [await send(a, 'b', 'one'), await send(a, 'b', 'two'), await send(a, 'b', 'three')];
    for (const message of sent) {
      const dead = await untilFinal(a, message.id);
      expect(dead.status).toBe('dead');
      expect(dead.attempts).toHaveLength(2);
      expect(dead.delivery?.nextRedriveAt).not.toBeNull();
      expect(dead.delivery?.deadReason).toMatch(/tried again by itself at \d\d:\d\d UTC and whenever b is seen again/);
    }

    // Five minutes on: a heartbeat tries each once more (still down) — one more attempt each, still dead.
    clock.advance(5 * 60_000 + 1_000);
    for (const message of sent) await waitFor(() => detail(a, message.id), (m) => m.attempts.length === 3 && m.status === 'dead');

    // Ten minutes on, b is back on its address: the next heartbeat delivers them all.
    b = await nodes.start({ name: 'b', dataDir: bDir, port });
    clock.advance(5 * 60_000 + 1_000);
    for (const message of sent) {
      const delivered = await waitFor(() => detail(a, message.id), (m) => m.status === 'delivered');
      expect(delivered.attempts.map((attempt) => attempt.outcome)).toEqual(['retry', 'failed', 'failed', 'delivered']);
      expect(delivered.idempotencyKey).toBe(message.idempotencyKey);
    }
    const received = await waitFor(() => inbound(b), (list) => list.length === 3);
    expect(received.map((message) => message.traceId).sort()).toEqual(sent.map((message) => message.traceId).sort());
    expect((await a.api.call('audit.list', {}) as { entries: { event: string }[] }).entries.some((entry) => entry.event === 'dead_letters.redriven')).toBe(true);
  });

  it('tries at once when the peer is seen again (it sent us something), once a minute has passed since the last try', async () => {
    const clock = movableClock();
    const port = await closedPort();
    const bDir = nodes.tempDir();
    let b = await nodes.start({ name: 'b', dataDir: bDir, port });
    const a = await nodes.start({ name: 'a' }, { clock });
    await link(a, b);
    await a.api.call('peers.setRetryPolicy', { peer: 'b', policy: quick });
    await b.close();
    const message = await send(a, 'b', 'waiting for you');
    expect((await untilFinal(a, message.id)).status).toBe('dead');
    b = await nodes.start({ name: 'b', dataDir: bDir, port });
    // Seen within a minute of the last try: left for the heartbeat (a chatty peer that refuses is not flooded).
    await untilFinal(b, (await send(b, 'a', 'I am back')).id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await detail(a, message.id)).status).toBe('dead');
    clock.advance(61_000 + 30_000); // past the minute, and past last seen's resolution
    await untilFinal(b, (await send(b, 'a', 'still here')).id);
    expect((await waitFor(() => detail(a, message.id), (m) => m.status === 'delivered')).attempts).toHaveLength(3);
  });

  it('a refusal (401) stays dead until the operator replays it; the off switch keeps transient ones dead too', async () => {
    const clock = movableClock();
    const a = await nodes.start({ name: 'a', redriveCheckMs: 50 }, { clock });
    const b = await nodes.start({ name: 'b' });
    await link(a, b);
    await a.api.call('peers.setOutboundSecret', { peer: 'b', secret: 'not-the-right-secret' });
    const refused = await untilFinal(a, (await send(a, 'b', 'let me in')).id);
    expect(refused.status).toBe('dead');
    expect(refused.delivery?.nextRedriveAt).toBeNull();
    expect(refused.delivery?.deadReason).not.toMatch(/by itself/);
    clock.advance(60 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await detail(a, refused.id)).attempts).toHaveLength(1);

    await a.api.call('settings.update', { redrive: { enabled: false } });
    expect(a.settings.get().redrive).toEqual({ enabled: false, intervalMinutes: 5, forHours: 24 });
    const port = await closedPort();
    await a.api.call('peers.add', { name: 'gone', baseUrl: `http://127.0.0.1:${port}`, outboundSecret: 'whatever-secret-1' });
    await a.api.call('peers.setRetryPolicy', { peer: 'gone', policy: { maxAttempts: 1, baseDelayMs: 100 } });
    const transient = await untilFinal(a, (await send(a, 'gone', 'hello?')).id);
    expect(transient.delivery?.nextRedriveAt).toBeNull();
    clock.advance(60 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await detail(a, transient.id)).attempts).toHaveLength(1);

    // A peer's own policy overrides the node's: on for this one.
    const withOwn = (await a.api.call('peers.setRedrive', { peer: 'gone', policy: { enabled: true, intervalMinutes: 1, forHours: 2 } })) as { redrive: unknown };
    expect(withOwn.redrive).toEqual({ enabled: true, intervalMinutes: 1, forHours: 2 });
    const second = await untilFinal(a, (await send(a, 'gone', 'again?')).id);
    expect(second.delivery?.nextRedriveAt).not.toBeNull();
    clock.advance(61_000);
    await waitFor(() => detail(a, second.id), (m) => m.attempts.length === 2);
    // Past its window (2 h after it first died) it is left for the operator.
    clock.advance(3 * 3_600_000);
    const settled = await waitFor(() => detail(a, second.id), (m) => m.status === 'dead');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await detail(a, second.id)).attempts.length).toBe(settled.attempts.length);
  });

  it('A2A (a repeat is a new task at the agent) is redriven only when the request cannot have arrived', async () => {
    const node = await nodes.start();
    const retry = (statusCode: number | null, error: string) => ({ kind: 'retry' as const, statusCode, error });
    expect(node.protocols.redrivable('a2a', retry(null, 'connection error: ECONNREFUSED'))).toBe(true);
    expect(node.protocols.redrivable('a2a', retry(503, 'HTTP 503: busy'))).toBe(false);
    expect(node.protocols.redrivable('a2a', retry(null, 'The operation was aborted due to timeout'))).toBe(false);
    expect(node.protocols.redrivable('secure', retry(503, 'busy'))).toBe(true);
    expect(node.protocols.redrivable('chat', retry(null, 'timeout'))).toBe(true);
    expect(node.protocols.redrivable('secure', { kind: 'failed', statusCode: 401, error: 'no' })).toBe(false);
  });
});
