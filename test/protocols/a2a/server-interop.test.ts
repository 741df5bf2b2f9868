import { TaskState, type Task } from '@a2a-js/sdk';
import { describe, expect, it } from 'vitest';
import type { Approval } from '../../../src/shared/domain/approval';
import { nextApproval, sdkClient, sendParams, useSdkPeers, userMessage } from '../../helpers/a2a';
import { useTestNodes } from '../../helpers/test-node';

const partsText = (task: Task) => task.artifacts.flatMap((a) => a.parts.map((p) => (p.content?.$case === 'text' ? p.content.value : ''))).join('');

describe('A2A server, driven by the real @a2a-js/sdk client', () => {
  const nodes = useTestNodes();
  const sdkPeer = useSdkPeers();

  async function nodeWithKey(overrides = {}) {
    const node = await nodes.start({ name: 'a2a-node', ...overrides });
    const { key } = (await node.api.call('keys.generate', { label: 'alice' })) as { key: string };
    return { node, key };
  }

  it('serves a valid 1.0 card the SDK resolves, built from the configured public URL', async () => {
    const { node, key } = await nodeWithKey({ publicUrl: `http://127.0.0.1:1` });
    await node.api.call('settings.update', { publicUrl: null });
    const client = await sdkClient(node, key);
    const card = await client.getAgentCard();
    expect(card.name).toBe('a2a-node');
    expect(card.capabilities?.streaming).toBe(true);
    expect(card.supportedInterfaces.map((i) => [i.url, i.protocolBinding, i.protocolVersion])).toEqual([
      [`http://127.0.0.1:${node.port}/a2a`, 'JSONRPC', '1.0'],
      [`http://127.0.0.1:${node.port}/a2a`, 'JSONRPC', '0.3'],
    ]);
    expect(Object.keys(card.securitySchemes)).toEqual(['bearer', 'apiKey']);
    expect(client.protocolVersion).toBe('1.0');
  });

  it('never builds the card URL from Host or X-Forwarded-* headers', async () => {
    const { node } = await nodeWithKey({ publicUrl: 'https://sb.example.net' });
    const response = await fetch(`http://127.0.0.1:${node.port}/.well-known/agent-card.json`, {
      headers: { 'A2A-Version': '1.0', host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
    });
    const card = (await response.json()) as { supportedInterfaces: { url: string }[] };
    expect(card.supportedInterfaces.map((i) => i.url)).toEqual(['https://sb.example.net/a2a', 'https://sb.example.net/a2a']);
  });

  it('answers 0.3 clients with the 0.3 card, and caches with an ETag', async () => {
    const { node } = await nodeWithKey({ publicUrl: 'https://sb.example.net' });
    const legacy = await fetch(`http://127.0.0.1:${node.port}/.well-known/agent-card.json`);
    const body = (await legacy.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ url: 'https://sb.example.net/a2a', protocolVersion: '0.3', preferredTransport: 'JSONRPC', securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } });
    expect(legacy.headers.get('vary')).toBe('A2A-Version');
    expect(legacy.headers.get('cache-control')).toBe('public, max-age=3600');
    const etag = legacy.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"[0-9a-f]{16}"$/);
    const again = await fetch(`http://127.0.0.1:${node.port}/.well-known/agent-card.json`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
  });

  it('SendMessage (blocking) waits for the operator’s answer and returns the completed task', async () => {
    const { node, key } = await nodeWithKey();
    const client = await sdkClient(node, key);
    const pending = client.sendMessage(sendParams(userMessage('What is the status?')));
    const approval = await nextApproval(node);
    expect(approval).toMatchObject({ kind: 'a2a.request', peerName: 'alice', title: 'What is the status?', actions: ['reply', 'askBack', 'reject'] });
    await node.api.call('approvals.decide', { id: approval.id, action: 'reply', text: 'All green.' });
    const task = (await pending) as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(partsText(task)).toBe('All green.');
    const timeline = (await node.api.call('messages.list', { protocol: 'a2a' })) as { messages: { direction: string; content: string; taskId: string }[] };
    expect(timeline.messages.map((m) => [m.direction, m.content])).toEqual([
      ['out', 'All green.'],
      ['in', 'What is the status?'],
    ]);
    expect(new Set(timeline.messages.map((m) => m.taskId))).toEqual(new Set([task.id]));
  });

  it('returns a blocking call after the configured limit with the task as it stands', async () => {
    const { node, key } = await nodeWithKey();
    await node.api.call('settings.update', { a2a: { blockingWaitSeconds: 1 } });
    const client = await sdkClient(node, key);
    const started = Date.now();
    const task = (await client.sendMessage(sendParams(userMessage('Take your time')))) as Task;
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(task.status?.state).toBe(TaskState.TASK_STATE_WORKING);
    const approval = await nextApproval(node);
    await node.api.call('approvals.decide', { id: approval.id, action: 'reply', text: 'Done now.' });
    const later = await client.getTask({ tenant: '', id: task.id, historyLength: undefined });
    expect(later.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
  });

  it('honours returnImmediately, and lists, gets and cancels tasks', async () => {
    const { node, key } = await nodeWithKey();
    const client = await sdkClient(node, key);
    const task = (await client.sendMessage(sendParams(userMessage('queue this', { contextId: 'ctx-1' }), { returnImmediately: true }))) as Task;
    expect([TaskState.TASK_STATE_SUBMITTED, TaskState.TASK_STATE_WORKING]).toContain(task.status?.state);
    expect(task.contextId).toBe('ctx-1');
    await client.sendMessage(sendParams(userMessage('another', { contextId: 'ctx-2' }), { returnImmediately: true }));
    const listed = await client.listTasks({ tenant: '', contextId: 'ctx-1', status: TaskState.TASK_STATE_UNSPECIFIED, pageSize: undefined, pageToken: '', historyLength: undefined, statusTimestampAfter: undefined, includeArtifacts: undefined });
    expect(listed.tasks.map((t) => t.id)).toEqual([task.id]);
    expect(listed.totalSize).toBe(1);
    const got = await client.getTask({ tenant: '', id: task.id, historyLength: undefined });
    expect(got.history.map((m) => m.parts[0]?.content?.$case === 'text' && m.parts[0].content.value)).toContain('queue this');
    const canceled = await client.cancelTask({ tenant: '', id: task.id, metadata: undefined });
    expect(canceled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    const { approvals } = (await node.api.call('approvals.list', {})) as { approvals: Approval[] };
    expect(approvals.find((a) => a.detail.taskId === task.id)?.status).toBe('canceled');
    await expect(client.getTask({ tenant: '', id: 'no-such-task', historyLength: undefined })).rejects.toThrow(/Task not found/);
  });

  it('streams: the task, the waiting status, then the answer and completion', async () => {
    const { node, key } = await nodeWithKey();
    const client = await sdkClient(node, key);
    const events: string[] = [];
    const stream = (async () => {
      for await (const event of client.sendMessageStream(sendParams(userMessage('stream please')))) {
        const payload = event.payload;
        if (payload?.$case === 'task') events.push(`task:${payload.value.status?.state}`);
        if (payload?.$case === 'statusUpdate') events.push(`status:${payload.value.status?.state}`);
        if (payload?.$case === 'artifactUpdate') events.push(`artifact:${payload.value.artifact?.parts[0]?.content?.$case === 'text' ? payload.value.artifact.parts[0].content.value : ''}`);
      }
    })();
    const approval = await nextApproval(node);
    await node.api.call('approvals.decide', { id: approval.id, action: 'reply', text: 'streamed answer' });
    await stream;
    expect(events).toEqual([`task:${TaskState.TASK_STATE_SUBMITTED}`, `status:${TaskState.TASK_STATE_WORKING}`, 'artifact:streamed answer', `status:${TaskState.TASK_STATE_COMPLETED}`]);
  });

  it('SubscribeToTask follows a task started elsewhere until the operator answers; 0.3 tasks/resubscribe streams SSE', async () => {
    const { node, key } = await nodeWithKey();
    const client = await sdkClient(node, key);
    const task = (await client.sendMessage(sendParams(userMessage('watch this'), { returnImmediately: true }))) as Task;
    const states: string[] = [];
    const watching = (async () => {
      for await (const event of client.resubscribeTask({ tenant: '', id: task.id })) {
        const payload = event.payload;
        if (payload?.$case === 'task') states.push(`task:${payload.value.status?.state}`);
        if (payload?.$case === 'statusUpdate') states.push(`status:${payload.value.status?.state}`);
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await node.api.call('approvals.decide', { id: (await nextApproval(node)).id, action: 'reply', text: 'seen' });
    await watching;
    expect(states[0]).toBe(`task:${TaskState.TASK_STATE_WORKING}`);
    expect(states.at(-1)).toBe(`status:${TaskState.TASK_STATE_COMPLETED}`);

    const legacyTask = (await client.sendMessage(sendParams(userMessage('watch over 0.3'), { returnImmediately: true }))) as Task;
    const response = await fetch(`http://127.0.0.1:${node.port}/a2a`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 'r1', method: 'tasks/resubscribe', params: { id: legacyTask.id } }),
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toMatch(/^data: .*"kind":"task"/m);
    await node.api.call('approvals.decide', { id: (await nextApproval(node)).id, action: 'reject' });
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
    expect(rest).toMatch(/"state":"rejected"/);
    // Someone else's task cannot be subscribed to.
    const { key: otherKey } = (await node.api.call('keys.generate', { label: 'mallory' })) as { key: string };
    const other = await sdkClient(node, otherKey);
    await expect(
      (async () => {
        for await (const event of other.resubscribeTask({ tenant: '', id: task.id })) void event;
      })(),
    ).rejects.toThrow(/Task not found/);
  });

  it('asks back (input-required); the caller continues the same task and gets the answer', async () => {
    const { node, key } = await nodeWithKey();
    const client = await sdkClient(node, key);
    const first = client.sendMessage(sendParams(userMessage('Book a table')));
    await node.api.call('approvals.decide', { id: (await nextApproval(node)).id, action: 'askBack', text: 'For how many people?' });
    const asked = (await first) as Task;
    expect(asked.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    const second = client.sendMessage(sendParams(userMessage('Four', { taskId: asked.id, contextId: asked.contextId })));
    const followUp = await nextApproval(node);
    expect(followUp.title).toBe('Four');
    await node.api.call('approvals.decide', { id: followUp.id, action: 'reject', text: 'Fully booked, sorry.' });
    const done = (await second) as Task;
    expect(done.id).toBe(asked.id);
    expect(done.status?.state).toBe(TaskState.TASK_STATE_REJECTED);
  });

  it('answers a 0.3 client’s message/send (raw JSON-RPC, no A2A-Version header) in 0.3 shapes', async () => {
    const { node, key } = await nodeWithKey();
    const response = await fetch(`http://127.0.0.1:${node.port}/a2a`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'message/send', params: { message: { kind: 'message', messageId: 'legacy-1', role: 'user', parts: [{ kind: 'text', text: 'hello 0.3' }] }, configuration: { blocking: false } } }),
    });
    const body = (await response.json()) as { id: number; result: { kind: string; status: { state: string }; id: string } };
    expect(body.id).toBe(7);
    expect(body.result).toMatchObject({ kind: 'task', status: { state: expect.stringMatching(/^(submitted|working)$/) } });
    const get = await fetch(`http://127.0.0.1:${node.port}/a2a/`, {
      method: 'POST',
      headers: { 'x-a2a-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 8, method: 'tasks/get', params: { id: body.result.id } }),
    });
    expect(((await get.json()) as { result: { id: string } }).result.id).toBe(body.result.id);
    const missing = await fetch(`http://127.0.0.1:${node.port}/a2a`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tasks/get', params: { id: 'nope' } }),
    });
    expect(((await missing.json()) as { error: { code: number } }).error.code).toBe(-32001);
  });

  it('forwards to the local agent when the peer’s policy says so, with no one asked', async () => {
    const localAgent = await sdkPeer();
    const { node, key } = await nodeWithKey();
    await node.api.call('settings.update', { a2a: { localAgentUrl: localAgent.url } });
    await node.api.call('peers.setGatewayPolicy', { peer: 'alice', policy: 'forward' });
    const client = await sdkClient(node, key);
    const task = (await client.sendMessage(sendParams(userMessage('please forward')))) as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(partsText(task)).toBe('echo #1: please forward');
    expect(localAgent.contexts[0]).toMatch(/^peer_[^:]+:/);
    expect(((await node.api.call('approvals.list', {})) as { approvals: unknown[] }).approvals).toEqual([]);

    // "ask" with a local agent configured offers forwarding; "manual" never does.
    await node.api.call('peers.setGatewayPolicy', { peer: 'alice', policy: 'ask' });
    const asked = client.sendMessage(sendParams(userMessage('forward after asking')));
    const approval = await nextApproval(node);
    expect(approval.actions).toEqual(['reply', 'forward', 'askBack', 'reject']);
    await node.api.call('approvals.decide', { id: approval.id, action: 'forward' });
    expect(partsText((await asked) as Task)).toBe('echo #1: forward after asking');
    await node.api.call('peers.setGatewayPolicy', { peer: 'alice', policy: 'manual' });
    const manual = client.sendMessage(sendParams(userMessage('never forward this')));
    const manualApproval = await nextApproval(node);
    expect(manualApproval.actions).not.toContain('forward');
    await expect(node.api.call('approvals.decide', { id: manualApproval.id, action: 'forward' })).rejects.toMatchObject({ code: 'invalid_input' });
    await node.api.call('approvals.decide', { id: manualApproval.id, action: 'reply', text: 'by hand' });
    await manual;
  });

  it('expires a request nobody answered: the caller’s task is rejected with a reason, the inbox says expired', async () => {
    let offset = 0;
    const node = await nodes.start({}, { clock: { now: () => Date.now() + offset } });
    const { key } = (await node.api.call('keys.generate', { label: 'alice' })) as { key: string };
    const client = await sdkClient(node, key);
    const task = (await client.sendMessage(sendParams(userMessage('anyone there?'), { returnImmediately: true }))) as Task;
    const approval = await nextApproval(node);
    expect(Date.parse(approval.expiresAt!) - Date.parse(approval.createdAt)).toBe(24 * 3600_000);
    expect(await node.approvals.expireDue()).toBe(0);
    offset = 24 * 3600_000 + 1000;
    expect(await node.approvals.expireDue()).toBe(1);
    expect(((await node.api.call('approvals.get', { id: approval.id })) as Approval).status).toBe('expired');
    const got = await client.getTask({ tenant: '', id: task.id, historyLength: undefined });
    expect(got.status?.state).toBe(TaskState.TASK_STATE_REJECTED);
    expect(got.status?.message?.parts[0]?.content).toMatchObject({ value: 'Nobody answered in time.' });
    await expect(node.api.call('approvals.decide', { id: approval.id, action: 'reply', text: 'too late' })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('keeps a task answered after a restart: the decision applies to the stored task', async () => {
    const dataDir = nodes.tempDir();
    const node = await nodes.start({ dataDir });
    const { key } = (await node.api.call('keys.generate', { label: 'alice' })) as { key: string };
    const client = await sdkClient(node, key);
    const task = (await client.sendMessage(sendParams(userMessage('across a restart'), { returnImmediately: true }))) as Task;
    await node.close();
    const restarted = await nodes.start({ dataDir });
    const approval = await nextApproval(restarted);
    await restarted.api.call('approvals.decide', { id: approval.id, action: 'reply', text: 'still here' });
    const again = await sdkClient(restarted, key);
    const got = await again.getTask({ tenant: '', id: task.id, historyLength: undefined });
    expect(got.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(partsText(got)).toBe('still here');
  });
});
