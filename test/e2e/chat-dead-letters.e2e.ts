import { describe, expect, it } from 'vitest';
import { screenshot, useBrowser } from './browser';
import { controlCall, useServeProcesses } from './serve-process';

describe('sending from the chat window, through dead letters, to delivery', () => {
  const sb = useServeProcesses();
  const browser = useBrowser();

  it('sends to a peer that is down, shows the dead letter, and replays it once the peer is back', async () => {
    const bDir = sb.dataDir();
    let b = await sb.serve(['--name', 'node-b'], bDir);
    const bPort = b.port;
    expect((await sb.command(['peers', 'add', 'a', '--url', 'http://127.0.0.1:9', '--inbound-secret', 'a-to-b-secret-123', '--data-dir', bDir])).code).toBe(0);
    b.child.kill('SIGTERM');
    await b.exited;

    const a = await sb.serve(['--name', 'node-a']);
    expect((await sb.command(['peers', 'add', 'b', '--url', `http://127.0.0.1:${bPort}`, '--outbound-secret', 'a-to-b-secret-123', '--data-dir', a.dataDir])).code).toBe(0);
    await controlCall(a.consoleUrl, 'peers.setRetryPolicy', { peer: 'b', policy: { maxAttempts: 2, baseDelayMs: 200 } });

    const page = await browser();
    await page.goto(a.consoleUrl);
    await page.getByRole('button', { name: 'Conversations' }).click();
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /^b/ }).click();
    const composer = page.getByLabel('Message to b');
    await composer.fill('hello from the chat');
    await composer.press('Enter');
    await expect.poll(() => composer.inputValue()).toBe('');
    const bubble = page.getByTestId('chat-bubble').filter({ hasText: 'hello from the chat' });
    await expect.poll(() => bubble.getAttribute('data-status'), { timeout: 10_000 }).toBe('dead');
    expect(await bubble.textContent()).toMatch(/Gave up after 2 attempts: connection error/);
    await screenshot(page, 'chat-dead');

    await bubble.getByRole('button', { name: 'Open dead letter' }).click();
    const letter = page.getByRole('complementary', { name: 'Dead letter' });
    await expect.poll(() => letter.getByTestId('dead-reason').textContent()).toMatch(/Is b running and reachable\?/);
    await expect.poll(() => page.getByTestId('dead-letter-row').count()).toBe(1);
    await screenshot(page, 'dead-letters');

    b = await sb.serve(['--port', String(bPort)], bDir);
    await letter.getByRole('button', { name: 'Replay', exact: true }).click();
    await expect.poll(() => page.getByTestId('replay-summary').textContent(), { timeout: 10_000 }).toBe('1 delivered, 0 dead again, 0 pending');
    await expect.poll(() => page.getByTestId('dead-letter-row').count()).toBe(0);
    await screenshot(page, 'dead-letters-replayed');

    const received = JSON.parse((await sb.command(['messages', 'list', '--json', '--data-dir', bDir])).stdout) as { content: string; peerName: string }[];
    expect(received).toEqual([expect.objectContaining({ content: 'hello from the chat', peerName: 'a' })]);

    await page.getByRole('button', { name: 'Conversations' }).click();
    await expect.poll(() => bubble.getAttribute('data-status')).toBe('delivered');
    await screenshot(page, 'chat-delivered');
  });
});
