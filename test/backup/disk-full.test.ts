import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SwitchboardNode } from '../../src/main/core/node';
import type { StorageState } from '../../src/shared/domain/node';
import { nextApproval } from '../helpers/a2a';
import { invitedRequester } from '../helpers/chat';
import { waitFor } from '../helpers/linked-nodes';
import { addSecurePeer, postSecure } from '../helpers/secure-peer';
import { useTestNodes } from '../helpers/test-node';

/**
 * A size-limited database stands in for a full disk: `max_page_count` at the pages in use, and the free pages
 * filled, so the next write that needs a page fails with SQLITE_FULL as it would on a full disk. (A small change
 * that fits in a page already there still succeeds, unlike on a full disk: the messages sent here need pages.)
 */
function fillDisk(node: SwitchboardNode): void {
  const pages = node.db.pragma('page_count', { simple: true }) as number;
  node.db.pragma(`max_page_count = ${pages}`);
  const put = node.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
  for (;;) {
    try {
      put.run(`test.filler.${randomUUID()}`, JSON.stringify('f'.repeat(2000)));
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_FULL') return;
      throw error;
    }
  }
}

function makeRoom(node: SwitchboardNode): void {
  node.db.pragma('max_page_count = 1073741823');
}

/** A message larger than a page: storing it needs new pages. */
const big = (label: string) => `${label} ${'z'.repeat(20_000)}`;

const count = async (node: SwitchboardNode) => ((await node.api.call('messages.list', { limit: 1 })) as { total: number }).total;

async function a2aSend(node: SwitchboardNode, key: string, text: string) {
  const response = await fetch(`http://127.0.0.1:${node.port}/a2a`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'a2a-version': '1.0', authorization: `Bearer ${key}` },
    body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'SendMessage', params: { message: { messageId: `m-${text.slice(0, 40)}`, role: 'ROLE_USER', parts: [{ text }] }, configuration: { returnImmediately: true } } }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Record<string, unknown> };
}

describe('a full disk', () => {
  const nodes = useTestNodes();

  /** Each receiver in turn: the first write that finds no room is answered 503 + Retry-After, and nothing is kept. */
  it('makes every protocol’s receiver answer 503 with Retry-After, stores nothing, tells the UI, and recovers by itself when space returns', async () => {
    const node = await nodes.start({ storageProbeMs: 20 });
    const changes: StorageState[] = [];
    node.events.on('storage.changed', (state) => changes.push(state));
    const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
    const { key } = (await node.api.call('keys.generate', { label: 'bob' })) as { key: string };
    const chat = await invitedRequester(node, 'carol-agent');
    const requested = await chat.api.call('POST', '/v1/handshake/request', { key: chat.key, body: { inviter_agent_id: chat.inviter, requester_agent_id: 'carol-agent', invite_token: chat.invite } });
    await node.api.call('approvals.decide', { id: (await nextApproval(node)).id, action: 'approve' });
    const claimed = await chat.api.call('GET', `/v1/handshake/status/${requested.body.request_id as string}?agent_id=carol-agent`, { key: chat.key });
    const chatSend = (content: string) =>
      chat.api.call('POST', '/v1/messages/send', {
        key: chat.key,
        token: claimed.body.session_token as string,
        body: { session_id: claimed.body.session_id, sender_agent_id: 'carol-agent', recipient_agent_id: chat.inviter, content, idempotency_key: content.slice(0, 40) },
      });

    const receivers: [string, () => Promise<{ status: number; retryAfter: string | null; body: Record<string, unknown> }>][] = [
      ['a2a-secure', async () => {
        const response = await postSecure(node, '/', { schema_version: '2.4', message: big('secure while full'), wake: false }, inboundSecret);
        return { ...response, retryAfter: null };
      }],
      ['A2A', () => a2aSend(node, key, big('a2a while full'))],
      ['a2achat', async () => {
        const answer = await chatSend(big('chat while full'));
        return { status: answer.status, retryAfter: answer.headers.get('retry-after'), body: answer.body };
      }],
    ];
    for (const [protocol, send] of receivers) {
      const before = await count(node);
      // Given a disk with no room left,
      fillDisk(node);
      // when a peer sends, the receiver that finds no room answers 503 with Retry-After in its own shape,
      const refused = await send();
      expect(refused.status, protocol).toBe(503);
      if (protocol === 'A2A') {
        expect(refused.retryAfter).toBe('30');
        expect(refused.body).toMatchObject({ jsonrpc: '2.0', id: 7, error: { code: -32603, message: expect.stringContaining('disk is full') } });
      } else if (protocol === 'a2achat') {
        expect(refused.retryAfter).toBe('30');
      }
      expect(JSON.stringify(refused.body)).toContain('disk is full');
      // the node knows (status for the UI, an event), the next sender is refused before its body is read,
      expect(node.status().storage).toMatchObject({ full: true, since: expect.any(String) });
      const next = await postSecure(node, '/', { schema_version: '2.4', message: big('also refused'), wake: false }, inboundSecret);
      expect(next).toMatchObject({ status: 503, body: { error: 'storage_full' } });
      // and nothing was acknowledged that is not stored.
      makeRoom(node);
      await waitFor(() => node.storage.full(), (full) => !full);
      expect(await count(node), protocol).toBe(before);
    }
    expect(changes.map((state) => state.full)).toEqual([true, false, true, false, true, false]);

    // Space is back: every receiver takes messages again, without a restart.
    expect((await postSecure(node, '/', { schema_version: '2.4', message: 'secure after', wake: false }, inboundSecret)).status).toBe(200);
    expect((await a2aSend(node, key, 'a2a after')).status).toBe(200);
    expect((await chatSend('chat after')).status).toBe(200);
    const { messages } = (await node.api.call('messages.list', {})) as { messages: { content: string }[] };
    expect(messages.map((message) => message.content).filter((content) => content.endsWith('after')).sort()).toEqual(['a2a after', 'chat after', 'secure after']);
    expect(messages.some((message) => message.content.includes('while full'))).toBe(false);
  });

  it('is noticed by a write anywhere in the node, and reads still work while it lasts', async () => {
    const node = await nodes.start({ storageProbeMs: 20 });
    fillDisk(node);
    await node.api.call('peers.add', { name: 'dave', baseUrl: 'http://127.0.0.1:9' });
    await expect(node.api.call('messages.send', { peer: 'dave', text: big('queued while full') })).rejects.toThrow();
    expect(node.storage.full()).toBe(true);
    expect((await fetch(`http://127.0.0.1:${node.port}/health`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${node.port}/`)).status).toBe(200);
    makeRoom(node);
    await waitFor(() => node.storage.full(), (full) => !full);
  });
});
