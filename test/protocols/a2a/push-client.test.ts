import { describe, expect, it } from 'vitest';
import type { SwitchboardNode } from '../../../src/main/core/node';
import type { MessageSummary } from '../../../src/shared/domain/message';
import { TaskState, type StreamResponse, type Task, type TaskPushNotificationConfig } from '@a2a-js/sdk';
import { RequestMalformedError } from '@a2a-js/sdk/errors';
import type { PushNotificationStore } from '@a2a-js/sdk/server';
import type { A2aProtocol } from '../../../src/main/core/protocols/a2a/a2a-protocol';
import { nextApproval, sdkClient, sendParams, useSdkPeers, userMessage, type SdkPeer } from '../../helpers/a2a';
import { detail, waitFor } from '../../helpers/linked-nodes';
import { publicUrl, useTestNodes } from '../../helpers/test-node';
import { closedPort } from '../../helpers/tiny-server';

type Rpc = { method: string; params: { configuration?: { taskPushNotificationConfig?: { url: string; token: string } } } };

const methods = (peer: SdkPeer) => peer.requests.map((r) => (r.body as Rpc).method);

async function replies(node: SwitchboardNode, count: number): Promise<MessageSummary[]> {
  return waitFor(async () => ((await node.api.call('messages.list', { protocol: 'a2a', direction: 'in' })) as { messages: MessageSummary[] }).messages, (list) => list.length >= count);
}

describe('A2A push notifications, this node as the client', () => {
  const nodes = useTestNodes();
  const sdkPeer = useSdkPeers();

  /** Our node with a public URL (its own listener), and a peer whose card offers push but not streaming. */
  async function nodeAndPushingPeer(overrides = {}) {
    const peer = await sdkPeer({ streaming: false, pushNotifications: true });
    const node = await nodes.start(overrides);
    await node.api.call('settings.update', { publicUrl: publicUrl(node) });
    await node.api.call('peers.add', { name: 'echo', baseUrl: peer.url, protocol: 'a2a' });
    return { node, peer };
  }

  it('registers its own webhook with SendMessage and completes the message from the peer’s push, without polling', async () => {
    const { node, peer } = await nodeAndPushingPeer();
    const sent = (await node.api.call('messages.send', { peer: 'echo', text: 'push me' })) as MessageSummary;
    const [reply] = await replies(node, 1);
    expect(reply).toMatchObject({ peerName: 'echo', direction: 'in', content: 'echo #1: push me' });
    const out = await waitFor(() => detail(node, sent.id), (m) => m.taskState === 'completed');
    expect(reply!.taskId).toBe(out.taskId);
    // One SendMessage carrying a webhook on this node's public URL and a token; not one GetTask.
    expect(methods(peer)).toEqual(['SendMessage']);
    const registered = (peer.requests[0]!.body as Rpc).params.configuration?.taskPushNotificationConfig;
    expect(registered?.url).toMatch(new RegExp(`^${publicUrl(node, '/a2a/push/')}[A-Za-z0-9_-]{20,}$`));
    expect(registered?.token.length).toBeGreaterThanOrEqual(32);
    // The webhook closed with the task: it is not open to anyone any more.
    await waitFor(() => (node.protocols.get('a2a') as A2aProtocol).pushSubscriptions.size, (open) => open === 0);
    const late = await fetch(registered!.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-a2a-notification-token': registered!.token }, body: '{}' });
    expect(late.status).toBe(404);
  });

  it('polls as before when this node has no public URL to be pushed to', async () => {
    const peer = await sdkPeer({ streaming: false, pushNotifications: true });
    const node = await nodes.start();
    await node.api.call('peers.add', { name: 'echo', baseUrl: peer.url, protocol: 'a2a' });
    await node.api.call('messages.send', { peer: 'echo', text: 'poll me' });
    expect((await replies(node, 1))[0]!.content).toBe('echo #1: poll me');
    expect(methods(peer)).toContain('GetTask');
    expect((peer.requests[0]!.body as Rpc).params.configuration?.taskPushNotificationConfig).toBeUndefined();
  });

  it('asks for the task itself when no notification arrives for a while (the peer cannot reach the webhook)', async () => {
    const peer = await sdkPeer({ streaming: false, pushNotifications: true });
    const node = await nodes.start({ a2aPush: { quietMs: 50 } });
    // A public URL nobody answers at: every push the peer sends fails.
    await node.api.call('settings.update', { publicUrl: `http://127.0.0.1:${await closedPort()}` });
    await node.api.call('peers.add', { name: 'echo', baseUrl: peer.url, protocol: 'a2a' });
    const sent = (await node.api.call('messages.send', { peer: 'echo', text: 'anyone there' })) as MessageSummary;
    expect((await replies(node, 1))[0]!.content).toBe('echo #1: anyone there');
    expect((await waitFor(() => detail(node, sent.id), (m) => m.taskState === 'completed')).taskState).toBe('completed');
    expect(methods(peer)[0]).toBe('SendMessage');
    expect(methods(peer)).toContain('GetTask');
  });

  it('a peer that refuses the webhook gets the message again without it, and is polled', async () => {
    const refusing: PushNotificationStore = {
      save: () => Promise.reject(new RequestMalformedError('webhook refused by this agent')),
      load: () => Promise.resolve([]),
      delete: () => Promise.resolve(),
    };
    const peer = await sdkPeer({ streaming: false, pushNotifications: true, pushStore: refusing });
    const node = await nodes.start();
    await node.api.call('settings.update', { publicUrl: publicUrl(node) });
    await node.api.call('peers.add', { name: 'echo', baseUrl: peer.url, protocol: 'a2a' });
    const sent = (await node.api.call('messages.send', { peer: 'echo', text: 'no hooks please' })) as MessageSummary;
    expect((await replies(node, 1))[0]!.content).toBe('echo #1: no hooks please');
    expect((await waitFor(() => detail(node, sent.id), (m) => m.taskState === 'completed')).status).toBe('delivered');
    const sends = peer.requests.map((r) => r.body as Rpc).filter((r) => r.method === 'SendMessage');
    expect(sends.map((r) => Boolean(r.params.configuration?.taskPushNotificationConfig))).toEqual([true, false]);
    expect(methods(peer)).toContain('GetTask');
    expect(peer.contexts).toHaveLength(1);
    expect((node.protocols.get('a2a') as A2aProtocol).pushSubscriptions.size).toBe(0);
  });

  it('two Switchboard nodes: what one node pushes (1.0 and 0.3 shapes) the other’s webhook takes', async () => {
    const server = await nodes.start({ name: 'server-node' });
    const { key } = (await server.api.call('keys.generate', { label: 'client-node' })) as { key: string };
    const client = await nodes.start({ name: 'client-node' });
    await client.api.call('settings.update', { publicUrl: publicUrl(client) });
    const subscriptions = (client.protocols.get('a2a') as A2aProtocol).pushSubscriptions;
    const caller = await sdkClient(server, key);

    const follow = async (register: (config: TaskPushNotificationConfig, taskId: string) => Promise<void>, text: string) => {
      const task = (await caller.sendMessage(sendParams(userMessage(text), { returnImmediately: true }))) as Task;
      const approval = await nextApproval(server);
      const subscription = subscriptions.open()!;
      await register(subscription.config, task.id);
      const events: StreamResponse[] = [];
      const reading = (async () => {
        for await (const event of subscription.stream(caller, task, AbortSignal.timeout(10_000))) events.push(event);
      })();
      await server.api.call('approvals.decide', { id: approval.id, action: 'reply', text: `answer to ${text}` });
      await reading;
      return events;
    };

    const v1 = await follow(async (config, taskId) => void (await caller.createTaskPushNotificationConfig({ ...config, taskId })), 'one');
    const last = v1.at(-1)!.payload!;
    expect(last.$case).toBe('task');
    const finished = last.value as Task;
    expect(finished.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(finished.artifacts.flatMap((a) => a.parts.map((p) => (p.content?.$case === 'text' ? p.content.value : '')))).toEqual(['answer to one']);

    // A 0.3 caller (no A2A-Version) registers with the 0.3 method; the notification is a bare 0.3 Task.
    const v03 = await follow(async (config, taskId) => {
      const response = await fetch(publicUrl(server, '/a2a'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tasks/pushNotificationConfig/set', params: { taskId, pushNotificationConfig: { id: config.id, url: config.url, token: config.token } } }),
      });
      expect(((await response.json()) as { error?: unknown }).error).toBeUndefined();
    }, 'two');
    expect((v03.at(-1)!.payload!.value as Task).status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    const versions = server.db.prepare('SELECT wire_version FROM a2a_push_configs ORDER BY created_at').all() as { wire_version: string }[];
    expect(versions.map((v) => v.wire_version)).toEqual(['1.0', '0.3']);
    expect(subscriptions.size).toBe(0);
  });
});

describe('A2A push notifications, forged ones', () => {
  const nodes = useTestNodes();
  const sdkPeer = useSdkPeers();

  it('a notification with a wrong or missing token is refused (401) and changes nothing; an unknown id is 404; a bad body 400', async () => {
    const peer = await sdkPeer({ streaming: false, pushNotifications: true });
    const node = await nodes.start();
    await node.api.call('settings.update', { publicUrl: publicUrl(node) });
    await node.api.call('peers.add', { name: 'echo', baseUrl: peer.url, protocol: 'a2a' });
    // "slow …" keeps the peer's task working until it is canceled: the webhook stays open.
    const sent = (await node.api.call('messages.send', { peer: 'echo', text: 'slow and steady' })) as MessageSummary;
    const working = await waitFor(() => detail(node, sent.id), (m) => m.taskState === 'working');
    const registered = (peer.requests[0]!.body as Rpc).params.configuration!.taskPushNotificationConfig!;
    const forged = JSON.stringify({
      task: { id: working.taskId, contextId: working.contextId, status: { state: 'TASK_STATE_COMPLETED', message: { messageId: 'forged-1', role: 'ROLE_AGENT', parts: [{ text: 'Forged answer' }] } } },
    });
    const post = (url: string, headers: Record<string, string>, body = forged) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/a2a+json', ...headers }, body });

    expect((await post(registered.url, { 'x-a2a-notification-token': `${registered.token}x` })).status).toBe(401);
    expect((await post(registered.url, { authorization: 'Bearer not-the-token' })).status).toBe(401);
    const missing = await post(registered.url, {});
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: string }).error).toBe('unauthorized');
    expect((await post(`${publicUrl(node, '/a2a/push/')}no-such-subscription`, { 'x-a2a-notification-token': registered.token })).status).toBe(404);
    expect((await post(registered.url, { 'x-a2a-notification-token': registered.token }, JSON.stringify({ task: {}, message: {} }))).status).toBe(400);
    expect((await post(registered.url, { 'x-a2a-notification-token': registered.token }, JSON.stringify({ statusUpdate: { taskId: 'another-task', contextId: 'c', status: { state: 'TASK_STATE_COMPLETED' } } }))).status).toBe(400);

    // Nothing changed: still working, no reply in the timeline.
    expect((await detail(node, sent.id)).taskState).toBe('working');
    const inbound = (await node.api.call('messages.list', { protocol: 'a2a', direction: 'in' })) as { messages: MessageSummary[] };
    expect(inbound.messages).toEqual([]);

    // The same body with the right token is taken: the check above is what refused it.
    expect((await post(registered.url, { 'x-a2a-notification-token': registered.token })).status).toBe(204);
    expect((await waitFor(() => detail(node, sent.id), (m) => m.taskState === 'completed')).taskState).toBe('completed');
    expect((await replies(node, 1))[0]!.content).toBe('Forged answer');
  });
});
