import { describe, expect, it } from 'vitest';
import type { Approval } from '../../src/shared/domain/approval';
import type { ChatInvite } from '../../src/shared/domain/chat';
import type { MessageDetail, MessageSummary } from '../../src/shared/domain/message';
import type { Peer } from '../../src/shared/domain/peer';
import { controlCall, useServeProcesses, type ServeProcess } from './serve-process';

type When = 'before-commit' | 'after-commit';

/**
 * Every multi-step change is one unit of work. Each case arms a crash (SIGKILL, from inside the node, at the
 * instant just before or just after that unit commits), makes the change, restarts the node on the same data dir
 * and checks that the change is there entirely, or not at all.
 */
describe('multi-step changes are all-or-nothing across a SIGKILL', () => {
  const sb = useServeProcesses();

  /** Starts the node armed to die at `label`, runs `act`, and waits for the kill. */
  async function crashDuring(dir: string, label: string, when: When, act: (node: ServeProcess) => Promise<unknown>, args: string[] = []) {
    const armed = await sb.serve(args, dir, { SWITCHBOARD_CRASH_AT: `${label}:${when}` });
    expect(armed.stderr()).toContain(`kill itself at ${label} (${when})`);
    await act(armed).catch(() => undefined);
    await armed.exited;
    expect(armed.child.signalCode).toBe('SIGKILL');
    return sb.serve(args, dir);
  }

  const call = <T>(node: ServeProcess, method: string, input: unknown = {}) => controlCall(node.consoleUrl, method, input) as Promise<T>;

  async function a2aRequest(node: ServeProcess, key: string, text: string) {
    const response = await fetch(`http://127.0.0.1:${node.port}/a2a`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'a2a-version': '1.0' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'SendMessage', params: { message: { messageId: `m-${text}`, role: 'ROLE_USER', parts: [{ text }] }, configuration: { returnImmediately: true } } }),
    });
    return ((await response.json()) as { result: { task: { id: string } } }).result.task.id;
  }

  async function taskState(node: ServeProcess, key: string, id: string): Promise<string> {
    const response = await fetch(`http://127.0.0.1:${node.port}/a2a`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'a2a-version': '1.0' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'GetTask', params: { id } }),
    });
    return ((await response.json()) as { result: { status: { state: string } } }).result.status.state;
  }

  it.each(['before-commit', 'after-commit'] as const)('deciding an approval (%s): the decision, the task and the answer go together', async (when) => {
    const dir = sb.dataDir();
    const first = await sb.serve([], dir);
    const key = /A2A API key "default" \(shown only now[^\n]*\n {2}(\S+)\n/.exec(first.stdout())![1]!;
    const taskId = await a2aRequest(first, key, 'deploy?');
    const [pending] = (await call<{ approvals: Approval[] }>(first, 'approvals.list', { status: 'pending' })).approvals;
    first.child.kill('SIGTERM');
    await first.exited;

    const after = await crashDuring(dir, 'approval.decide', when, (node) => call(node, 'approvals.decide', { id: pending!.id, action: 'reply', text: 'Ship it.' }));
    const approval = await call<Approval>(after, 'approvals.get', { id: pending!.id });
    const answers = (await call<{ messages: MessageSummary[] }>(after, 'messages.list', { direction: 'out' })).messages;
    if (when === 'before-commit') {
      expect(approval.status).toBe('pending');
      expect(answers).toEqual([]);
      expect(await taskState(after, key, taskId)).toBe('TASK_STATE_WORKING');
      // Nothing half-done stands in the way of deciding again.
      await call(after, 'approvals.decide', { id: pending!.id, action: 'reply', text: 'Ship it.' });
    } else {
      expect(approval.status).toBe('answered');
    }
    expect(await taskState(after, key, taskId)).toBe('TASK_STATE_COMPLETED');
    expect((await call<{ messages: MessageSummary[] }>(after, 'messages.list', { direction: 'out' })).messages.map((m) => m.content)).toEqual(['Ship it.']);
  });

  it.each(['before-commit', 'after-commit'] as const)('a chat handshake request (%s): the request, the invite use and the inbox item go together', async (when) => {
    const dir = sb.dataDir();
    const first = await sb.serve([], dir);
    const { token } = await call<{ token: string }>(first, 'invites.publish', { maxUses: 5 });
    const inviter = (await call<{ chat: { agentId: string } }>(first, 'settings.get')).chat.agentId;
    const joined = (await (await fetch(`http://127.0.0.1:${first.port}/v1/agents/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ agent_id: 'visitor' }) })).json()) as { api_key: string };
    first.child.kill('SIGTERM');
    await first.exited;

    const request = (node: ServeProcess) =>
      fetch(`http://127.0.0.1:${node.port}/v1/handshake/request`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': joined.api_key },
        body: JSON.stringify({ inviter_agent_id: inviter, requester_agent_id: 'visitor', invite_token: token }),
      }).then((response) => response.json() as Promise<{ request_id: string; status: string }>);
    const after = await crashDuring(dir, 'chat.handshake_request', when, request);
    const inbox = (await call<{ approvals: Approval[] }>(after, 'approvals.list', {})).approvals;
    const [invite] = (await call<{ invites: ChatInvite[] }>(after, 'invites.list')).invites;
    expect(inbox).toHaveLength(when === 'before-commit' ? 0 : 1);
    expect(invite!.uses).toBe(when === 'before-commit' ? 0 : 1);
    // The requester never heard back, so it asks again: one request, one use, one item either way.
    expect(await request(after)).toMatchObject({ status: 'pending' });
    expect(await request(after)).toMatchObject({ status: 'pending' });
    expect((await call<{ approvals: Approval[] }>(after, 'approvals.list', {})).approvals).toHaveLength(1);
    expect((await call<{ invites: ChatInvite[] }>(after, 'invites.list')).invites[0]!.uses).toBe(1);
  });

  it.each(['before-commit', 'after-commit'] as const)('removing a peer (%s): the peer, its secrets and its undelivered messages go together', async (when) => {
    const dir = sb.dataDir();
    const first = await sb.serve([], dir);
    await call(first, 'peers.add', { name: 'b', baseUrl: 'http://127.0.0.1:9', inboundSecret: 'removal-secret-2026' });
    await call(first, 'outbox.setPaused', { peer: 'b', paused: true });
    const queued = await call<MessageSummary>(first, 'messages.send', { peer: 'b', text: 'never sent' });
    first.child.kill('SIGTERM');
    await first.exited;

    const after = await crashDuring(dir, 'peer.remove', when, (node) => call(node, 'peers.remove', { peer: 'b' }));
    // The first start made an A2A key, and with it a peer named "default"; only b matters here.
    const peers = (await call<{ peers: Peer[] }>(after, 'peers.list')).peers.filter((peer) => peer.name !== 'default');
    const message = await call<MessageDetail>(after, 'messages.get', { id: queued.id });
    const secretWorks = (await fetch(`http://127.0.0.1:${after.port}/stats`, { headers: { authorization: 'Bearer removal-secret-2026' } })).status === 200;
    if (when === 'before-commit') {
      expect(peers.map((p) => p.name)).toEqual(['b']);
      expect(message.status).toBe('queued');
      expect(secretWorks).toBe(true);
    } else {
      expect(peers).toEqual([]);
      expect(message.status).toBe('dead');
      expect(message.delivery?.deadReason).toBe('b was removed before this message was delivered.');
      expect(secretWorks).toBe(false);
    }
  });

  it.each(['before-commit', 'after-commit'] as const)('a bulk replay (%s): every dead letter goes back to the queue, or none does', async (when) => {
    const dir = sb.dataDir();
    const first = await sb.serve([], dir);
    await call(first, 'peers.add', { name: 'down', baseUrl: 'http://127.0.0.1:9', outboundSecret: 'replay-secret-2026' });
    await call(first, 'peers.setRetryPolicy', { peer: 'down', policy: { maxAttempts: 1, baseDelayMs: 100 } });
    const ids: number[] = [];
    for (const text of ['one', 'two', 'three']) ids.push((await call<MessageSummary>(first, 'messages.send', { peer: 'down', text })).id);
    for (;;) {
      const dead = (await call<{ deadLetters: MessageSummary[] }>(first, 'deadLetters.list')).deadLetters;
      if (dead.length === 3) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Held, so replayed messages wait in the queue where the check below can see them.
    await call(first, 'outbox.setPaused', { peer: 'down', paused: true });
    first.child.kill('SIGTERM');
    await first.exited;

    const after = await crashDuring(dir, 'deadLetters.replay', when, (node) => call(node, 'deadLetters.replay', { all: true }));
    const statuses = await Promise.all(ids.map(async (id) => (await call<MessageDetail>(after, 'messages.get', { id })).status));
    expect(statuses).toEqual(Array(3).fill(when === 'before-commit' ? 'dead' : 'queued'));
  });
});
