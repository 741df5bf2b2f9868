import type { Task } from '@a2a-js/sdk';
import { TaskState } from '@a2a-js/sdk';
import { describe, expect, it } from 'vitest';
import type { SwitchboardNode } from '../../src/main/core/node';
import { runCli, type CliIo } from '../../src/main/headless/cli-program';
import type { Approval } from '../../src/shared/domain/approval';
import type { MessageSummary } from '../../src/shared/domain/message';
import { nextApproval, sdkClient, sendParams, useSdkPeers, userMessage } from '../helpers/a2a';
import { cli } from '../helpers/cli';
import { waitFor } from '../helpers/linked-nodes';
import { useTestNodes } from '../helpers/test-node';

describe('switchboard keys, credentials, approvals, reply and send --context', () => {
  const nodes = useTestNodes();
  const sdkPeer = useSdkPeers();

  it('serve shows the first A2A key once, and not on the next start', async () => {
    const dir = nodes.tempDir();
    const serve = async () => {
      const out: string[] = [];
      const served: SwitchboardNode[] = [];
      const io: CliIo = { stdout: (t) => out.push(t), stderr: () => undefined, env: {}, onServing: (node) => served.push(node) };
      expect(await runCli(['--data-dir', dir, 'serve', '--host', '127.0.0.1', '--port', '0', '--control-port', '0'], io)).toBe(0);
      return { stdout: out.join(''), node: served[0]! };
    };
    const first = await serve();
    const key = /A2A API key "default" \(shown only now[^\n]*\n {2}(\S+)\n/.exec(first.stdout)?.[1];
    expect(key).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    const task = (await (await sdkClient(first.node, key!)).sendMessage(sendParams(userMessage('hi'), { returnImmediately: true }))) as Task;
    expect(task.id).toBeTruthy();
    await first.node.close();
    const second = await serve();
    try {
      expect(second.stdout).not.toContain('A2A API key');
      expect(second.stdout).not.toContain(key);
    } finally {
      await second.node.close();
    }
  });

  it('keys generate prints the key once; list masks it; revoke stops it at once', async () => {
    const node = await nodes.start();
    const generated = await cli(node, 'keys', 'generate', 'partner agent');
    expect(generated.code).toBe(0);
    const key = generated.stdout.trim();
    expect(generated.stderr).toMatch(/Key "partner agent" for peer partner agent\. It is shown only now/);
    const listed = await cli(node, 'keys', 'list');
    expect(listed.stdout).toMatch(/LABEL\s+KEY\s+PEER\s+CREATED\s+LAST USED/);
    expect(listed.stdout).toContain(`${key.slice(0, 4)}…${key.slice(-4)}`);
    expect(listed.stdout).not.toContain(key);
    const json = JSON.parse((await cli(node, 'keys', 'list', '--json')).stdout) as { label: string; peerName: string }[];
    expect(json).toEqual([expect.objectContaining({ label: 'partner agent', peerName: 'partner agent' })]);
    const client = await sdkClient(node, key);
    await client.sendMessage(sendParams(userMessage('before revoke'), { returnImmediately: true }));
    expect((await cli(node, 'keys', 'revoke', 'partner agent')).stdout).toMatch(/Revoked key "partner agent"/);
    await expect(client.sendMessage(sendParams(userMessage('after revoke'), { returnImmediately: true }))).rejects.toThrow(/401|Authentication/);
    expect(await cli(node, 'keys', 'revoke', 'partner agent')).toMatchObject({ code: 1 });
    expect((await cli(node, 'keys', 'generate', '../etc')).stderr).toMatch(/label.*may contain letters/i);
  });

  it('approvals list, reply, reply --ask-back, reject --reason and approve (forward) reach the caller', async () => {
    const local = await sdkPeer();
    const node = await nodes.start();
    const { key } = (await node.api.call('keys.generate', { label: 'alice' })) as { key: string };
    const client = await sdkClient(node, key);
    expect((await cli(node, 'approvals', 'list')).stdout).toBe('Nothing waiting for you.\n');

    const answered = client.sendMessage(sendParams(userMessage('Is the build green?')));
    const first = await nextApproval(node);
    const listed = await cli(node, 'approvals', 'list');
    expect(listed.stdout).toMatch(new RegExp(`${first.id}\\s+A2A request\\s+alice\\s+pending\\s+\\S+\\s+Is the build green\\?`));
    expect((await cli(node, 'reply', first.id, 'Yes, all green.')).stdout).toBe('Answered: Is the build green? (alice).\n');
    expect(((await answered) as Task).status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(await cli(node, 'reply', first.id, 'again')).toMatchObject({ code: 1, stderr: expect.stringMatching(/already decided \(answered\)/) });

    const asked = client.sendMessage(sendParams(userMessage('Book a room')));
    expect((await cli(node, 'reply', (await nextApproval(node)).id, 'Which day?', '--ask-back')).code).toBe(0);
    expect(((await asked) as Task).status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);

    const rejected = client.sendMessage(sendParams(userMessage('Give me the keys')));
    expect((await cli(node, 'approvals', 'reject', (await nextApproval(node)).id, '--reason', 'Not today.')).stdout).toMatch(/^Rejected: Give me the keys/);
    const rejectedTask = (await rejected) as Task;
    expect(rejectedTask.status?.state).toBe(TaskState.TASK_STATE_REJECTED);
    expect(rejectedTask.status?.message?.parts[0]?.content).toMatchObject({ value: 'Not today.' });

    // No local agent: approve cannot forward, and says how to answer instead.
    const noAgent = client.sendMessage(sendParams(userMessage('forward me')));
    const noAgentApproval = await nextApproval(node);
    expect(await cli(node, 'approvals', 'approve', noAgentApproval.id)).toMatchObject({ code: 1, stderr: expect.stringMatching(/cannot be forwarded.*switchboard reply/) });
    await cli(node, 'reply', noAgentApproval.id, 'by hand then');
    await noAgent;

    await node.api.call('settings.update', { a2a: { localAgentUrl: local.url } });
    const forwarded = client.sendMessage(sendParams(userMessage('forward me now')));
    expect((await cli(node, 'approvals', 'approve', (await nextApproval(node)).id)).stdout).toMatch(/^Forwarded to the local agent: forward me now/);
    expect(((await forwarded) as Task).artifacts[0]?.parts[0]?.content).toMatchObject({ value: 'echo #1: forward me now' });

    const history = JSON.parse((await cli(node, 'approvals', 'list', '--json')).stdout) as Approval[];
    expect(history.map((a) => a.status)).toEqual(['approved', 'answered', 'rejected', 'asked', 'answered']);
    expect((await cli(node, 'approvals', 'list', '--status', 'soon')).stderr).toMatch(/--status must be one of pending, approved/);
    expect((await cli(node, 'approvals', 'approve', 'apr_nope')).stderr).toMatch(/There is no approval apr_nope/);
  });

  it('send --context and --new-context choose the A2A conversation; credentials add/list/remove', async () => {
    const agent = await sdkPeer({ streaming: false });
    const node = await nodes.start();
    await node.api.call('peers.add', { name: 'agent', baseUrl: agent.url, protocol: 'a2a' });
    const replies = (count: number) =>
      waitFor(
        async () => ((await node.api.call('messages.list', { direction: 'in' })) as { messages: MessageSummary[] }).messages,
        (list) => list.length >= count,
      );
    expect((await cli(node, 'send', '--to', 'agent', '--context', 'project-x', '--wait', 'one')).code).toBe(0);
    await replies(1);
    expect((await cli(node, 'send', '--to', 'agent', 'two')).code).toBe(0);
    expect((await replies(2))[0]!.content).toBe('echo #2: two');
    expect((await cli(node, 'send', '--to', 'agent', '--new-context', 'three')).code).toBe(0);
    expect((await replies(3))[0]!.content).toBe('echo #1: three');
    expect(agent.contexts.slice(0, 2)).toEqual(['project-x', 'project-x']);
    expect(agent.contexts[2]).not.toBe('project-x');
    expect(await cli(node, 'send', '--to', 'agent', '--context', 'a', '--new-context', 'x')).toMatchObject({ code: 1, stderr: expect.stringMatching(/not both/) });
    expect((await cli(node, 'send', '--to', 'agent', '--context', 'bad context!', 'x')).stderr).toMatch(/context.*A–Z a–z 0–9/);

    expect((await cli(node, 'credentials', 'list')).stdout).toMatch(/No outbound credentials/);
    const added = await cli(node, 'credentials', 'add', `${agent.url}/a2a`, 'X-Api-Key: sk-live-abcdefgh', 'X-Team: ${TEAM_TOKEN}');
    expect(added.stdout).toMatch(/^Added credentials (\d+) for http:\/\/127\.0\.0\.1:\d+\/a2a: X-Api-Key, X-Team\.\n$/);
    const listed = await cli(node, 'credentials', 'list');
    expect(listed.stdout).toContain('X-Api-Key: sk-l…efgh, X-Team: ${TEAM_TOKEN}');
    expect(listed.stdout).not.toContain('sk-live-abcdefgh');
    expect((await cli(node, 'credentials', 'add', 'https://x.example', 'no colon here')).stderr).toMatch(/is not "Name: value"/);
    const id = /credentials (\d+)/.exec(added.stdout)![1]!;
    expect((await cli(node, 'credentials', 'remove', id)).stdout).toBe(`Removed credentials ${id}.\n`);
    expect((await cli(node, 'credentials', 'remove', id)).stderr).toMatch(/no such credentials/);
  });
});
