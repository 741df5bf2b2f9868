import { TaskState, type Task } from '@a2a-js/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SwitchboardNode } from '../../../src/main/core/node';
import { parsePrefix, substituteEnv, underPrefix } from '../../../src/main/core/protocols/a2a/credential-store';
import type { MessageSummary } from '../../../src/shared/domain/message';
import type { Approval } from '../../../src/shared/domain/approval';
import { nextApproval, sdkClient, sendParams, useSdkPeers, userMessage } from '../../helpers/a2a';
import { waitFor } from '../../helpers/linked-nodes';
import { rawRequest } from '../../helpers/raw-http';
import { useTestNodes } from '../../helpers/test-node';
import { useTinyServers } from '../../helpers/tiny-server';

const rpc = (node: SwitchboardNode, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`http://127.0.0.1:${node.port}/a2a`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'a2a-version': '1.0', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const sendBody = (text: string, extra: Record<string, unknown> = {}) => ({
  jsonrpc: '2.0',
  id: 1,
  method: 'SendMessage',
  params: { message: { messageId: `m-${Math.random()}`, role: 'ROLE_USER', parts: [{ text }], ...extra }, configuration: { returnImmediately: true } },
});

describe('A2A: the holes of the public implementations stay closed', () => {
  const nodes = useTestNodes();
  const sdkPeer = useSdkPeers();
  const tinyServer = useTinyServers();
  afterEach(() => vi.unstubAllEnvs());

  async function nodeWithKey(label = 'alice') {
    const node = await nodes.start();
    const { key } = (await node.api.call('keys.generate', { label })) as { key: string };
    return { node, key };
  }

  describe('inbound keys', () => {
    it('answers no key, a wrong key and a revoked key with 401, a challenge and a JSON-RPC body', async () => {
      const { node, key } = await nodeWithKey();
      for (const headers of [{}, { authorization: 'Bearer not-the-key' }, { 'x-a2a-key': 'not-the-key' }, { authorization: `Basic ${key}` }] as Record<string, string>[]) {
        const response = await rpc(node, sendBody('hi'), headers);
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer realm="a2a"');
        const body = (await response.json()) as { error: { code: number; message: string } };
        expect(body.error.code).toBe(-32600);
        expect(body.error.message).toMatch(/Authorization: Bearer <key> or X-A2A-Key/);
      }
      expect((await rpc(node, sendBody('hi'), { authorization: `Bearer ${key}` })).status).toBe(200);
      await node.api.call('keys.revoke', { label: 'alice' });
      expect((await rpc(node, sendBody('hi'), { authorization: `Bearer ${key}` })).status).toBe(401);
      await expect(sdkClient(node, key).then((c) => c.sendMessage(sendParams(userMessage('x'))))).rejects.toThrow(/401|Authentication/);
    });

    it('accepts both key headers from the SDK client, and records when each key was last used', async () => {
      const { node, key } = await nodeWithKey();
      for (const header of ['bearer', 'x-a2a-key'] as const) {
        const client = await sdkClient(node, key, { header });
        const task = (await client.sendMessage(sendParams(userMessage(`via ${header}`), { returnImmediately: true }))) as Task;
        expect(task.id).toBeTruthy();
      }
      const { keys } = (await node.api.call('keys.list', {})) as { keys: { label: string; hint: string; lastUsedAt: string | null }[] };
      expect(keys[0]!.lastUsedAt).not.toBeNull();
      expect(keys[0]!.hint).toMatch(/^.{4}….{4}$/);
      expect(JSON.stringify(keys)).not.toContain(key);
    });

    it('treats non-ASCII, oversized and doubled key headers as a 401, and keeps serving', async () => {
      const { node, key } = await nodeWithKey();
      const body = JSON.stringify(sendBody('hi'));
      const head = (header: string) =>
        Buffer.concat([
          Buffer.from(`POST /a2a HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nA2A-Version: 1.0\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`),
          Buffer.from(header, 'utf8'),
          Buffer.from(`\r\n\r\n${body}`),
        ]);
      for (const header of [`X-A2A-Key: cl\u00e9-${key}`, `Authorization: Bearer \u2603${key}`, `X-A2A-Key: ${'k'.repeat(10_000)}`, `Authorization: Bearer ${key} ${key}`]) {
        const answer = await rawRequest(node.port, head(header));
        expect(answer.status, header.slice(0, 40)).toBe(401);
        expect(answer.headers).toMatch(/www-authenticate: Bearer realm="a2a"/i);
      }
      expect((await rpc(node, sendBody('still up'), { 'x-a2a-key': key })).status).toBe(200);
    });

    it('serves callers without a key only when the operator switches that on, and still refuses a wrong key', async () => {
      const { node } = await nodeWithKey();
      expect((await rpc(node, sendBody('hi'))).status).toBe(401);
      await node.api.call('settings.update', { a2a: { allowUnauthenticated: true } });
      expect((await rpc(node, sendBody('hi'))).status).toBe(200);
      expect((await rpc(node, sendBody('hi'), { authorization: 'Bearer wrong' })).status).toBe(401);
      const approval = await nextApproval(node);
      expect(approval.peerName).toBe('anonymous caller');
    });
  });

  describe('JSON-RPC bad input', () => {
    it('answers each malformed request in the spec’s error shape', async () => {
      const { node, key } = await nodeWithKey();
      const auth = { authorization: `Bearer ${key}` };
      const error = async (body: unknown, headers: Record<string, string> = {}) => {
        const response = await rpc(node, body, { ...auth, ...headers });
        return { status: response.status, error: ((await response.json()) as { error?: { code: number; message: string } }).error };
      };
      expect((await error('{"jsonrpc":"2.0",')).error).toEqual({ code: -32700, message: 'Invalid JSON payload.' });
      expect((await error('[1,2]')).error?.code).toBe(-32700);
      expect((await error({ jsonrpc: '2.0', id: 1, method: 'NoSuchMethod', params: {} })).error?.code).toBe(-32601);
      expect((await error({ jsonrpc: '2.0', id: 1, method: 'GetTask', params: { id: 42 } })).error?.code).toBeLessThan(-32000);
      expect((await error({ jsonrpc: '2.0', id: 1, method: 'GetTask', params: { id: '../../etc/passwd' } })).error?.code).toBe(-32001);
      expect((await error({ jsonrpc: '2.0', id: 1, method: 'SendMessage', params: { message: 'not an object' } })).error?.code).toBe(-32602);
      expect((await error({ jsonrpc: '2.0', id: 1, method: 'GetTask', params: { id: 'x' } }, { 'content-type': 'text/plain' })).error?.code).toBe(-32005);
      expect((await error({ jsonrpc: '2.0', id: 1, method: 'GetTask', params: { id: 'x' } }, { 'a2a-version': '9.9' })).error?.code).toBe(-32009);
      const huge = await rpc(node, JSON.stringify(sendBody('x'.repeat(6 * 1024 * 1024))), auth);
      expect(huge.status).toBe(413);
      expect((await error({ jsonrpc: '2.0', id: 1, method: 'GetTask', params: { id: 'x' } })).error?.code).toBe(-32001);
    });

    it('checks the JSON-RPC 2.0 envelope itself (-32600, JSON-RPC 2.0 §4/§5.1) and never echoes internal errors', async () => {
      const { node, key } = await nodeWithKey();
      const auth = { authorization: `Bearer ${key}` };
      const answer = async (body: unknown) => {
        const response = await rpc(node, body, auth);
        return { status: response.status, body: (await response.json()) as { id?: unknown; error?: { code: number; message: string } } };
      };
      for (const [body, message] of [
        [{ jsonrpc: '1.0', id: 1, method: 'GetTask', params: { id: 'x' } }, 'jsonrpc must be exactly "2.0".'],
        [{ id: 1, method: 'GetTask', params: { id: 'x' } }, 'jsonrpc must be exactly "2.0".'],
        [{ jsonrpc: '2.0', id: 1, params: {} }, 'method must be a non-empty string.'],
        [{ jsonrpc: '2.0', id: 1, method: 42 }, 'method must be a non-empty string.'],
        [{ jsonrpc: '2.0', id: { nested: true }, method: 'GetTask', params: { id: 'x' } }, 'id must be a string, a number or null.'],
      ] as const) {
        const { status, body: reply } = await answer(body);
        expect(status).toBe(200);
        // 1.0 errors carry a google.rpc.ErrorInfo (A2A 1.0 §9.5); conformance.test.ts covers both paths.
        expect(reply).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32600, message, data: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'INVALID_REQUEST', domain: 'a2a-protocol.org' }] } });
      }
      // An id nested thousands deep is refused before any library recurses into it (it was a 500: stack overflow).
      const deep = `{"jsonrpc":"2.0","method":"GetTask","id":${'['.repeat(5000)}${']'.repeat(5000)}}`;
      const refused = await answer(deep);
      expect(refused.body.error).toMatchObject({ code: -32600, message: 'The request nests deeper than 64 levels.' });
      // A wrong-typed field the SDK trips over is an internal error: its code, never its exception text.
      const internal = await answer({ jsonrpc: '2.0', id: 7, method: 'tasks/get', params: { id: {} } });
      expect(internal.body.error?.message ?? '').not.toMatch(/trim|function|undefined/);
      expect((await fetch(`http://127.0.0.1:${node.port}/health`)).status).toBe(200);
    });
  });

  describe('callers are kept apart', () => {
    it('another caller cannot join a contextId, read, list or cancel someone else’s task', async () => {
      const { node, key: aliceKey } = await nodeWithKey('alice');
      const { key: bobKey } = (await node.api.call('keys.generate', { label: 'bob' })) as { key: string };
      const alice = await sdkClient(node, aliceKey);
      const bob = await sdkClient(node, bobKey);
      const aliceTask = (await alice.sendMessage(sendParams(userMessage('alice private', { contextId: 'shared-ctx' }), { returnImmediately: true }))) as Task;
      await expect(bob.sendMessage(sendParams(userMessage('let me in', { contextId: 'shared-ctx', taskId: aliceTask.id }), { returnImmediately: true }))).rejects.toThrow(/Task not found/);
      await expect(bob.getTask({ tenant: '', id: aliceTask.id, historyLength: undefined })).rejects.toThrow(/Task not found/);
      await expect(bob.cancelTask({ tenant: '', id: aliceTask.id, metadata: undefined })).rejects.toThrow(/Task not found/);
      const bobTask = (await bob.sendMessage(sendParams(userMessage('bob in the same id', { contextId: 'shared-ctx' }), { returnImmediately: true }))) as Task;
      const listed = await bob.listTasks({ tenant: '', contextId: 'shared-ctx', status: TaskState.TASK_STATE_UNSPECIFIED, pageSize: undefined, pageToken: '', historyLength: undefined, statusTimestampAfter: undefined, includeArtifacts: undefined });
      expect(listed.tasks.map((t) => t.id)).toEqual([bobTask.id]);
      expect(JSON.stringify(listed)).not.toContain('alice private');
      // In the inbox and the timeline they are two conversations with two peers.
      const { approvals } = (await node.api.call('approvals.list', { status: 'pending' })) as { approvals: Approval[] };
      expect(approvals.map((a) => [a.peerName, a.title]).sort()).toEqual([
        ['alice', 'alice private'],
        ['bob', 'bob in the same id'],
      ]);
      const { messages } = (await node.api.call('messages.list', { protocol: 'a2a' })) as { messages: MessageSummary[] };
      expect(new Set(messages.map((m) => m.peerId)).size).toBe(2);
    });

    it('forwards each caller’s context to the local agent under its own name, so they never share one', async () => {
      const local = await sdkPeer();
      const { node, key: aliceKey } = await nodeWithKey('alice');
      const { key: bobKey } = (await node.api.call('keys.generate', { label: 'bob' })) as { key: string };
      await node.api.call('settings.update', { a2a: { localAgentUrl: local.url } });
      for (const name of ['alice', 'bob']) await node.api.call('peers.setGatewayPolicy', { peer: name, policy: 'forward' });
      const aliceAnswer = (await (await sdkClient(node, aliceKey)).sendMessage(sendParams(userMessage('a', { contextId: 'same' })))) as Task;
      const bobAnswer = (await (await sdkClient(node, bobKey)).sendMessage(sendParams(userMessage('b', { contextId: 'same' })))) as Task;
      expect(local.contexts).toHaveLength(2);
      expect(local.contexts[0]).not.toBe(local.contexts[1]);
      // Each is the first turn of its own conversation at the local agent.
      for (const task of [aliceAnswer, bobAnswer]) expect(task.artifacts[0]!.parts[0]!.content).toMatchObject({ value: expect.stringMatching(/^echo #1: /) });
    });
  });

  describe('outbound credentials', () => {
    it('match on origin and whole path segments, and substitute ${ENV} at request time', () => {
      const prefix = parsePrefix('https://agents.example/team/');
      expect(underPrefix(new URL('https://agents.example/team'), prefix)).toBe(true);
      expect(underPrefix(new URL('https://agents.example/team/a2a'), prefix)).toBe(true);
      expect(underPrefix(new URL('https://agents.example/teams/a2a'), prefix)).toBe(false);
      expect(underPrefix(new URL('http://agents.example/team/a2a'), prefix)).toBe(false);
      expect(underPrefix(new URL('https://agents.example:8443/team/a2a'), prefix)).toBe(false);
      expect(underPrefix(new URL('https://agents.example.evil.net/team/a2a'), prefix)).toBe(false);
      expect(substituteEnv('Bearer ${TOKEN}-${MISSING}', { TOKEN: 't0k' })).toEqual({ value: 'Bearer t0k-', missing: ['MISSING'] });
      expect(() => parsePrefix('https://user:pw@agents.example/')).toThrow(/without credentials/);
      expect(() => parsePrefix('ftp://agents.example/')).toThrow();
    });

    it('are sent only to the matched prefix: a card pointing elsewhere never receives them', async () => {
      const agent = await sdkPeer({ streaming: false });
      // The peer's base URL serves a card whose interface is on another origin (the SDK agent).
      const front = await tinyServer((request, response) => {
        response.setHeader('content-type', 'application/json');
        response.end(
          JSON.stringify({
            name: 'redirecting card',
            description: 'points elsewhere',
            version: '1',
            supportedInterfaces: [{ url: `${agent.url}/a2a`, protocolBinding: 'JSONRPC', protocolVersion: '1.0' }],
            capabilities: { streaming: false },
            defaultInputModes: ['text/plain'],
            defaultOutputModes: ['text/plain'],
            skills: [],
          }),
        );
      });
      vi.stubEnv('SB_TEST_A2A_TOKEN', 'from-the-environment');
      const node = await nodes.start();
      await node.api.call('peers.add', { name: 'front', baseUrl: front.url, protocol: 'a2a', outboundSecret: 'peer-outbound-secret-123' });
      const added = (await node.api.call('credentials.add', { prefix: front.url, headers: { 'X-Api-Key': 'literal-api-key-value', 'X-Env': '${SB_TEST_A2A_TOKEN}' } })) as { headers: { name: string; masked: string }[] };
      expect(added.headers).toEqual([
        { name: 'X-Api-Key', masked: 'lite…alue' },
        { name: 'X-Env', masked: '${SB_TEST_A2A_TOKEN}' },
      ]);
      await node.api.call('messages.send', { peer: 'front', text: 'who gets my keys?' });
      await waitFor(() => node.api.call('messages.list', { direction: 'in' }) as Promise<{ messages: unknown[] }>, (r) => r.messages.length > 0);
      // The card request, under the prefix, carried the configured headers with ${ENV} resolved.
      expect(front.requests[0]!.headers).toMatchObject({ 'x-api-key': 'literal-api-key-value', 'x-env': 'from-the-environment' });
      // The agent, on another origin, saw none of them — nor the peer's outbound secret.
      expect(agent.requests.length).toBeGreaterThan(0);
      for (const request of agent.requests) {
        expect(request.headers['x-api-key']).toBeUndefined();
        expect(request.headers['x-env']).toBeUndefined();
        expect(request.headers.authorization).toBeUndefined();
      }
    });

    it('sends the credentials whose prefix covers the agent, and the peer secret only under its base URL', async () => {
      const agent = await sdkPeer({ streaming: false });
      const node = await nodes.start();
      await node.api.call('peers.add', { name: 'agent', baseUrl: agent.url, protocol: 'a2a', outboundSecret: 'peer-outbound-secret-123' });
      await node.api.call('messages.send', { peer: 'agent', text: 'first' });
      await waitFor(() => Promise.resolve(agent.requests.length), (n) => n > 0);
      expect(agent.requests[0]!.headers.authorization).toBe('Bearer peer-outbound-secret-123');
      const { id } = (await node.api.call('credentials.add', { prefix: `${agent.url}/a2a`, headers: { Authorization: 'Bearer prefix-credential' } })) as { id: number };
      await node.api.call('messages.send', { peer: 'agent', text: 'second' });
      await waitFor(() => Promise.resolve(agent.requests.filter((r) => (r.body as { method: string }).method === 'SendMessage').length), (n) => n > 1);
      const sends = agent.requests.filter((r) => (r.body as { method: string }).method === 'SendMessage');
      expect(sends[1]!.headers.authorization).toBe('Bearer prefix-credential');
      await node.api.call('credentials.remove', { id });
      expect(((await node.api.call('credentials.list', {})) as { credentials: unknown[] }).credentials).toEqual([]);
      await expect(node.api.call('credentials.add', { prefix: 'https://a.example/?q=1', headers: { A: 'b' } })).rejects.toMatchObject({ code: 'invalid_input' });
      await expect(node.api.call('credentials.add', { prefix: 'https://a.example/', headers: { 'Bad Header': 'b' } })).rejects.toMatchObject({ code: 'invalid_input' });
      await expect(node.api.call('credentials.add', { prefix: 'https://a.example/', headers: { A: 'line\r\nInjected: 1' } })).rejects.toMatchObject({ code: 'invalid_input' });
    });
  });

  describe('task retention', () => {
    it('forgets finished tasks past the age and count limits, never ones still waiting', async () => {
      let offset = 0;
      const node = await nodes.start({}, { clock: { now: () => Date.now() + offset } });
      const { key } = (await node.api.call('keys.generate', { label: 'alice' })) as { key: string };
      const client = await sdkClient(node, key);
      const send = async (text: string) => (await client.sendMessage(sendParams(userMessage(text), { returnImmediately: true }))) as Task;
      const finish = async () => {
        for (const approval of ((await node.api.call('approvals.list', { status: 'pending' })) as { approvals: Approval[] }).approvals) {
          await node.api.call('approvals.decide', { id: approval.id, action: 'reject' });
        }
      };
      for (let i = 0; i < 12; i++) await send(`old ${i}`);
      await finish();
      const waiting = await send('still waiting');
      const count = async () => (await client.listTasks({ tenant: '', contextId: '', status: TaskState.TASK_STATE_UNSPECIFIED, pageSize: 100, pageToken: '', historyLength: undefined, statusTimestampAfter: undefined, includeArtifacts: undefined })).totalSize;
      expect(await count()).toBe(13);
      await node.api.call('settings.update', { a2a: { taskRetention: { maxAgeDays: 30, maxTasks: 10 } } });
      expect(node.protocols.get('a2a')!.sweep!()).toBe(2);
      expect(await count()).toBe(11);
      offset = 31 * 86_400_000;
      expect(node.protocols.get('a2a')!.sweep!()).toBe(10);
      const left = await client.getTask({ tenant: '', id: waiting.id, historyLength: undefined });
      expect(left.status?.state).toBe(TaskState.TASK_STATE_WORKING);
      expect(await count()).toBe(1);
    });
  });
});
