import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '../../src/shared/domain/message';
import type { SwitchboardNode } from '../../src/main/core/node';
import { useTestNodes } from '../helpers/test-node';

type Page = { messages: MessageSummary[]; total: number; hasMore: boolean };

function seed(node: SwitchboardNode, count: number) {
  node.db.transaction(() => {
    for (let i = 1; i <= count; i += 1) {
      node.messages.insert({
        peerId: null,
        peerName: i % 2 ? 'alice' : 'bob',
        direction: i % 3 ? 'in' : 'out',
        protocol: 'secure',
        traceId: `trace-${i}`,
        idempotencyKey: null,
        schemaVersion: '2.4',
        content: i % 10 === 0 ? `needle 100% match_${i}` : `message number ${i}`,
        encrypted: false,
        wake: i === count,
        status: i % 3 ? 'received' : 'delivered',
        raw: { message: `message ${i}`, authorization: 'Bearer leaked' },
      });
    }
  })();
}

describe('the timeline store', () => {
  const nodes = useTestNodes();

  it('pages newest first with a cursor, with the total', async () => {
    const node = await nodes.start();
    seed(node, 250);
    const first = (await node.api.call('messages.list', { limit: 100 })) as Page;
    expect(first.total).toBe(250);
    expect(first.hasMore).toBe(true);
    expect(first.messages[0]?.traceId).toBe('trace-250');
    const second = (await node.api.call('messages.list', { limit: 100, beforeId: first.messages.at(-1)!.id })) as Page;
    const third = (await node.api.call('messages.list', { limit: 100, beforeId: second.messages.at(-1)!.id })) as Page;
    expect(third.messages).toHaveLength(50);
    expect(third.hasMore).toBe(false);
    const ids = [...first.messages, ...second.messages, ...third.messages].map((m) => m.id);
    expect(new Set(ids).size).toBe(250);
  });

  it('filters by direction, status, trace id and text (literal, not a pattern)', async () => {
    const node = await nodes.start();
    seed(node, 60);
    const list = async (filter: Record<string, unknown>) => (await node.api.call('messages.list', filter)) as Page;
    expect((await list({ direction: 'out' })).total).toBe(20);
    expect((await list({ status: 'delivered' })).total).toBe(20);
    expect((await list({ traceId: 'trace-7' })).messages.map((m) => m.traceId)).toEqual(['trace-7']);
    expect((await list({ text: '100% match_' })).total).toBe(6);
    expect((await list({ text: '%' })).total).toBe(6);
    expect((await list({ text: '_' })).total).toBe(6);
    expect((await list({ text: 'NEEDLE' })).total).toBe(6);
    expect((await list({ direction: 'in', text: 'needle' })).total).toBe(4);
  });

  it('keeps the raw envelope with credentials redacted', async () => {
    const node = await nodes.start();
    seed(node, 1);
    const [summary] = ((await node.api.call('messages.list', {})) as Page).messages;
    const detail = (await node.api.call('messages.get', { id: summary!.id })) as { raw: Record<string, unknown> };
    expect(detail.raw).toEqual({ message: 'message 1', authorization: '[redacted]' });
    await expect(node.api.call('messages.get', { id: 999999 })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('sends a preview in lists and the whole text in the detail', async () => {
    const node = await nodes.start();
    node.messages.insert({ peerId: null, peerName: 'x', direction: 'in', protocol: 'secure', traceId: 't', idempotencyKey: null, schemaVersion: null, content: 'y'.repeat(5000), encrypted: false, wake: false, status: 'received', raw: {} });
    const [summary] = ((await node.api.call('messages.list', {})) as Page).messages;
    expect(summary?.content).toHaveLength(400);
    expect(summary?.contentLength).toBe(5000);
    expect(((await node.api.call('messages.get', { id: summary!.id })) as { content: string }).content).toHaveLength(5000);
  });

  it('marks wakes seen by id', async () => {
    const node = await nodes.start();
    seed(node, 3);
    const woke = ((await node.api.call('messages.list', {})) as Page).messages.filter((m) => m.wake);
    expect(woke).toHaveLength(1);
    expect(await node.api.call('messages.markWakesSeen', { ids: [woke[0]!.id] })).toEqual({ changed: 1 });
    expect(await node.api.call('messages.markWakesSeen', { ids: [woke[0]!.id] })).toEqual({ changed: 0 });
    await expect(node.api.call('messages.markWakesSeen', { ids: [] })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('lists a page quickly from 100,000 messages (index use, not a scan)', async () => {
    const node = await nodes.start();
    seed(node, 100_000);
    // The plan of the very statement messages.list runs, not of a query written here.
    expect(node.messages.listPlan({ peerId: 'p' }).join(' ')).toMatch(/SEARCH m USING (COVERING )?INDEX messages_peer/);
    const page = (await node.api.call('messages.list', { limit: 200, direction: 'out' })) as Page;
    expect(page.messages).toHaveLength(200);
    expect(page.total).toBe(33_333);
  });
});

describe('message counts', () => {
  const nodes = useTestNodes();

  it('stay equal to the rows through inserts, deletes and wakes seen (kept by triggers)', async () => {
    const node = await nodes.start();
    seed(node, 30);
    node.db.prepare("DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE direction = 'in' LIMIT 5)").run();
    node.messages.markWakesSeen('all');
    const actual = node.db.prepare("SELECT SUM(direction = 'in') AS messagesIn, SUM(direction = 'out') AS messagesOut, SUM(wake = 1 AND wake_seen_at IS NULL) AS unseenWakes FROM messages").get();
    expect(node.messages.counts()).toEqual(actual);
    expect(node.messages.counts()).toEqual({ messagesIn: 15, messagesOut: 10, unseenWakes: 0 });
  });
});
