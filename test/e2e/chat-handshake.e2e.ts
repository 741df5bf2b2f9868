import { describe, expect, it } from 'vitest';
import { chatApi } from '../helpers/chat';
import { screenshot, useBrowser } from './browser';
import { useServeProcesses } from './serve-process';

describe('an a2achat handshake approved by click', () => {
  const sb = useServeProcesses();
  const browser = useBrowser();

  it('appears in Approvals; clicking Approve lets the requester send; the message shows in the timeline', async () => {
    const node = await sb.serve(['--name', 'operator']);
    expect((await sb.command(['invites', 'publish', 'e2e-invite-token', '--max-uses', '1', '--data-dir', node.dataDir])).code).toBe(0);
    const api = chatApi({ port: node.port });
    const key = (await api.join('remote-agent')).body.api_key as string;
    const requested = await api.call('POST', '/v1/handshake/request', { key, body: { inviter_agent_id: 'operator', requester_agent_id: 'remote-agent', invite_token: 'e2e-invite-token' } });
    expect(requested.status).toBe(200);

    const page = await browser();
    await page.goto(node.consoleUrl);
    await expect.poll(() => page.getByRole('button', { name: /^Approvals/ }).textContent()).toBe('Approvals1');
    await page.getByRole('button', { name: /^Approvals/ }).click();
    const item = page.getByTestId('approval').filter({ hasText: 'remote-agent wants to chat' });
    await expect.poll(() => item.getAttribute('data-status')).toBe('pending');
    expect(await item.textContent()).toMatch(/with invite e2e-…oken/);
    expect(await item.getByTestId('approval-expiry').textContent()).toMatch(/^expires in (9m|10m)/);
    await screenshot(page, 'approvals-handshake');
    // Before approval the requester has no token to send with.
    const statusPath = `/v1/handshake/status/${requested.body.request_id as string}?agent_id=remote-agent`;
    expect((await api.call('GET', statusPath, { key })).body.status).toBe('pending');

    await item.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => item.getAttribute('data-status')).toBe('approved');
    const claim = await api.call('GET', statusPath, { key });
    expect(claim.body.status).toBe('approved');
    const sent = await api.call('POST', '/v1/messages/send', {
      key,
      token: claim.body.session_token as string,
      body: { session_id: claim.body.session_id, sender_agent_id: 'remote-agent', recipient_agent_id: 'operator', content: 'Thanks for approving — hello from remote-agent.' },
    });
    expect(sent.status).toBe(200);

    await page.getByRole('button', { name: /^Timeline/ }).click();
    const row = page.getByTestId('timeline-row').filter({ hasText: 'Thanks for approving' });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await row.textContent()).toContain(sent.body.message_id as string);
    await screenshot(page, 'timeline-chat');

    await page.getByRole('button', { name: 'Peers' }).click();
    await page.getByRole('list', { name: 'Peer list' }).getByText('remote-agent', { exact: true }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Chat session' }).textContent()).toMatch(/sess_\w+.*open/);
    await screenshot(page, 'peer-chat-session');
  });
});
