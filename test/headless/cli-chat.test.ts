import { describe, expect, it } from 'vitest';
import type { ChatInvite, ChatPeerStatus } from '../../src/shared/domain/chat';
import { parseDuration } from '../../src/main/headless/protocols/chat';
import { nextApproval } from '../helpers/a2a';
import { cli } from '../helpers/cli';
import { waitFor } from '../helpers/linked-nodes';
import { useTestNodes } from '../helpers/test-node';

const fast = { chatTimings: { statusPollMs: 50, pollMs: 100, reconnectMaxMs: 200 } };

describe('switchboard invites, chat and handshake approvals', () => {
  const nodes = useTestNodes();

  it('publishes, lists and revokes invites, with expiry and use counts', async () => {
    const node = await nodes.start();
    const published = await cli(node, 'invites', 'publish', 'team-invite-2026', '--expires-in', '7d', '--max-uses', '3');
    expect(published).toMatchObject({ code: 0, stdout: '' });
    expect(published.stderr).toMatch(/^Published invite 1 \(team…2026\), until \S+, for 3 request\(s\)\.\n$/);
    const generated = await cli(node, 'invites', 'publish');
    expect(generated.stdout).toMatch(/^inv_[A-Za-z0-9_-]{24}\n$/);
    const listed = await cli(node, 'invites', 'list');
    expect(listed.stdout).toMatch(/ID\s+TOKEN\s+STATE\s+USES\s+EXPIRES\s+CREATED/);
    expect(listed.stdout).toMatch(/1\s+team…2026\s+active\s+0\/3/);
    expect(listed.stdout).not.toContain('team-invite-2026');
    expect((await cli(node, 'invites', 'revoke', 'team-invite-2026')).stdout).toBe('Revoked invite 1 (team…2026); new handshake requests with it are refused.\n');
    const json = JSON.parse((await cli(node, 'invites', 'list', '--json')).stdout) as ChatInvite[];
    expect(json.map((i) => [i.id, i.state])).toEqual([
      [2, 'active'],
      [1, 'revoked'],
    ]);
    expect((await cli(node, 'invites', 'revoke', '1')).stderr).toMatch(/already revoked/);
    expect((await cli(node, 'invites', 'publish', 'short')).stderr).toMatch(/at least 8 characters/);
    expect((await cli(node, 'invites', 'publish', 'long-enough-token', '--expires-in', 'soon')).stderr).toMatch(/is not a duration/);
    expect([parseDuration('90s'), parseDuration('30m'), parseDuration('12h'), parseDuration('7d'), parseDuration('45')]).toEqual([90, 1800, 43_200, 604_800, 45]);
  });

  it('adds a chat peer, approves its handshake from the other node’s CLI, shows and ends the session', async () => {
    const a = await nodes.start({ name: 'alice', ...fast });
    const b = await nodes.start({ name: 'bob', ...fast });
    const token = (await cli(a, 'invites', 'publish')).stdout.trim();
    expect(await cli(b, 'peers', 'add', 'alice', '--url', `http://127.0.0.1:${a.port}`, '--protocol', 'chat')).toMatchObject({ code: 1, stderr: expect.stringMatching(/needs --agent-id/) });
    const added = await cli(b, 'peers', 'add', 'alice', '--url', `http://127.0.0.1:${a.port}`, '--protocol', 'chat', '--agent-id', 'alice', '--invite-token', token);
    expect(added.stdout).toMatch(/Requesting a handshake with alice/);
    const approval = await nextApproval(a);
    const listed = await cli(a, 'approvals', 'list');
    expect(listed.stdout).toMatch(new RegExp(`${approval.id}\\s+handshake\\s+bob\\s+pending`));
    expect((await cli(b, 'chat', 'status', 'alice')).stdout).toMatch(/State\s+pending/);
    expect((await cli(a, 'approvals', 'approve', approval.id)).stdout).toBe('Approved: bob wants to chat (bob).\n');
    await waitFor(async () => JSON.parse((await cli(b, 'chat', 'status', 'alice', '--json')).stdout) as ChatPeerStatus, (s) => s.link?.state === 'active');
    const hosted = await cli(a, 'chat', 'status', 'bob');
    expect(hosted.stdout).toMatch(/Role\s+inviter/);
    expect(hosted.stdout).toMatch(/Session\s+sess_\S+ with bob/);
    expect((await cli(b, 'send', '--to', 'alice', '--wait', 'hello over chat')).code).toBe(0);
    expect((await cli(a, 'chat', 'end', 'bob')).stdout).toBe('Ended the chat session with bob.\n');
    expect((await cli(a, 'chat', 'end', 'bob')).stderr).toMatch(/has no open session/);
    expect((await cli(a, 'chat', 'request', 'bob')).stderr).toMatch(/requests its own handshakes/);
    expect((await cli(a, 'chat', 'status', 'nobody')).code).toBe(1);
  });
});
