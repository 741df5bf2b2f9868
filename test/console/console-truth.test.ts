import { describe, expect, it } from 'vitest';
import type { ChatPeerStatus } from '../../src/shared/domain/chat';
import type { Conversation, MessageSummary } from '../../src/shared/domain/message';
import type { NodeSettings } from '../../src/shared/domain/node';
import type { Peer } from '../../src/shared/domain/peer';
import { ControlError } from '../../src/shared/control-error';
import { chatApi } from '../helpers/chat';
import { detail, link, untilFinal, waitFor } from '../helpers/linked-nodes';
import { nextApproval, sdkClient, sendParams, userMessage } from '../helpers/a2a';
import { useTestNodes } from '../helpers/test-node';
import { closedPort } from '../helpers/tiny-server';
import type { SwitchboardNode } from '../../src/main/core/node';

const messagesOf = async (node: SwitchboardNode, filter: Record<string, unknown> = {}) =>
  ((await node.api.call('messages.list', filter)) as { messages: MessageSummary[] }).messages;

async function refusal(promise: Promise<unknown>): Promise<ControlError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ControlError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the console tells the truth', () => {
  const nodes = useTestNodes();

  it('refusals name their fields in words, so a form can mark each one (control API and loopback HTTP)', async () => {
    const node = await nodes.start();
    const bad = await refusal(node.api.call('peers.add', { name: 'x', baseUrl: 'ftp://nope' }));
    expect(bad.code).toBe('invalid_input');
    expect(bad.fields).toEqual([{ path: 'baseUrl', message: 'must be an http:// or https:// URL' }]);
    const chat = await refusal(node.api.call('peers.add', { name: 'c', baseUrl: 'http://chat.example', protocol: 'chat', chat: { inviteToken: 'x' } }));
    expect(chat.fields.map((field) => field.path)).toEqual(['chat.remoteAgentId']);
    const response = await fetch(`${node.control.url}/api/call/settings.update`, {
      method: 'POST',
      headers: { authorization: `Bearer ${node.control.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ port: 70000 }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_input', fields: [{ path: 'port', message: 'must be a port from 1 to 65535' }] });
  });

  it('the chat agent id is fixed at the first start: renaming the node keeps every invite working', async () => {
    const node = await nodes.start({ name: 'alpha' });
    const agentId = node.settings.get().chat.agentId;
    expect(agentId).toBe('alpha');
    const { token: invite } = (await node.api.call('invites.publish', { token: 'invite-before-rename' })) as { token: string };
    await node.api.call('settings.update', { name: 'beta renamed' });
    expect((node.settings.get() as NodeSettings).chat.agentId).toBe('alpha');
    const api = chatApi(node);
    const key = (await api.join('requester-1')).body.api_key as string;
    const requested = await api.call('POST', '/v1/handshake/request', { key, body: { inviter_agent_id: 'alpha', requester_agent_id: 'requester-1', invite_token: invite } });
    expect(requested.status).toBe(200);
    // Changed on purpose, it moves.
    await node.api.call('settings.update', { chat: { agentId: 'alpha-2' } });
    expect(node.settings.get().chat.agentId).toBe('alpha-2');
  });

  it("a chat peer's agent ids can be edited; the link asks again with them; other protocols refuse the field", async () => {
    const node = await nodes.start();
    const port = await closedPort();
    await node.api.call('peers.add', { name: 'far', baseUrl: `http://127.0.0.1:${port}`, protocol: 'chat', chat: { remoteAgentId: 'old-inviter', inviteToken: 'invite-token-1' } });
    const updated = (await node.api.call('peers.update', { peer: 'far', chat: { remoteAgentId: 'new-inviter', myAgentId: 'me-2' } })) as Peer;
    expect(updated.name).toBe('far');
    const status = (await node.api.call('chat.status', { peer: 'far' })) as ChatPeerStatus;
    expect(status.link).toMatchObject({ remoteAgentId: 'new-inviter', myAgentId: 'me-2' });
    const bad = await refusal(node.api.call('peers.update', { peer: 'far', chat: { remoteAgentId: 'has spaces' } }));
    expect(bad.fields[0]?.path).toBe('chat.remoteAgentId');
    await node.api.call('peers.add', { name: 'plain', baseUrl: 'http://plain.example' });
    const foreign = await refusal(node.api.call('peers.update', { peer: 'plain', chat: { remoteAgentId: 'x' } }));
    expect(foreign.message).toMatch(/chat: not a field you can change on a2a-secure peers/);
  });

  it('the port and first-run state are settings: the next start listens on the saved port', async () => {
    const dir = nodes.tempDir();
    const first = await nodes.start({ dataDir: dir });
    expect(first.settings.get()).toMatchObject({ port: 8080, setupDone: false });
    const port = await closedPort();
    await first.api.call('settings.update', { port, setupDone: true });
    await first.close();
    // No port given (the helper's 0 is overridden): the saved one.
    const second = await nodes.start({ dataDir: dir, port: undefined });
    expect(second.port).toBe(port);
    expect(second.settings.get().setupDone).toBe(true);
  });

  it('a sent message shows what went on the wire, wake and encryption as sent, every attempt, and its replay both ways', async () => {
    const a = await nodes.start({ name: 'a' });
    const b = await nodes.start({ name: 'b' });
    const port = await closedPort();
    await link(a, b, { baseUrl: `http://127.0.0.1:${port}` });
    await a.api.call('peers.setRetryPolicy', { peer: 'b', policy: { maxAttempts: 2, baseDelayMs: 100 } });
    const sent = (await a.api.call('messages.send', { peer: 'b', text: 'over the wire', wake: true, encrypt: true })) as MessageSummary;
    const dead = await untilFinal(a, sent.id);
    expect(dead.status).toBe('dead');
    expect(dead.attempts).toHaveLength(2);
    for (const attempt of dead.attempts) {
      expect(attempt.outcome).not.toBeNull();
      expect(typeof attempt.durationMs).toBe('number');
      expect(attempt.error).toMatch(/ECONNREFUSED/);
    }
    expect(dead.sentAs).toMatchObject({ wake: true, encrypted: true, url: `http://127.0.0.1:${port}/` });
    const envelope = dead.sentAs!.envelope as Record<string, unknown>;
    expect(envelope).toMatchObject({ trace_id: sent.traceId, idempotency_key: sent.idempotencyKey, wake: true, sender: 'a', schema_version: '2.4' });
    expect(envelope.ciphertext).toEqual(expect.any(String));
    expect(envelope).not.toHaveProperty('message');
    expect(JSON.stringify(dead)).not.toMatch(/Bearer/);

    await a.api.call('peers.update', { peer: 'b', baseUrl: `http://127.0.0.1:${b.port}` });
    const replay = (await a.api.call('deadLetters.editAndReplay', { id: sent.id, text: 'over the wire, again' })) as MessageSummary;
    const delivered = await untilFinal(a, replay.id);
    expect(delivered.status).toBe('delivered');
    expect(delivered.delivery?.replayOf).toBe(sent.id);
    expect((await detail(a, sent.id)).delivery?.replacedBy).toBe(replay.id);
    expect(delivered.attempts.map((attempt) => [attempt.outcome, attempt.statusCode])).toEqual([['delivered', 200]]);
    expect(delivered.sentAs?.url).toBe(`http://127.0.0.1:${b.port}/`);
    // A received message has no "sent as".
    const [received] = await waitFor(() => messagesOf(b, { direction: 'in' }), (list) => list.length === 1);
    expect((await detail(b, received!.id)).sentAs).toBeNull();
  });

  it('conversations: latest message first, unread received messages, read marks that never go backwards', async () => {
    const a = await nodes.start({ name: 'a' });
    const b = await nodes.start({ name: 'b' });
    const c = await nodes.start({ name: 'c' });
    await link(b, a, { toName: 'a', fromName: 'b' });
    await link(c, a, { toName: 'a', fromName: 'c' });
    await a.api.call('peers.add', { name: 'quiet', baseUrl: 'http://quiet.example' });
    for (const text of ['one', 'two']) await untilFinal(b, ((await b.api.call('messages.send', { peer: 'a', text })) as MessageSummary).id);
    await untilFinal(c, ((await c.api.call('messages.send', { peer: 'a', text: 'from c' })) as MessageSummary).id);
    const { conversations } = (await a.api.call('conversations.list', {})) as { conversations: Conversation[] };
    expect(conversations.map((conversation) => [conversation.peerName, conversation.unread, conversation.lastMessage?.content ?? null])).toEqual([
      ['c', 1, 'from c'],
      ['b', 2, 'two'],
      ['quiet', 0, null],
    ]);
    const events: unknown[] = [];
    a.events.on('conversations.changed', (payload) => events.push(payload));
    const bConversation = conversations[1]!;
    const first = (await messagesOf(a, { peerId: bConversation.peerId })).at(-1)!;
    expect(await a.api.call('conversations.markRead', { peerId: bConversation.peerId, upToId: first.id })).toEqual({ unread: 1 });
    expect(await a.api.call('conversations.markRead', { peerId: bConversation.peerId, upToId: bConversation.lastMessage!.id })).toEqual({ unread: 0 });
    expect(await a.api.call('conversations.markRead', { peerId: bConversation.peerId, upToId: first.id })).toEqual({ unread: 0 });
    expect(events).toEqual([{ peerId: bConversation.peerId }, { peerId: bConversation.peerId }, { peerId: bConversation.peerId }]);
  });

  it('last seen is pushed: a peer that sends, or takes a message, or uses its A2A key is seen at once', async () => {
    const a = await nodes.start({ name: 'a' });
    const b = await nodes.start({ name: 'b' });
    await link(b, a, { toName: 'a', fromName: 'b' });
    const changed: (string | null)[] = [];
    a.events.on('peers.changed', ({ peerId }) => changed.push(peerId));
    const before = ((await a.api.call('peers.get', { peer: 'b' })) as Peer).lastSeenAt;
    expect(before).toBeNull();
    await untilFinal(b, ((await b.api.call('messages.send', { peer: 'a', text: 'hello' })) as MessageSummary).id);
    const bOnA = await waitFor(() => a.api.call('peers.get', { peer: 'b' }) as Promise<Peer>, (peer) => peer.lastSeenAt !== null);
    await waitFor(() => changed, (list) => list.includes(bOnA.id));
    // b delivered to a, so a is seen on b's side too.
    await waitFor(() => b.api.call('peers.get', { peer: 'a' }) as Promise<Peer>, (peer) => peer.lastSeenAt !== null);
  });

  it('an A2A exchange with a person answering: one reply, the interim status as a status line, the task state on both sides', async () => {
    const a = await nodes.start({ name: 'a' });
    const b = await nodes.start({ name: 'b' });
    const { key } = (await b.api.call('keys.generate', { label: 'a' })) as { key: string };
    await a.api.call('peers.add', { name: 'b', baseUrl: `http://127.0.0.1:${b.port}`, protocol: 'a2a', outboundSecret: key });
    const sent = (await a.api.call('messages.send', { peer: 'b', text: 'ship it?' })) as MessageSummary;
    const approval = await nextApproval(b);
    const working = await waitFor(() => detail(a, sent.id), (message) => message.taskState === 'working' && message.statusText !== null);
    expect(working.statusText).toBe('Received. A person is looking at it and will answer.');
    const [asked] = await messagesOf(b, { direction: 'in' });
    expect(asked?.taskState).toBe('working');
    await b.api.call('approvals.decide', { id: approval.id, action: 'reply', text: 'Yes, ship build 412.' });
    const done = await waitFor(() => detail(a, sent.id), (message) => message.taskState === 'completed');
    await new Promise((resolve) => setTimeout(resolve, 400)); // a late duplicate would land by now
    const replies = await messagesOf(a, { direction: 'in' });
    expect(replies.map((message) => message.content)).toEqual(['Yes, ship build 412.']);
    expect(replies[0]!.taskId).toBe(done.taskId);
    expect((await detail(b, asked!.id)).taskState).toBe('completed');
    // The wire body is the JSON-RPC request; the key travels in a header and never shows.
    expect(done.sentAs?.envelope).toMatchObject({ jsonrpc: '2.0', params: { message: { messageId: sent.idempotencyKey } } });
    expect(JSON.stringify(done)).not.toContain(key);
  });

  it('a received A2A message with a data part keeps its parts, so the console can show the JSON as JSON', async () => {
    const node = await nodes.start();
    const { key } = (await node.api.call('keys.generate', { label: 'caller' })) as { key: string };
    const client = await sdkClient(node, key);
    const message = userMessage('order status?');
    message.parts.push({ content: { $case: 'data', value: { order: 412, items: [{ sku: 'a', qty: 2 }] } }, mediaType: 'application/json', filename: '', metadata: undefined });
    await client.sendMessage(sendParams(message, { returnImmediately: true }));
    const [received] = await waitFor(() => messagesOf(node, { direction: 'in' }), (list) => list.length === 1);
    expect((await detail(node, received!.id)).parts).toEqual([
      { kind: 'text', text: 'order status?' },
      { kind: 'data', data: { order: 412, items: [{ sku: 'a', qty: 2 }] } },
    ]);
    // Plain text keeps no parts (the content is the whole message).
    await client.sendMessage(sendParams(userMessage('just text'), { returnImmediately: true }));
    const list = await waitFor(() => messagesOf(node, { direction: 'in' }), (messages) => messages.length === 2);
    expect((await detail(node, list[0]!.id)).parts).toBeNull();
  });
});
