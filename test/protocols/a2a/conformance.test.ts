import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role, TaskState, type Task } from '@a2a-js/sdk';
import { Client } from '@a2a-js/sdk/client';
import { LegacyJsonRpcTransport } from '@a2a-js/sdk/compat/v0_3/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/main/core/logger';
import { createNode, type SwitchboardNode } from '../../../src/main/core/node';
import { isRfc3339 } from '../../../src/main/core/protocols/a2a/request-validation';
import { nextApproval, sdkClient, sendParams, userMessage } from '../../helpers/a2a';
import { waitFor } from '../../helpers/linked-nodes';
import { useTestNodes } from '../../helpers/test-node';

type RpcReply = { jsonrpc: string; id: unknown; result?: unknown; error?: { code: number; message: string; data?: unknown } };

async function rpc(node: SwitchboardNode, body: unknown, headers: Record<string, string>): Promise<{ status: number; reply: RpcReply }> {
  const response = await fetch(`http://127.0.0.1:${node.port}/a2a`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, reply: (await response.json()) as RpcReply };
}

const ERROR_INFO = 'type.googleapis.com/google.rpc.ErrorInfo';

interface Case {
  /** The behaviour and the section of the spec that asks for it. */
  title: string;
  body: Record<string, unknown>;
  code: number;
  /** The field the error names (1.0: also in the ErrorInfo metadata). */
  field?: string;
  message?: RegExp;
}

const v1Message = (extra: Record<string, unknown> = {}) => ({ messageId: `m-${Math.random().toString(36).slice(2)}`, role: 'ROLE_USER', parts: [{ text: 'hi' }], ...extra });
const v03Message = (extra: Record<string, unknown> = {}) => ({ kind: 'message', messageId: `m-${Math.random().toString(36).slice(2)}`, role: 'user', parts: [{ kind: 'text', text: 'hi' }], ...extra });
const call = (method: unknown, params?: unknown, extra: Record<string, unknown> = {}) => ({ jsonrpc: '2.0', id: 11, method, ...(params === undefined ? {} : { params }), ...extra });

/** The JSON-RPC 2.0 envelope is the same on both paths; only the method names differ. */
function envelopeCases(getTask: string): Case[] {
  return [
    { title: '"jsonrpc":"1.0" is -32600 Invalid Request (JSON-RPC 2.0 §4: jsonrpc MUST be exactly "2.0"; §5.1)', body: { ...call(getTask, { id: 'x' }), jsonrpc: '1.0' }, code: -32600, message: /jsonrpc must be exactly "2.0"/ },
    { title: 'a missing jsonrpc is -32600 (JSON-RPC 2.0 §4)', body: { id: 1, method: getTask, params: { id: 'x' } }, code: -32600, message: /jsonrpc/ },
    { title: 'a missing method is -32600 (JSON-RPC 2.0 §4: method MUST be a String)', body: { jsonrpc: '2.0', id: 1, params: { id: 'x' } }, code: -32600, message: /method/ },
    { title: 'a method that is a number is -32600 (JSON-RPC 2.0 §4)', body: call(42, { id: 'x' }), code: -32600, message: /method/ },
    { title: 'an id that is an object is -32600 (JSON-RPC 2.0 §4: id is a String, Number or Null)', body: call(getTask, { id: 'x' }, { id: { nested: true } }), code: -32600, message: /id must be/ },
    { title: 'an id with a fraction is -32600 (JSON-RPC 2.0 §4: numbers SHOULD NOT contain fractional parts)', body: call(getTask, { id: 'x' }, { id: 1.5 }), code: -32600, field: 'id' },
    { title: 'params that are a string are -32600 (JSON-RPC 2.0 §4.2: params MUST be a Structured value)', body: call(getTask, 'x'), code: -32600, field: 'params' },
    // §4.2 allows by-position params, so the envelope is valid; A2A methods take named params (A2A 1.0 §9.4), so
    // an array is wrong params for the method, not a wrong request.
    { title: 'params that are an array are -32602 Invalid params (JSON-RPC 2.0 §4.2 allows arrays; A2A 1.0 §9.4 takes named params)', body: call(getTask, [{ id: 'x' }]), code: -32602, field: 'params' },
  ];
}

const V1_CASES: Case[] = [
  ...envelopeCases('GetTask'),
  { title: 'SendMessage with parts: [] is -32602 (A2A 1.0 §4.1.4: a Message has one or more parts; §3.3.2 validation errors)', body: call('SendMessage', { message: v1Message({ parts: [] }) }), code: -32602, field: 'params.message.parts', message: /at least one part/ },
  { title: 'a message without role is -32602 (A2A 1.0 §4.1.4: role is required)', body: call('SendMessage', { message: v1Message({ role: undefined }) }), code: -32602, field: 'params.message.role', message: /^params\.message\.role is required\.$/ },
  { title: 'a message with ROLE_UNSPECIFIED is -32602 (A2A 1.0 §4.1.4: role is ROLE_USER or ROLE_AGENT)', body: call('SendMessage', { message: v1Message({ role: 'ROLE_UNSPECIFIED' }) }), code: -32602, field: 'params.message.role' },
  { title: 'a message without messageId is -32602 (A2A 1.0 §4.1.4: messageId is required)', body: call('SendStreamingMessage', { message: v1Message({ messageId: undefined }) }), code: -32602, field: 'params.message.messageId' },
  {
    title: 'a part with two contents is -32602 (A2A 1.0 §4.1.6: a Part holds exactly one of text, raw, url, data)',
    body: call('SendMessage', { message: v1Message({ parts: [{ text: 'a' }, { text: 'b', data: { x: 1 } }] }) }),
    code: -32602,
    field: 'params.message.parts[1]',
    message: /^params\.message\.parts\[1\] has two contents \(text and data\)\.$/,
  },
  { title: 'a part with no content is -32602 (A2A 1.0 §4.1.6)', body: call('SendMessage', { message: v1Message({ parts: [{ mediaType: 'text/plain' }] }) }), code: -32602, field: 'params.message.parts[0]', message: /no content/ },
  { title: 'a raw part that is not base64 is -32602 (A2A 1.0 §4.1.6: raw is bytes, base64 in ProtoJSON)', body: call('SendMessage', { message: v1Message({ parts: [{ raw: 'not base64!' }] }) }), code: -32602, field: 'params.message.parts[0].raw' },
  { title: 'SendMessage configuration.historyLength -1 is -32602 (A2A 1.0 §3.2.4 History Length Semantics)', body: call('SendMessage', { message: v1Message(), configuration: { historyLength: -1 } }), code: -32602, field: 'params.configuration.historyLength' },
  { title: 'GetTask historyLength -1 is -32602 (A2A 1.0 §3.2.4)', body: call('GetTask', { id: 'x', historyLength: -1 }), code: -32602, field: 'params.historyLength', message: /0 or more/ },
  { title: 'GetTask with an empty id is -32602 (A2A 1.0 §3.1.3: id is required)', body: call('GetTask', { id: '' }), code: -32602, field: 'params.id' },
  { title: 'ListTasks historyLength -1 is -32602 (A2A 1.0 §3.1.4, §3.2.4)', body: call('ListTasks', { historyLength: -1 }), code: -32602, field: 'params.historyLength' },
  { title: 'ListTasks statusTimestampAfter "-1" is -32602 (A2A 1.0 §3.1.4: an RFC 3339 timestamp)', body: call('ListTasks', { statusTimestampAfter: '-1' }), code: -32602, field: 'params.statusTimestampAfter', message: /RFC 3339/ },
  { title: 'ListTasks pageSize 0 is -32602 (A2A 1.0 §3.1.4: pageSize between 1 and 100)', body: call('ListTasks', { pageSize: 0 }), code: -32602, field: 'params.pageSize', message: /between 1 and 100/ },
  { title: 'ListTasks pageSize 101 is -32602 (A2A 1.0 §3.1.4)', body: call('ListTasks', { pageSize: 101 }), code: -32602, field: 'params.pageSize', message: /between 1 and 100/ },
  { title: 'ListTasks with a page token this server never issued is -32602 (A2A 1.0 §3.1.4: tokens come from nextPageToken)', body: call('ListTasks', { pageToken: 'bm90LWEtY3Vyc29y' }), code: -32602, field: 'params.pageToken', message: /not a page token this server issued/ },
  { title: 'ListTasks with a page token outside the token alphabet is -32602 (A2A 1.0 §3.1.4)', body: call('ListTasks', { pageToken: "'; DROP TABLE a2a_tasks; --" }), code: -32602, field: 'params.pageToken' },
  { title: 'ListTasks with an unknown status is -32602 (A2A 1.0 §4.1.3 TaskState)', body: call('ListTasks', { status: 'TASK_STATE_SLEEPING' }), code: -32602, field: 'params.status' },
  { title: 'a 0.3 method name on the 1.0 path is -32601 Method not found, and says the 1.0 name (A2A 1.0 §9.1 PascalCase names)', body: call('message/send', { message: v03Message() }), code: -32601, message: /0\.3 name of SendMessage/ },
  { title: 'an unknown method with array params is still -32601 (JSON-RPC 2.0 §5.1)', body: call('NoSuchMethod', []), code: -32601 },
];

const V03_CASES: Case[] = [
  ...envelopeCases('tasks/get'),
  { title: 'message/send with parts: [] is -32602 (A2A 0.3 §6.4: Message.parts is required, one or more)', body: call('message/send', { message: v03Message({ parts: [] }) }), code: -32602, field: 'params.message.parts' },
  { title: 'a message without role is -32602 (A2A 0.3 §6.4: role is "user" or "agent")', body: call('message/send', { message: v03Message({ role: undefined }) }), code: -32602, field: 'params.message.role', message: /^params\.message\.role is required\.$/ },
  { title: 'a message without messageId is -32602 (A2A 0.3 §6.4)', body: call('message/stream', { message: v03Message({ messageId: undefined }) }), code: -32602, field: 'params.message.messageId' },
  {
    title: 'a part with two contents is -32602 (A2A 0.3 §6.5: a part is one of TextPart, FilePart, DataPart)',
    body: call('message/send', { message: v03Message({ parts: [{ kind: 'text', text: 'a' }, { kind: 'text', text: 'b', data: { x: 1 } }, { kind: 'text', text: 'c' }] }) }),
    code: -32602,
    field: 'params.message.parts[1]',
    message: /^params\.message\.parts\[1\] has two contents \(text and data\)\.$/,
  },
  { title: 'a part of unknown kind is -32602 (A2A 0.3 §6.5: kind is "text", "file" or "data")', body: call('message/send', { message: v03Message({ parts: [{ kind: 'image', text: 'x' }] }) }), code: -32602, field: 'params.message.parts[0].kind' },
  {
    title: 'a file with both bytes and uri is -32602 (A2A 0.3 §6.6: FileWithBytes or FileWithUri)',
    body: call('message/send', { message: v03Message({ parts: [{ kind: 'file', file: { bytes: 'aGk=', uri: 'https://example.com/f' } }] }) }),
    code: -32602,
    field: 'params.message.parts[0].file',
    message: /both bytes and uri/,
  },
  { title: 'a file with neither bytes nor uri is -32602 (A2A 0.3 §6.6)', body: call('message/send', { message: v03Message({ parts: [{ kind: 'file', file: { name: 'f.txt' } }] }) }), code: -32602, field: 'params.message.parts[0].file' },
  { title: 'a data part whose data is not an object is -32602 (A2A 0.3 §6.5.3 DataPart.data is an object)', body: call('message/send', { message: v03Message({ parts: [{ kind: 'data', data: [1, 2] }] }) }), code: -32602, field: 'params.message.parts[0].data' },
  { title: 'message/send configuration.historyLength -1 is -32602 (A2A 0.3 §7.1.1 MessageSendConfiguration)', body: call('message/send', { message: v03Message(), configuration: { historyLength: -1 } }), code: -32602, field: 'params.configuration.historyLength' },
  { title: 'tasks/get historyLength -1 is -32602 (A2A 0.3 §7.3.1 TaskQueryParams)', body: call('tasks/get', { id: 'x', historyLength: -1 }), code: -32602, field: 'params.historyLength' },
  { title: 'tasks/get historyLength "5" (a string) is -32602 (A2A 0.3 §7.3.1: an integer)', body: call('tasks/get', { id: 'x', historyLength: '5' }), code: -32602, field: 'params.historyLength' },
  { title: 'tasks/cancel without an id is -32602 (A2A 0.3 §7.4.1 TaskIdParams)', body: call('tasks/cancel', {}), code: -32602, field: 'params.id' },
  // 0.3 lists tasks over gRPC and REST only: ListTasks, its bounds and page tokens exist on the 1.0 path.
  { title: 'ListTasks (with historyLength -1) on the 0.3 path is -32601 and points to 1.0 (A2A 0.3 §7: no tasks/list over JSON-RPC)', body: call('ListTasks', { historyLength: -1, pageSize: 0 }), code: -32601, message: /A2A-Version: 1\.0/ },
  { title: 'tasks/list with statusTimestampAfter "-1" on the 0.3 path is -32601 (A2A 0.3 §7)', body: call('tasks/list', { statusTimestampAfter: '-1', pageSize: 101, pageToken: 'x' }), code: -32601 },
];

describe('A2A conformance beyond the SDK: every request is checked before the SDK reads it', () => {
  let node: SwitchboardNode;
  let key: string;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'switchboard-conformance-'));
    node = await createNode({ dataDir, host: '127.0.0.1', port: 0, controlPort: 0, name: 'conformance', issueFirstA2aKey: false, inspector: { inspectNewPeers: false, minWatchSeconds: 1 } }, { logger: silentLogger });
    ({ key } = (await node.api.call('keys.generate', { label: 'tester' })) as { key: string });
  });
  afterAll(async () => {
    await node?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe.each([
    { path: '1.0 (A2A-Version: 1.0)', legacy: false, cases: V1_CASES },
    { path: '0.3 (no A2A-Version)', legacy: true, cases: V03_CASES },
  ])('on the $path path', ({ legacy, cases }) => {
    it.each(cases)('$title', async ({ body, code, field, message }) => {
      // Given a caller with a valid key; when it sends the malformed request
      const { status, reply } = await rpc(node, body, { authorization: `Bearer ${key}`, ...(legacy ? {} : { 'a2a-version': '1.0' }) });
      // Then the answer is the spec's code, in the version's own error shape
      expect(status).toBe(200);
      expect(reply.jsonrpc).toBe('2.0');
      expect(reply.result).toBeUndefined();
      expect(reply.error?.code).toBe(code);
      if (field) expect(reply.error?.message.startsWith(field)).toBe(true);
      if (message) expect(reply.error?.message).toMatch(message);
      // A request whose envelope is invalid has no id to answer to (JSON-RPC 2.0 §5); a params problem keeps it.
      expect(reply.id).toBe(code === -32600 ? null : body.id);
      if (legacy) {
        expect(reply.error?.data).toBeUndefined();
      } else {
        const reason = { [-32600]: 'INVALID_REQUEST', [-32601]: 'METHOD_NOT_FOUND', [-32602]: 'INVALID_PARAMS' }[code];
        expect(reply.error?.data).toEqual([{ '@type': ERROR_INFO, reason, domain: 'a2a-protocol.org', ...(field ? { metadata: { field } } : {}) }]);
      }
    });
  });

  it('lets nothing refused above start a task or reach the operator (A2A 1.0 §3.3.2: validate before processing)', async () => {
    const listed = await rpc(node, call('ListTasks', {}), { authorization: `Bearer ${key}`, 'a2a-version': '1.0' });
    expect((listed.reply.result as { tasks: unknown[]; totalSize: number }).totalSize).toBe(0);
    expect(((await node.api.call('approvals.list', {})) as { approvals: unknown[] }).approvals).toEqual([]);
  });

  it('still accepts what the specs allow: ProtoJSON proto names and nulls, numeric-string int32, RFC 3339 offsets, our own page tokens (ProtoJSON; A2A 1.0 §3.1.4)', async () => {
    const headers = { authorization: `Bearer ${key}`, 'a2a-version': '1.0' };
    // ProtoJSON parsers accept the proto field name (message_id) and read null as "not set".
    const sent = await rpc(node, call('SendMessage', { message: { message_id: 'snake-1', role: 'ROLE_USER', parts: [{ text: 'one', mediaType: null }], context_id: 'ctx-conf' }, configuration: { returnImmediately: true, historyLength: '2' } }), headers);
    expect(sent.reply.error).toBeUndefined();
    await rpc(node, call('SendMessage', { message: v1Message({ contextId: 'ctx-conf' }), configuration: { returnImmediately: true } }), headers);
    const first = await rpc(node, call('ListTasks', { contextId: 'ctx-conf', pageSize: 1, statusTimestampAfter: '2000-01-01T00:00:00.5+02:00', historyLength: 0 }), headers);
    const page = first.reply.result as { tasks: { id: string }[]; nextPageToken: string; totalSize: number };
    expect(page.totalSize).toBe(2);
    expect(page.nextPageToken).not.toBe('');
    const second = await rpc(node, call('ListTasks', { contextId: 'ctx-conf', pageSize: 1, pageToken: page.nextPageToken }), headers);
    const next = second.reply.result as { tasks: { id: string }[] };
    expect(next.tasks).toHaveLength(1);
    expect(next.tasks[0]!.id).not.toBe(page.tasks[0]!.id);
    // The same on 0.3: a file part with a uri, a data part, and historyLength 0.
    const legacy = await rpc(node, call('message/send', { message: v03Message({ parts: [{ kind: 'file', file: { uri: 'https://example.com/a.pdf', mimeType: 'application/pdf' } }, { kind: 'data', data: { a: 1 } }] }), configuration: { blocking: false, historyLength: 0 } }), { authorization: `Bearer ${key}` });
    expect(legacy.reply.error).toBeUndefined();
    expect(legacy.reply.result).toMatchObject({ kind: 'task' });
  });

  it('reads timestamps as RFC 3339 only (A2A 1.0 §3.1.4 statusTimestampAfter; RFC 3339 §5.6)', () => {
    for (const good of ['2026-01-02T03:04:05Z', '2026-01-02t03:04:05.123456789z', '2024-02-29T23:59:59-05:30', '0001-01-01T00:00:00Z']) expect(isRfc3339(good), good).toBe(true);
    for (const bad of ['-1', '2026-01-02', '2026-01-02 03:04:05Z', '2026-02-30T00:00:00Z', '2025-02-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-01-02T24:00:00Z', '2026-01-02T03:04:05', '2026-01-02T03:04:05+24:00', '0000-01-01T00:00:00Z', '1767323045'])
      expect(isRfc3339(bad), bad).toBe(false);
  });
});

describe('the @a2a-js/sdk clients still work for every call they offer', () => {
  const nodes = useTestNodes();

  it('1.0 client: send, get (historyLength), list (paged), cancel, stream and resubscribe', async () => {
    const node = await nodes.start({ name: 'sdk-1.0' });
    const { key } = (await node.api.call('keys.generate', { label: 'alice' })) as { key: string };
    const client = await sdkClient(node, key);
    expect(client.protocolVersion).toBe('1.0');
    const first = (await client.sendMessage(sendParams(userMessage('first', { contextId: 'ctx-sdk' }), { returnImmediately: true }))) as Task;
    const second = (await client.sendMessage(sendParams(userMessage('second', { contextId: 'ctx-sdk' }), { returnImmediately: true, historyLength: 1 }))) as Task;
    expect((await client.getTask({ tenant: '', id: first.id, historyLength: 1 })).history).toHaveLength(1);
    const listParams = { tenant: '', contextId: 'ctx-sdk', status: TaskState.TASK_STATE_UNSPECIFIED, pageSize: 1, pageToken: '', historyLength: 0, statusTimestampAfter: '2000-01-01T00:00:00Z', includeArtifacts: false };
    const page = await client.listTasks(listParams);
    expect(page.tasks).toHaveLength(1);
    const rest = await client.listTasks({ ...listParams, pageToken: page.nextPageToken });
    expect(new Set([...page.tasks, ...rest.tasks].map((t) => t.id))).toEqual(new Set([first.id, second.id]));
    expect((await client.cancelTask({ tenant: '', id: second.id, metadata: undefined })).status?.state).toBe(TaskState.TASK_STATE_CANCELED);

    const watched: string[] = [];
    let subscribed!: () => void;
    const ready = new Promise<void>((resolve) => (subscribed = resolve));
    const watching = (async () => {
      for await (const event of client.resubscribeTask({ tenant: '', id: first.id })) {
        subscribed();
        if (event.payload?.$case === 'task' || event.payload?.$case === 'statusUpdate') watched.push(String(event.payload.value.status?.state));
      }
    })();
    // The subscription is open (its first event is the task as it stands) before the operator answers.
    await ready;
    const streamed: string[] = [];
    const streaming = (async () => {
      for await (const event of client.sendMessageStream(sendParams(userMessage('streamed')))) streamed.push(event.payload?.$case ?? '');
    })();
    // Both the queued request and the streamed one reach the operator, who answers each.
    for (let answered = 0; answered < 2; answered++) {
      const approval = await nextApproval(node);
      await node.api.call('approvals.decide', { id: approval.id, action: 'reply', text: 'done' });
    }
    await Promise.all([watching, streaming]);
    expect(watched.at(-1)).toBe(String(TaskState.TASK_STATE_COMPLETED));
    expect(streamed[0]).toBe('task');
    expect(streamed.at(-1)).toBe('statusUpdate');
  });

  it('0.3 client (the SDK’s LegacyJsonRpcTransport): send, get, cancel, stream and resubscribe', async () => {
    const node = await nodes.start({ name: 'sdk-0.3' });
    const { key } = (await node.api.call('keys.generate', { label: 'bob' })) as { key: string };
    const fetchImpl: typeof fetch = (input, init) => fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), authorization: `Bearer ${key}` } });
    const card = await (await sdkClient(node, key)).getAgentCard();
    const client = new Client(new LegacyJsonRpcTransport({ endpoint: `http://127.0.0.1:${node.port}/a2a`, fetchImpl }), card);
    expect(client.protocolVersion).toBe('0.3');
    const task = (await client.sendMessage(sendParams({ ...userMessage('over 0.3'), role: Role.ROLE_USER }, { returnImmediately: true }))) as Task;
    expect((await client.getTask({ tenant: '', id: task.id, historyLength: 1 })).id).toBe(task.id);
    const other = (await client.sendMessage(sendParams(userMessage('cancel me'), { returnImmediately: true }))) as Task;
    expect((await client.cancelTask({ tenant: '', id: other.id, metadata: undefined })).status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    const watched: string[] = [];
    let subscribed!: () => void;
    const ready = new Promise<void>((resolve) => (subscribed = resolve));
    const watching = (async () => {
      for await (const event of client.resubscribeTask({ tenant: '', id: task.id })) {
        subscribed();
        if (event.payload?.$case === 'statusUpdate') watched.push(String(event.payload.value.status?.state));
      }
    })();
    await ready;
    const streamed: string[] = [];
    const streaming = (async () => {
      for await (const event of client.sendMessageStream(sendParams(userMessage('streamed 0.3')))) streamed.push(event.payload?.$case ?? '');
    })();
    for (let answered = 0; answered < 2; answered++) {
      const approval = await nextApproval(node);
      await node.api.call('approvals.decide', { id: approval.id, action: 'reply', text: 'ok' });
    }
    await Promise.all([watching, streaming]);
    expect(watched.at(-1)).toBe(String(TaskState.TASK_STATE_COMPLETED));
    expect(streamed[0]).toBe('task');
  });
});

describe('the extended agent card (A2A 1.0 §3.1.11, §13.3; 0.3 agent/getAuthenticatedExtendedCard)', () => {
  const nodes = useTestNodes();
  const skills = [
    { id: 'chat', name: 'Chat', description: 'Talk to the operator', tags: ['chat'] },
    { id: 'audit', name: 'Audit', description: 'For partners', tags: ['audit'], knownCallersOnly: true },
  ];

  async function nodeWithPrivateSkill(a2a: Record<string, unknown> = {}) {
    const node = await nodes.start({ name: 'extended' });
    await node.api.call('settings.update', { a2a: { skills, ...a2a } });
    const { key } = (await node.api.call('keys.generate', { label: 'partner' })) as { key: string };
    // The card is rebuilt (and signed) after the settings change commits: wait until it is served.
    await waitFor(() => card(node, { 'A2A-Version': '1.0' }), (served) => (served.capabilities as { extendedAgentCard?: boolean }).extendedAgentCard === true);
    return { node, key };
  }
  const card = async (node: SwitchboardNode, headers: Record<string, string> = {}) =>
    (await (await fetch(`http://127.0.0.1:${node.port}/.well-known/agent-card.json`, { headers })).json()) as Record<string, unknown> & { skills: { id: string }[] };

  it('leaves skills for known callers out of the public card, which says it has an extended one (1.0 capabilities.extendedAgentCard; 0.3 supportsAuthenticatedExtendedCard)', async () => {
    const { node } = await nodeWithPrivateSkill();
    const v1 = await card(node, { 'A2A-Version': '1.0' });
    expect(v1.skills.map((s) => s.id)).toEqual(['chat']);
    expect(v1.capabilities).toMatchObject({ extendedAgentCard: true });
    const v03 = await card(node);
    expect(v03.skills.map((s) => s.id)).toEqual(['chat']);
    expect(v03.supportsAuthenticatedExtendedCard).toBe(true);
    const settings = (await node.api.call('settings.get', {})) as { a2a: { skills: { id: string; knownCallersOnly: boolean }[] } };
    expect(settings.a2a.skills.map((s) => [s.id, s.knownCallersOnly])).toEqual([['chat', false], ['audit', true]]);
  });

  it('gives a caller with a key the extended card through the SDK clients, 1.0 and 0.3', async () => {
    const { node, key } = await nodeWithPrivateSkill();
    const client = await sdkClient(node, key);
    // The SDK client fetches the extended card itself when the public card offers one.
    const extended = await client.getAgentCard();
    expect(extended.skills.map((s) => s.id)).toEqual(['chat', 'audit']);
    const fetchImpl: typeof fetch = (input, init) => fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), 'x-a2a-key': key } });
    const legacy = new LegacyJsonRpcTransport({ endpoint: `http://127.0.0.1:${node.port}/a2a`, fetchImpl });
    expect((await legacy.getExtendedAgentCard({ tenant: '' })).skills.map((s) => s.id)).toEqual(['chat', 'audit']);
  });

  it('refuses the extended card without a key even when calls without one are allowed: 401 and a challenge (A2A 1.0 §13.3 MUST require authentication; §3.3.2)', async () => {
    const { node, key } = await nodeWithPrivateSkill({ allowUnauthenticated: true });
    // The public card declares how to authenticate for it, without requiring a key for everything else.
    const v1 = await card(node, { 'A2A-Version': '1.0' });
    expect(Object.keys(v1.securitySchemes as object)).toEqual(['bearer', 'apiKey']);
    expect(v1.securityRequirements).toBeUndefined();
    for (const [method, headers] of [
      ['GetExtendedAgentCard', { 'a2a-version': '1.0' }],
      ['agent/getAuthenticatedExtendedCard', {}],
    ] as const) {
      const refused = await rpc(node, call(method), headers);
      expect(refused.status, method).toBe(401);
      expect(refused.reply.error?.message).toMatch(/Authentication required/);
      expect(refused.reply.result).toBeUndefined();
      const allowed = await rpc(node, call(method), { ...headers, authorization: `Bearer ${key}` });
      expect((allowed.reply.result as { skills: { id: string }[] }).skills.map((s) => s.id), method).toEqual(['chat', 'audit']);
    }
    // Everything else still works without a key.
    expect((await rpc(node, call('GetTask', { id: 'nope' }), { 'a2a-version': '1.0' })).reply.error?.code).toBe(-32001);
    // An SDK client without a key cannot read it either.
    await expect((await sdkClient(node, null)).getAgentCard()).rejects.toThrow(/401|Authentication/);
  });

  it('answers -32004 when no skill is private, since the card then offers no extended card (A2A 1.0 §3.3.4 Capability Validation)', async () => {
    const node = await nodes.start({ name: 'public-only' });
    const { key } = (await node.api.call('keys.generate', { label: 'partner' })) as { key: string };
    expect((await card(node, { 'A2A-Version': '1.0' })).capabilities).not.toMatchObject({ extendedAgentCard: true });
    const answer = await rpc(node, call('GetExtendedAgentCard'), { 'a2a-version': '1.0', authorization: `Bearer ${key}` });
    expect(answer.reply.error?.code).toBe(-32004);
  });

  it('a node sending to a peer that keeps its extended card from it still delivers, by the public card', async () => {
    const { node: receiver } = await nodeWithPrivateSkill({ allowUnauthenticated: true });
    const sender = await nodes.start({ name: 'sender' });
    await sender.api.call('peers.add', { name: 'receiver', baseUrl: `http://127.0.0.1:${receiver.port}`, protocol: 'a2a' });
    await sender.api.call('messages.send', { peer: 'receiver', text: 'hello without a key' });
    expect((await nextApproval(receiver)).title).toBe('hello without a key');
  });
});
