import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useBrowser } from './browser';
import { controlCall, useServeProcesses, type ServeProcess } from './serve-process';

const ALICE_SECRET = 'alice-presents-this-secret-2026';

/** alice, whose messages this node accepts with her inbound secret (she listens nowhere: port 9 refuses at once). */
async function addAlice(node: ServeProcess): Promise<void> {
  await controlCall(node.consoleUrl, 'peers.add', { name: 'alice', baseUrl: 'http://127.0.0.1:9', protocol: 'secure', inboundSecret: ALICE_SECRET, outboundSecret: 'what-this-node-presents-to-alice' });
}

async function post(node: ServeProcess, index: number): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${node.port}/`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ALICE_SECRET}`, 'content-type': 'application/json' },
    body: JSON.stringify({ schema_version: '2.4', trace_id: `zen-1700000000-l${String(index).padStart(7, '0')}`, message: `load message ${index}`, sender: 'alice', wake: false }),
  });
  expect(response.status).toBe(200);
}

/** A load generator: `count` a2a-secure POSTs spread evenly over `spreadMs`, in small concurrent bursts. */
async function load(node: ServeProcess, count: number, spreadMs: number, burst = 10): Promise<void> {
  const started = Date.now();
  const bursts = Math.ceil(count / burst);
  for (let b = 0; b < bursts; b += 1) {
    await Promise.all(Array.from({ length: Math.min(burst, count - b * burst) }, (_, i) => post(node, b * burst + i)));
    const due = started + ((b + 1) * spreadMs) / bursts;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
  }
}

/** Nothing may push the page sideways: neither the document nor the main content area scrolls horizontally. */
async function sidewaysOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > window.innerWidth) problems.push(`document ${root.scrollWidth} > ${window.innerWidth}`);
    const main = document.querySelector('main');
    if (main && main.scrollWidth > main.clientWidth) problems.push(`main ${main.scrollWidth} > ${main.clientWidth}`);
    return problems;
  });
}

const number = async (page: Page, testId: string) => Number((await page.getByTestId(testId).textContent())!.replace(/[^\d]/g, ''));

describe('the Dashboard’s plots, healing dead letters and the Timeline export in Chromium', () => {
  const sb = useServeProcesses();
  const browser = useBrowser();

  it('moves its plots while messages pour in, in place, in light and dark, from 800×600 up', async () => {
    const node = await sb.serve(['--name', 'plots-node']);
    await addAlice(node);
    const page = await browser();
    await page.goto(node.consoleUrl);
    const card = page.getByRole('article', { name: 'Last hour' });
    await card.getByText('No messages in the last hour yet.').waitFor();

    const sending = load(node, 300, 6_000);
    await card.getByRole('img', { name: /^Messages received and sent per minute/ }).waitFor();
    await expect.poll(() => page.locator('.time-chart canvas').count()).toBe(3);
    // Marked, to see that later numbers are drawn into the same canvas rather than a new chart.
    await page.locator('.time-chart canvas').first().evaluate((canvas) => (canvas.dataset.first = 'yes'));
    const seen = [await number(page, 'plot-in-now')];
    while (seen.length < 40 && !(await Promise.race([sending.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 500))]))) seen.push(await number(page, 'plot-in-now'));
    await sending;
    await expect.poll(() => page.getByTestId('plot-hour').textContent(), { timeout: 5_000 }).toMatch(/^300 \/ 0$/);
    seen.push(await number(page, 'plot-in-now'));
    // The "in" number rose while the load ran (a minute may turn meanwhile, so not always from the first sample).
    expect(seen.some((value, index) => index > 0 && value > seen[index - 1]!)).toBe(true);
    expect(await page.locator('.time-chart canvas[data-first="yes"]').count()).toBe(1);
    expect(await page.locator('.time-chart canvas').first().evaluate((canvas: HTMLCanvasElement) => canvas.width > 100 && canvas.height > 50)).toBe(true);
    // Screen readers get the numbers as a table.
    expect(await card.getByRole('table', { name: 'Messages by protocol' }).getByRole('row', { name: /a2a-secure/ }).locator('td').allTextContents()).toEqual([expect.any(String), '0', '300', '0']);
    await screenshot(page, 'dashboard-plots-light-1280');

    await page.emulateMedia({ colorScheme: 'dark' });
    // A new scheme re-draws the charts with its colours.
    await expect.poll(() => page.locator('.time-chart canvas[data-first="yes"]').count()).toBe(0);
    await expect.poll(() => page.locator('.time-chart canvas').count()).toBe(3);
    await screenshot(page, 'dashboard-plots-dark-1280');

    await page.setViewportSize({ width: 800, height: 600 });
    await page.waitForTimeout(300);
    expect(await sidewaysOverflow(page)).toEqual([]);
    // The charts follow their box's width.
    expect(await page.locator('.time-chart').first().evaluate((box) => Math.abs(box.querySelector('canvas')!.getBoundingClientRect().width - box.clientWidth) <= 2)).toBe(true);
    await screenshot(page, 'dashboard-plots-dark-800');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForTimeout(300);
    expect(await sidewaysOverflow(page)).toEqual([]);
    await screenshot(page, 'dashboard-plots-light-800');
  });

  it('counts a dead letter in the sidebar, names its reason on the Dashboard, and says in Delivery when it is tried again', async () => {
    const node = await sb.serve(['--name', 'heal-node']);
    await controlCall(node.consoleUrl, 'peers.add', { name: 'down', baseUrl: 'http://127.0.0.1:9', protocol: 'secure', outboundSecret: 'what-this-node-presents-to-down' });
    await controlCall(node.consoleUrl, 'peers.setRetryPolicy', { peer: 'down', policy: { maxAttempts: 1, baseDelayMs: 100 } });
    const page = await browser();
    await page.goto(node.consoleUrl);
    await page.getByTestId('node-name').waitFor();
    await controlCall(node.consoleUrl, 'messages.send', { peer: 'down', text: 'Port 9 refuses this at once.', wake: false });

    const delivery = page.getByRole('button', { name: /^Delivery/ });
    await expect.poll(() => delivery.locator('.nav-badge').textContent(), { timeout: 10_000 }).toBe('1');
    const reasons = page.getByRole('list', { name: 'Top reasons for dead letters' });
    await expect.poll(() => reasons.textContent(), { timeout: 5_000 }).toMatch(/^1× down: /);
    await page.getByRole('article', { name: 'Last errors' }).getByText(/A message to down could not be delivered/).waitFor();
    await reasons.getByRole('button').first().click();

    const row = page.getByTestId('dead-letter-row');
    await expect.poll(() => row.getByTestId('heal-line').textContent()).toMatch(/^Tries again by itself at \d{1,2}:\d{2}.*\(in [45] min\)$/);
    await row.locator('.cell-reason button').click();
    const drawer = page.getByRole('complementary', { name: 'Dead letter' });
    await expect.poll(() => drawer.getByTestId('heal-line').textContent()).toMatch(/^Tries again by itself at /);
    await screenshot(page, 'dead-letters-heal');

    // Where the healing is set: the node's policy in Settings, a peer's own on its page.
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('form', { name: 'Dead letters that heal' }).getByRole('switch', { name: 'Try dead letters again by themselves' }).waitFor();
    await screenshot(page, 'settings-redrive');
    await page.getByRole('button', { name: 'Peers' }).click();
    await page.getByRole('list', { name: 'Peer list' }).getByRole('button', { name: /down/ }).click();
    const redrive = page.getByRole('form', { name: 'Redrive policy' });
    await redrive.getByRole('radio', { name: 'Its own redrive policy' }).check();
    await redrive.getByLabel('Every how many minutes').fill('15');
    await redrive.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => ((await controlCall(node.consoleUrl, 'peers.get', { peer: 'down' })) as { redrive: unknown }).redrive).toEqual({ enabled: true, intervalMinutes: 15, forHours: 24 });
    await redrive.getByText('Saved').waitFor();
    await screenshot(page, 'peer-redrive');
  });

  it('exports every message of the Timeline to a JSON-lines file, paging past the node’s page size', async () => {
    const node = await sb.serve(['--name', 'export-node']);
    await addAlice(node);
    // 1,200 messages in a few seconds from one address and one secret: over the default rates (600 and 1,200 a minute).
    await controlCall(node.consoleUrl, 'settings.update', { limits: { perAddressPerMinute: 100_000, perCredentialPerMinute: 100_000 } });
    await load(node, 1_200, 0, 25);
    const { total } = (await controlCall(node.consoleUrl, 'messages.list', { limit: 1 })) as { total: number };
    expect(total).toBe(1_200);

    const page = await browser();
    await page.goto(node.consoleUrl);
    await page.getByRole('button', { name: /^Timeline/ }).click();
    await expect.poll(() => page.getByTestId('timeline-count').textContent()).toBe('1200 messages');
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export messages' });
    await dialog.getByText('All 1,200 messages, oldest first').waitFor();
    const downloading = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^switchboard-messages-\d{4}-\d{2}-\d{2}\.jsonl$/);
    const lines = readFileSync((await download.path())!, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(total);
    const rows = lines.map((line) => JSON.parse(line) as { id: number; peerName: string; content: string });
    expect(new Set(rows.map((row) => row.id)).size).toBe(total);
    expect(rows.every((row) => row.peerName === 'alice' && row.content.startsWith('load message '))).toBe(true);
    await expect.poll(() => dialog.getByTestId('export-summary').textContent()).toMatch(/^Saved 1,200 messages as switchboard-messages-/);
    await screenshot(page, 'timeline-export');

    // CSV, the same messages, with the CLI's header.
    await dialog.getByRole('radio', { name: /CSV/ }).check();
    const again = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export again' }).click();
    const csv = readFileSync((await (await again).path())!, 'utf8').split('\r\n');
    expect(csv[0]).toBe('id,createdAt,direction,protocol,peerName,traceId,idempotencyKey,status,taskState,contextId,taskId,encrypted,content,attachments');
    expect(csv.filter(Boolean)).toHaveLength(total + 1);
  });
});
