import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { screenshot, useBrowser } from './browser';
import { useServeProcesses } from './serve-process';

describe('the web console in Chromium', () => {
  const sb = useServeProcesses();
  const browser = useBrowser();

  it("shows the node's name and a ticking uptime, and drops the token from the address bar", async () => {
    const node = await sb.serve(['--name', 'console-node']);
    const page = await browser();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(node.consoleUrl);
    await expect.poll(() => page.getByTestId('node-name').textContent()).toBe('console-node');
    const firstUptime = await page.getByTestId('uptime').textContent();
    expect(firstUptime).toMatch(/^\d+s$/);
    await expect.poll(() => page.getByTestId('uptime').textContent(), { timeout: 4000 }).not.toBe(firstUptime);
    expect(page.url()).not.toContain('token=');
    expect(await page.getByTestId('listening-url').textContent()).toBe(`http://127.0.0.1:${node.port}`);
    expect(await page.getByTestId('messages-in').textContent()).toBe('0');
    expect(consoleErrors, consoleErrors.join("\n")).toEqual([]);
    expect(existsSync(await screenshot(page, 'dashboard-light'))).toBe(true);
  });

  it('follows a dark OS theme', async () => {
    const node = await sb.serve(['--name', 'dark-node']);
    const page = await browser({ colorScheme: 'dark' });
    await page.goto(node.consoleUrl);
    await expect.poll(() => page.getByTestId('node-name').textContent()).toBe('dark-node');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor || getComputedStyle(document.documentElement).backgroundColor);
    const rootBackground = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect([background, rootBackground]).toContain('rgb(22, 24, 29)');
    await screenshot(page, 'dashboard-dark');
  });

  it('asks for the right link when opened without a token, and says so when the token is wrong', async () => {
    const node = await sb.serve();
    const page = await browser();
    const origin = node.consoleUrl.split('/#')[0]!;
    await page.goto(`${origin}/`);
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/needs the link/);
    // A link pasted into the open tab: the console takes its token and starts again by itself.
    await page.goto(`${origin}/#token=${'Z'.repeat(43)}`);
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/access token is no longer valid/);
  });

  it('reaches every screen from the sidebar with the keyboard', async () => {
    const node = await sb.serve();
    const page = await browser();
    await page.goto(node.consoleUrl);
    await page.getByTestId('node-name').waitFor();
    await page.getByRole('button', { name: 'Peers' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Peers');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Approvals');
  });
});
