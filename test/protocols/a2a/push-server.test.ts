import { TaskState, type Task, type TaskPushNotificationConfig } from '@a2a-js/sdk';
import { TaskNotFoundError } from '@a2a-js/sdk/errors';
import { describe, expect, it } from 'vitest';
import type { SwitchboardNode } from '../../../src/main/core/node';
import { nextApproval, sdkClient, sendParams, userMessage } from '../../helpers/a2a';
import { waitFor } from '../../helpers/linked-nodes';
import { useTestNodes } from '../../helpers/test-node';
import { useTinyServers, type RecordedRequest } from '../../helpers/tiny-server';

type Notification = { task?: { id: string; status: { state: string }; artifacts?: { parts: { text?: string }[] }[]; history?: unknown[] } };

const bodyOf = (request: RecordedRequest) => JSON.parse(request.body) as Notification;

function pushConfig(taskId: string, url: string, token: string, id = ''): TaskPushNotificationConfig {
  return { tenant: '', id, taskId, url, token, authentication: undefined };
}

/** A raw JSON-RPC call, so the wire's own error code is what is checked. */
async function rpc(node: SwitchboardNode, key: string, method: string, params: unknown) {
  const response = await fetch(`http://127.0.0.1:${node.port}/a2a`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'A2A-Version': '1.0' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  return (await response.json()) as { result?: unknown; error?: { code: number; message: string } };
}

describe('A2A push notifications, this node as the server', () => {
  const nodes = useTestNodes();
  const tinyServer = useTinyServers();

  async function nodeWithKeys(overrides = {}) {
    const node = await nodes.start({ name: 'push-node', ...overrides });
    const { key } = (await node.api.call('keys.generate', { label: 'alice' })) as { key: string };
    const { key: other } = (await node.api.call('keys.generate', { label: 'bob' })) as { key: string };
    return { node, key, other };
  }

  /** A task waiting for the operator, started by the SDK client without waiting for it. */
  async function waitingTask(node: SwitchboardNode, key: string, text = 'Tell me when it is done') {
    const client = await sdkClient(node, key);
    const task = (await client.sendMessage(sendParams(userMessage(text), { returnImmediately: true }))) as Task;
    const approval = await nextApproval(node);
    return { client, task, approval };
  }

  it('the card offers push notifications, in the 1.0 and the 0.3 shape', async () => {
    const { node, key } = await nodeWithKeys();
    const client = await sdkClient(node, key);
    expect((await client.getAgentCard()).capabilities?.pushNotifications).toBe(true);
    const legacy = (await (await fetch(`http://127.0.0.1:${node.port}/.well-known/agent-card.json`)).json()) as { capabilities: { pushNotifications: boolean } };
    expect(legacy.capabilities.pushNotifications).toBe(true);
  });

  it('a webhook registered on a task receives the operator’s answer with its token; Get, List and Delete work', async () => {
    const { node, key } = await nodeWithKeys();
    const webhook = await tinyServer((_request, response) => response.writeHead(200).end());
    const { client, task, approval } = await waitingTask(node, key);

    const created = await client.createTaskPushNotificationConfig(pushConfig(task.id, `${webhook.url}/hook?for=alice`, 'tok-alice-1'));
    expect(created.id).not.toBe('');
    expect(created).toMatchObject({ taskId: task.id, url: `${webhook.url}/hook?for=alice`, token: 'tok-alice-1' });
    expect(await client.getTaskPushNotificationConfig({ tenant: '', taskId: task.id, id: created.id })).toMatchObject({ url: `${webhook.url}/hook?for=alice`, token: 'tok-alice-1' });
    expect((await client.listTaskPushNotificationConfig({ tenant: '', taskId: task.id, pageSize: 0, pageToken: '' })).configs.map((c) => c.id)).toEqual([created.id]);

    await node.api.call('approvals.decide', { id: approval.id, action: 'reply', text: 'Done: all green.' });
    const completed = await waitFor(
      () => webhook.requests.filter((r) => bodyOf(r).task?.status.state === 'TASK_STATE_COMPLETED'),
      (list) => list.length > 0,
    );
    const [notification] = completed;
    expect(notification!.method).toBe('POST');
    expect(notification!.url).toBe('/hook?for=alice');
    expect(notification!.headers['x-a2a-notification-token']).toBe('tok-alice-1');
    expect(notification!.headers['content-type']).toBe('application/a2a+json');
    const pushed = bodyOf(notification!).task!;
    expect(pushed.id).toBe(task.id);
    expect(pushed.artifacts?.flatMap((a) => a.parts.map((p) => p.text))).toEqual(['Done: all green.']);
    // What the SDK saves again after the end is not sent again.
    const settledTask = await client.getTask({ tenant: '', id: task.id, historyLength: 0 });
    expect(settledTask.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(webhook.requests.filter((r) => bodyOf(r).task?.status.state === 'TASK_STATE_COMPLETED')).toHaveLength(1);

    await client.deleteTaskPushNotificationConfig({ tenant: '', taskId: task.id, id: created.id });
    expect((await client.listTaskPushNotificationConfig({ tenant: '', taskId: task.id, pageSize: 0, pageToken: '' })).configs).toEqual([]);
  });

  it('a config given with SendMessage itself hears every change from the first', async () => {
    const { node, key } = await nodeWithKeys();
    const webhook = await tinyServer((_request, response) => response.writeHead(204).end());
    const client = await sdkClient(node, key);
    const params = sendParams(userMessage('Watch this one'), { returnImmediately: true });
    const task = (await client.sendMessage({ ...params, configuration: { ...params.configuration, taskPushNotificationConfig: pushConfig('', `${webhook.url}/in-band`, 'tok-in-band') } })) as Task;
    const approval = await nextApproval(node);
    await waitFor(() => webhook.requests.map((r) => bodyOf(r).task?.status.state), (states) => states.includes('TASK_STATE_WORKING'));
    await node.api.call('approvals.decide', { id: approval.id, action: 'askBack', text: 'Which one?' });
    const states = await waitFor(() => webhook.requests.map((r) => bodyOf(r).task?.status.state), (list) => list.includes('TASK_STATE_INPUT_REQUIRED'));
    expect(states[0]).toBe('TASK_STATE_SUBMITTED');
    expect(new Set(webhook.requests.map((r) => bodyOf(r).task?.id))).toEqual(new Set([task.id]));
    expect(webhook.requests.every((r) => r.headers['x-a2a-notification-token'] === 'tok-in-band')).toBe(true);
    // The caller's own message is not repeated in every notification.
    expect(webhook.requests.every((r) => (bodyOf(r).task?.history ?? []).length === 0)).toBe(true);
  });

  it('another caller cannot see, list or delete a task’s configs: its task is not found', async () => {
    const { node, key, other } = await nodeWithKeys();
    const webhook = await tinyServer((_request, response) => response.writeHead(200).end());
    const { client, task } = await waitingTask(node, key);
    const created = await client.createTaskPushNotificationConfig(pushConfig(task.id, `${webhook.url}/hook`, 'tok-secret'));

    const intruder = await sdkClient(node, other);
    await expect(intruder.getTaskPushNotificationConfig({ tenant: '', taskId: task.id, id: created.id })).rejects.toBeInstanceOf(TaskNotFoundError);
    await expect(intruder.listTaskPushNotificationConfig({ tenant: '', taskId: task.id, pageSize: 0, pageToken: '' })).rejects.toBeInstanceOf(TaskNotFoundError);
    await expect(intruder.deleteTaskPushNotificationConfig({ tenant: '', taskId: task.id, id: created.id })).rejects.toBeInstanceOf(TaskNotFoundError);
    await expect(intruder.createTaskPushNotificationConfig(pushConfig(task.id, `${webhook.url}/steal`, 'tok-bob'))).rejects.toBeInstanceOf(TaskNotFoundError);
    // The owner's config is untouched.
    expect((await client.listTaskPushNotificationConfig({ tenant: '', taskId: task.id, pageSize: 0, pageToken: '' })).configs.map((c) => c.url)).toEqual([`${webhook.url}/hook`]);
  });

  it('refuses a webhook URL it must not call with -32602 and a sentence', async () => {
    const { node, key } = await nodeWithKeys();
    const { task } = await waitingTask(node, key);
    const create = (url: string) => rpc(node, key, 'CreateTaskPushNotificationConfig', { taskId: task.id, url, token: 't' });
    for (const [url, says] of [
      ['http://169.254.169.254/latest/meta-data/', /metadata or link-local/],
      ['https://metadata.google.internal/computeMetadata/v1/', /metadata service/],
      ['https://[fe80::1]/hook', /link-local/],
      ['http://hooks.example.com/a2a', /must be https/],
      ['ftp://127.0.0.1/hook', /https URL/],
      ['https://user:pw@hooks.example.com/a2a', /credentials/],
      ['not a url', /absolute URL/],
    ] as const) {
      const answer = await create(url);
      expect(answer.error?.code, url).toBe(-32602);
      expect(answer.error?.message, url).toMatch(says);
    }
    // Given with SendMessage, the same check: -32602, and no task is started.
    const sent = await rpc(node, key, 'SendMessage', {
      message: { messageId: 'm-bad-hook', role: 'ROLE_USER', parts: [{ text: 'hi' }] },
      configuration: { returnImmediately: true, taskPushNotificationConfig: { url: 'http://169.254.169.254/', token: 't' } },
    });
    expect(sent.error?.code).toBe(-32602);
    const count = (table: string) => (node.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect(count('a2a_push_configs')).toBe(0);
    expect(count('a2a_tasks')).toBe(1);
    // https elsewhere, and http to this host, are accepted.
    expect((await create('https://hooks.example.com/a2a')).error).toBeUndefined();
    expect((await create('http://127.0.0.1:9/hook')).error).toBeUndefined();
  });

  it('a webhook that keeps failing makes its config dead: tried a few times, then left, still listed', async () => {
    const { node, key } = await nodeWithKeys({ a2aPush: { attempts: 3, retryBaseMs: 10 } });
    const webhook = await tinyServer((_request, response) => response.writeHead(503).end());
    const { client, task, approval } = await waitingTask(node, key);
    const created = await client.createTaskPushNotificationConfig(pushConfig(task.id, `${webhook.url}/down`, 'tok-down'));

    await node.api.call('approvals.decide', { id: approval.id, action: 'reply', text: 'Nobody will hear this.' });
    const row = await waitFor(
      () => node.db.prepare('SELECT state, failures, last_error FROM a2a_push_configs WHERE id = ?').get(created.id) as { state: string; failures: number; last_error: string },
      (r) => r.state === 'dead',
    );
    expect(row.failures).toBe(3);
    expect(row.last_error).toMatch(/503/);
    expect(webhook.requests).toHaveLength(3);
    const { entries } = (await node.api.call('audit.list', {})) as { entries: { event: string; details: Record<string, unknown> }[] };
    const dead = entries.find((e) => e.event === 'a2a.push_config_dead');
    expect(dead?.details).toMatchObject({ taskId: task.id, configId: created.id, webhook: webhook.url });
    expect(JSON.stringify(dead)).not.toContain('tok-down');
    // Still there for the caller to see (and delete).
    expect((await client.listTaskPushNotificationConfig({ tenant: '', taskId: task.id, pageSize: 0, pageToken: '' })).configs.map((c) => c.id)).toEqual([created.id]);
  });

  it('keeps the token sealed at rest and removes configs with their task', async () => {
    const { node, key } = await nodeWithKeys();
    const webhook = await tinyServer((_request, response) => response.writeHead(200).end());
    const { client, task } = await waitingTask(node, key);
    await client.createTaskPushNotificationConfig(pushConfig(task.id, `${webhook.url}/hook`, 'tok-never-in-clear'));
    const raw = node.db.prepare('SELECT * FROM a2a_push_configs').all();
    expect(JSON.stringify(raw)).not.toContain('tok-never-in-clear');
    expect(Buffer.concat((raw as { sealed_secrets: Buffer }[]).map((r) => r.sealed_secrets)).includes('tok-never-in-clear')).toBe(false);
    node.db.prepare('DELETE FROM a2a_tasks WHERE id = ?').run(task.id);
    expect((node.db.prepare('SELECT COUNT(*) AS n FROM a2a_push_configs').get() as { n: number }).n).toBe(0);
    // A config whose task never came to be goes with the retention sweep once it is old; a young one stays.
    const orphan = node.db.prepare("INSERT INTO a2a_push_configs (owner, task_id, id, url, sealed_secrets, wire_version, created_at, updated_at) VALUES ('p', 'never', ?, 'https://x.example', x'00', '1.0', ?, 0)");
    orphan.run('old', 0);
    orphan.run('young', Date.now());
    node.protocols.get('a2a')!.sweep!();
    expect(node.db.prepare('SELECT id FROM a2a_push_configs').all()).toEqual([{ id: 'young' }]);
  });
});
