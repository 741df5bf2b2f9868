import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '../../../src/shared/domain/message';
import { useSdkPeers } from '../../helpers/a2a';
import { detail, waitFor } from '../../helpers/linked-nodes';
import { useTestNodes } from '../../helpers/test-node';
import { closedPort, useTinyServers } from '../../helpers/tiny-server';
import type { SwitchboardNode } from '../../../src/main/core/node';

async function a2aMessages(node: SwitchboardNode, direction: 'in' | 'out'): Promise<MessageSummary[]> {
  return ((await node.api.call('messages.list', { protocol: 'a2a', direction })) as { messages: MessageSummary[] }).messages;
}

async function replies(node: SwitchboardNode, count: number): Promise<MessageSummary[]> {
  return waitFor(() => a2aMessages(node, 'in'), (list) => list.length >= count);
}

describe('A2A client, talking to a real @a2a-js/sdk server', () => {
  const nodes = useTestNodes();
  const sdkPeer = useSdkPeers();
  const tinyServer = useTinyServers();

  async function nodeWithPeer(options: { streaming?: boolean } = {}) {
    const peer = await sdkPeer(options);
    const node = await nodes.start();
    await node.api.call('peers.add', { name: 'echo', baseUrl: peer.url, protocol: 'a2a' });
    return { node, peer };
  }

  it('sends through the outbox and records the streamed reply in the timeline, in the same conversation', async () => {
    const { node, peer } = await nodeWithPeer({ streaming: true });
    const sent = (await node.api.call('messages.send', { peer: 'echo', text: 'hello there' })) as MessageSummary;
    const [reply] = await replies(node, 1);
    expect(reply).toMatchObject({ peerName: 'echo', direction: 'in', protocol: 'a2a', content: 'echo #1: hello there' });
    const out = await waitFor(() => detail(node, sent.id), (m) => m.status === 'delivered' && m.taskId !== null);
    expect(reply!.taskId).toBe(out.taskId);
    expect(reply!.contextId).toBe(out.contextId);
    // Streaming card: the SDK server saw SendStreamingMessage, with the messageId we stored as the idempotency key.
    const rpc = peer.requests.map((r) => r.body as { method: string; params: { message: { messageId: string } } });
    expect(rpc.map((r) => r.method)).toEqual(['SendStreamingMessage']);
    expect(rpc[0]!.params.message.messageId).toBe(out.idempotencyKey);
  });

  it('continues the peer conversation’s contextId across turns; --new-context starts another', async () => {
    const { node, peer } = await nodeWithPeer({ streaming: false });
    await node.api.call('messages.send', { peer: 'echo', text: 'one' });
    await replies(node, 1);
    await node.api.call('messages.send', { peer: 'echo', text: 'two' });
    const second = await replies(node, 2);
    expect(second[0]!.content).toBe('echo #2: two');
    expect(peer.contexts[0]).toBe(peer.contexts[1]);
    await node.api.call('messages.send', { peer: 'echo', text: 'three', newContext: true });
    const third = await replies(node, 3);
    expect(third[0]!.content).toBe('echo #1: three');
    expect(peer.contexts[2]).not.toBe(peer.contexts[0]);
    await node.api.call('messages.send', { peer: 'echo', text: 'back', context: peer.contexts[0]! });
    expect((await replies(node, 4))[0]!.content).toBe('echo #3: back');
    // Without streaming, the node polled GetTask rather than streaming.
    expect(peer.requests.map((r) => (r.body as { method: string }).method)).toEqual(expect.arrayContaining(['SendMessage', 'GetTask']));
    expect(peer.requests.map((r) => (r.body as { method: string }).method)).not.toContain('SendStreamingMessage');
  });

  it('lets the operator cancel a running task', async () => {
    const { node } = await nodeWithPeer({ streaming: true });
    const sent = (await node.api.call('messages.send', { peer: 'echo', text: 'slow job' })) as MessageSummary;
    const out = await waitFor(() => detail(node, sent.id), (m) => m.taskId !== null);
    const result = (await node.api.call('a2a.cancelTask', { peer: 'echo', taskId: out.taskId! })) as { state: string };
    expect(result.state).toBe('canceled');
    await expect(node.api.call('a2a.cancelTask', { peer: 'echo', taskId: 'not-a-task' })).rejects.toMatchObject({ code: 'not_found', message: 'echo has no task not-a-task (not found).' });
    await node.api.call('peers.update', { peer: 'echo', baseUrl: `http://127.0.0.1:${await closedPort()}` });
    await expect(node.api.call('a2a.cancelTask', { peer: 'echo', taskId: out.taskId! })).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('retries a peer that is down, dead-letters it, and a replay keeps the messageId', async () => {
    const node = await nodes.start();
    await node.api.call('peers.add', { name: 'gone', baseUrl: `http://127.0.0.1:${await closedPort()}`, protocol: 'a2a' });
    await node.api.call('peers.setRetryPolicy', { peer: 'gone', policy: { maxAttempts: 2, baseDelayMs: 100 } });
    const sent = (await node.api.call('messages.send', { peer: 'gone', text: 'anyone?' })) as MessageSummary;
    const dead = await waitFor(() => detail(node, sent.id), (m) => m.status === 'dead', 15_000);
    expect(dead.attempts.map((a) => a.outcome)).toEqual(['retry', 'failed']);
    expect(dead.attempts[0]!.error).toMatch(/connection error: ECONNREFUSED/);

    const peer = await sdkPeer({ streaming: false });
    await node.api.call('peers.update', { peer: 'gone', baseUrl: peer.url });
    await node.api.call('deadLetters.replay', { ids: [sent.id] });
    await waitFor(() => detail(node, sent.id), (m) => m.status === 'delivered');
    expect((peer.requests[0]!.body as { params: { message: { messageId: string } } }).params.message.messageId).toBe(dead.idempotencyKey);
    expect((await replies(node, 1))[0]!.content).toBe('echo #1: anyone?');
  });

  it('records an agent that answers with a message (no task) as its reply', async () => {
    const node = await nodes.start();
    const agent = await tinyServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      if (request.method === 'GET') {
        response.end(JSON.stringify({ name: 'quick', description: 'answers at once', version: '1', supportedInterfaces: [{ url: `http://127.0.0.1:${agentPort()}/a2a`, protocolBinding: 'JSONRPC', protocolVersion: '1.0' }], capabilities: { streaming: false }, defaultInputModes: ['text/plain'], defaultOutputModes: ['text/plain'], skills: [] }));
      } else {
        const { id, params } = JSON.parse(request.body) as { id: unknown; params: { message: { contextId: string } } };
        response.end(JSON.stringify({ jsonrpc: '2.0', id, result: { message: { messageId: 'answer-1', contextId: params.message.contextId, role: 'ROLE_AGENT', parts: [{ text: 'Right away: done.' }] } } }));
      }
    });
    const agentPort = () => agent.port;
    await node.api.call('peers.add', { name: 'quick', baseUrl: agent.url, protocol: 'a2a' });
    const sent = (await node.api.call('messages.send', { peer: 'quick', text: 'do it' })) as MessageSummary;
    const [reply] = await replies(node, 1);
    // The reply belongs to the exchange: it shows the trace id it answers, which travelled in the metadata and
    // as the W3C trace-id of every request's traceparent.
    expect(reply).toMatchObject({ peerName: 'quick', content: 'Right away: done.', traceId: sent.traceId });
    const out = await waitFor(() => detail(node, sent.id), (m) => m.status === 'delivered');
    expect(reply!.contextId).toBe(out.contextId);
    const rpc = agent.requests.filter((request) => request.method === 'POST');
    expect((JSON.parse(rpc[0]!.body) as { params: { message: { metadata: unknown } } }).params.message.metadata).toEqual({ traceId: sent.traceId });
    for (const request of agent.requests) expect(request.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const w3c = new Set(agent.requests.map((request) => String(request.headers.traceparent).split('-')[1]));
    expect(w3c.size).toBe(1);
  });

  it('keeps an answer’s data parts (an artifact of JSON) with the reply, so the console shows JSON as JSON', async () => {
    const node = await nodes.start();
    const agent = await tinyServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      if (request.method === 'GET') {
        response.end(JSON.stringify({ name: 'data', description: 'answers with data', version: '1', supportedInterfaces: [{ url: `http://127.0.0.1:${agentPort()}/a2a`, protocolBinding: 'JSONRPC', protocolVersion: '1.0' }], capabilities: { streaming: false }, defaultInputModes: ['text/plain'], defaultOutputModes: ['application/json'], skills: [] }));
      } else {
        const { id, params } = JSON.parse(request.body) as { id: unknown; params: { message: { contextId: string } } };
        const task = { id: 't-1', contextId: params.message.contextId || 'c-1', status: { state: 'TASK_STATE_COMPLETED' }, artifacts: [{ artifactId: 'a-1', name: 'result', parts: [{ data: { order: 412, ok: true } }] }] };
        response.end(JSON.stringify({ jsonrpc: '2.0', id, result: { task } }));
      }
    });
    const agentPort = () => agent.port;
    await node.api.call('peers.add', { name: 'data', baseUrl: agent.url, protocol: 'a2a' });
    await node.api.call('messages.send', { peer: 'data', text: 'status of 412?' });
    const [reply] = await replies(node, 1);
    expect((await detail(node, reply!.id)).parts).toEqual([{ kind: 'data', data: { order: 412, ok: true } }]);
  });

  it('dead-letters a JSON-RPC refusal at once: the agent understood and said no', async () => {
    const node = await nodes.start();
    const refuser = await tinyServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      if (request.method === 'GET') {
        response.end(JSON.stringify({ name: 'refuser', description: 'says no', version: '1', supportedInterfaces: [{ url: `http://127.0.0.1:${refuserPort()}/a2a`, protocolBinding: 'JSONRPC', protocolVersion: '1.0' }], capabilities: { streaming: false }, defaultInputModes: ['text/plain'], defaultOutputModes: ['text/plain'], skills: [] }));
      } else {
        const id = (JSON.parse(request.body) as { id: unknown }).id;
        response.end(JSON.stringify({ jsonrpc: '2.0', id, error: { code: -32602, message: 'We do not take messages from strangers.' } }));
      }
    });
    const refuserPort = () => refuser.port;
    await node.api.call('peers.add', { name: 'refuser', baseUrl: refuser.url, protocol: 'a2a' });
    const sent = (await node.api.call('messages.send', { peer: 'refuser', text: 'hello?' })) as MessageSummary;
    const dead = await waitFor(() => detail(node, sent.id), (m) => m.status === 'dead');
    expect(dead.attempts).toHaveLength(1);
    expect(dead.attempts[0]).toMatchObject({ outcome: 'failed', statusCode: 200 });
    expect(dead.attempts[0]!.error).toMatch(/strangers/);
  });
});
