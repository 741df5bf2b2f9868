import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { screenshot, useBrowser } from './browser';
import { controlCall, useServeProcesses } from './serve-process';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a console that survives restarts and renames (issue 12: findings 1 and 2)', () => {
  const sb = useServeProcesses();
  const browser = useBrowser();

  it('after a restart the same console URL works and an open tab recovers on its own; a rotated token says how to get the new address', async () => {
    const controlPort = String(await freePort());
    const first = await sb.serve(['--control-port', controlPort, '--name', 'steady']);
    const page = await browser();
    await page.goto(first.consoleUrl);
    await expect.poll(() => page.getByTestId('node-name').textContent()).toBe('steady');

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Lost the connection' }).count(), { timeout: 10_000 }).toBe(1);

    const second = await sb.serve(['--control-port', controlPort], first.dataDir);
    // Same address, same token: the bookmark and the open tab keep working.
    expect(second.consoleUrl).toBe(first.consoleUrl);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Lost the connection' }).count(), { timeout: 15_000 }).toBe(0);
    await controlCall(second.consoleUrl, 'settings.update', { name: 'steady-again' });
    await expect.poll(() => page.getByTestId('node-name').textContent(), { timeout: 10_000 }).toBe('steady-again');
    // A reload of the tab (its address bar no longer has the token) still gets in.
    await page.reload();
    await expect.poll(() => page.getByTestId('node-name').textContent(), { timeout: 10_000 }).toBe('steady-again');

    const rotated = await sb.command(['console', '--rotate-token', '--data-dir', second.dataDir]);
    expect(rotated.code, rotated.stderr).toBe(0);
    const fresh = /(http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)/.exec(rotated.stdout)![1]!;
    expect(fresh).not.toBe(first.consoleUrl);
    const alert = page.getByRole('alert').filter({ hasText: 'no longer valid' });
    await expect.poll(() => alert.count(), { timeout: 10_000 }).toBe(1);
    expect(await alert.textContent()).toContain('switchboard console');
    await screenshot(page, 'console-token-rotated');
    // Pasted into the same tab: only the fragment changes, and the console starts again with the new token.
    await page.goto(fresh);
    await expect.poll(() => page.getByTestId('node-name').textContent(), { timeout: 10_000 }).toBe('steady-again');
    expect(await page.getByRole('alert').filter({ hasText: 'no longer valid' }).count()).toBe(0);
  });

  it('renaming the node in Settings keeps an invite handed out before working', async () => {
    const node = await sb.serve(['--name', 'alpha']);
    const { token: invite } = (await controlCall(node.consoleUrl, 'invites.publish', { token: 'invite-handed-out-1' })) as { token: string };
    const page = await browser();
    await page.goto(node.consoleUrl);
    await page.getByRole('button', { name: 'Settings' }).first().click();
    const name = page.getByLabel('Name (what peers see)');
    await name.fill('beta');
    await page.getByRole('form', { name: 'Node identity' }).getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => ((await controlCall(node.consoleUrl, 'settings.get', {})) as { name: string }).name, { timeout: 10_000 }).toBe('beta');

    const base = `http://127.0.0.1:${node.port}`;
    const post = async (path: string, body: unknown, key?: string) => {
      const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) }, body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const joined = await post('/v1/agents/join', { agent_id: 'requester-1' });
    expect(joined.status).toBe(200);
    const requested = await post('/v1/handshake/request', { inviter_agent_id: 'alpha', requester_agent_id: 'requester-1', invite_token: invite }, joined.body.api_key as string);
    expect(requested.status, JSON.stringify(requested.body)).toBe(200);
    expect(requested.body.status).toBe('pending');
  });
});
