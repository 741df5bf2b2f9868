import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshot, useBrowser } from './browser';
import { useServeProcesses } from './serve-process';

describe('peers and the timeline in Chromium', () => {
  const sb = useServeProcesses();
  const browser = useBrowser();

  it('adds a peer in the UI, receives a message from it, and shows it live in the timeline with its trace id', async () => {
    const node = await sb.serve(['--name', 'e2e-node']);
    const page = await browser();
    await page.goto(node.consoleUrl);
    await page.getByRole('button', { name: 'Peers' }).click();
    // The first start made an A2A key, and with it the peer its callers are known as.
    await page.getByRole('list', { name: 'Peer list' }).getByText('default', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Add peer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a peer' });
    await dialog.getByLabel('Name').fill('alice');
    await dialog.getByLabel('Base URL').fill('http://127.0.0.1:9');
    await dialog.getByRole('button', { name: 'Add peer' }).click();
    const once = page.getByRole('dialog', { name: 'Secrets for alice' });
    const secret = (await once.getByTestId('secret-inbound-secret').textContent())!.trim();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await screenshot(page, 'peer-secret-once');
    await once.getByRole('button', { name: /I have saved it/ }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await screenshot(page, 'peers');

    await page.getByRole('button', { name: /^Timeline/ }).click();
    await page.getByText(/No messages yet/).waitFor();
    const response = await fetch(`http://127.0.0.1:${node.port}/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ schema_version: '2.4', trace_id: 'zen-1700000000-e2e00001', message: 'Hello from alice, live', sender: 'alice', wake: true }),
    });
    expect(response.status).toBe(200);

    const row = page.getByTestId('timeline-row').filter({ hasText: 'Hello from alice, live' });
    await row.waitFor();
    expect(await row.getByRole('button', { name: /Copy trace id zen-1700000000-e2e00001/ }).count()).toBe(1);
    // The badge follows the counts event, which is throttled: it may trail the row by a moment.
    await expect.poll(() => page.getByRole('button', { name: /^Timeline/ }).textContent()).toContain('1');
    await row.click();
    const drawer = page.getByRole('complementary', { name: 'Message detail' });
    await expect.poll(() => drawer.getByTestId('message-text').textContent()).toBe('Hello from alice, live');
    expect(await drawer.getByTestId('raw-envelope').textContent()).toContain('"trace_id": "zen-1700000000-e2e00001"');
    // Looking at the wake marks it seen: the sidebar badge goes.
    await expect.poll(() => page.locator('.nav-badge').count()).toBe(0);
    await screenshot(page, 'timeline');

    await page.keyboard.press('Escape');
    await page.getByLabel('Trace id', { exact: true }).fill('no-such-trace');
    await page.getByText('No message matches these filters.').waitFor();
    await page.getByLabel('Trace id', { exact: true }).fill('zen-1700000000-e2e00001');
    await expect.poll(() => page.getByTestId('timeline-row').count()).toBe(1);
  });

  it('scrolls 100,000 messages with only the visible rows in the page', async () => {
    const dir = sb.dataDir();
    const first = await sb.serve([], dir);
    first.child.kill('SIGTERM');
    await first.exited;
    const db = new Database(join(dir, 'switchboard.db'));
    const insert = db.prepare(
      "INSERT INTO messages (direction, protocol, trace_id, content, status, created_at, peer_name) VALUES ('in', 'secure', ?, ?, 'received', ?, 'bulk')",
    );
    db.transaction(() => {
      for (let i = 1; i <= 100_000; i += 1) insert.run(`bulk-${String(i).padStart(6, '0')}`, `bulk message ${i}`, new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString());
    })();
    db.close();

    const node = await sb.serve([], dir);
    const page = await browser();
    await page.goto(node.consoleUrl);
    await page.getByRole('button', { name: /^Timeline/ }).click();
    await expect.poll(() => page.getByTestId('timeline-count').textContent()).toBe('100000 messages');
    await page.getByText('bulk message 100000').waitFor();
    expect(await page.getByTestId('timeline-row').count()).toBeLessThan(80);

    // Scrolling up loads older pages above without losing the place.
    const scroller = page.getByLabel('Message rows (j/k to move, Enter to open)');
    for (let i = 0; i < 6; i += 1) {
      await scroller.evaluate((element) => (element.scrollTop = 0));
      await page.waitForTimeout(250);
    }
    await expect.poll(async () => (await page.getByTestId('timeline-row').allTextContents()).some((text) => /bulk message 9[0-9]{4}/.test(text) && !/bulk message 99[89]/.test(text))).toBe(true);
    expect(await page.getByTestId('timeline-row').count()).toBeLessThan(80);
    await screenshot(page, 'timeline-100k');
  });
});
