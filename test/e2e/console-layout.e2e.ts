import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useBrowser } from './browser';
import { controlCall, useServeProcesses, type ServeProcess } from './serve-process';

interface Arranged {
  aliceId: string;
  bobId: string;
  traceIn: string;
  messageInId: number;
  deadId: number;
}

const ALICE_SECRET = 'alice-presents-this-secret-1234';

/**
 * Two peers, messages both ways, a dead letter and a retrying one: alice points at the discard port (9, which
 * HTTP clients refuse at once) and gives up after one attempt; bob's port is closed, and he is retried hourly.
 */
async function arrange(node: ServeProcess): Promise<Arranged> {
  const call = (method: string, input: unknown) => controlCall(node.consoleUrl, method, input);
  // A node whose first-run setup is done opens on its Dashboard.
  await call('settings.update', { setupDone: true }).catch(() => undefined);
  const alice = (await call('peers.add', { name: 'alice', baseUrl: 'http://127.0.0.1:9', protocol: 'secure', inboundSecret: ALICE_SECRET, outboundSecret: 'what-this-node-presents-to-alice' })) as { peer: { id: string } };
  const bob = (await call('peers.add', { name: 'bob-the-builder', baseUrl: 'http://127.0.0.1:59999', protocol: 'secure', notes: 'A second peer, with a longer name.', outboundSecret: 'what-this-node-presents-to-bob' })) as { peer: { id: string } };
  await call('peers.setRetryPolicy', { peer: 'alice', policy: { maxAttempts: 1, baseDelayMs: 100 } });
  await call('peers.setRetryPolicy', { peer: 'bob-the-builder', policy: { maxAttempts: 20, baseDelayMs: 3_600_000 } });

  const traceIn = 'zen-1700000000-layout01';
  for (const [trace, text, wake] of [
    [traceIn, 'Hello from alice: is the build green?', false],
    // A wake nobody looks at in these tests: the Timeline keeps its badge, in the sidebar and in the rail.
    ['zen-1700000000-layout02', 'A longer message from alice, long enough to be cut off in a table row and to wrap inside the drawer without pushing anything sideways. '.repeat(3), true],
  ] as const) {
    const response = await fetch(`http://127.0.0.1:${node.port}/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ALICE_SECRET}`, 'content-type': 'application/json' },
      body: JSON.stringify({ schema_version: '2.4', trace_id: trace, message: text, sender: 'alice', wake }),
    });
    expect(response.status).toBe(200);
  }
  const dead = (await call('messages.send', { peer: 'alice', text: 'This one cannot be delivered: alice is not listening on port 9.', wake: false })) as { id: number };
  await call('messages.send', { peer: 'bob-the-builder', text: 'Queued for bob, retrying for a while.', wake: false });
  await expect.poll(async () => ((await call('deadLetters.list', {})) as { deadLetters: unknown[] }).deadLetters.length, { timeout: 10_000 }).toBe(1);
  const listed = (await call('messages.list', { traceId: traceIn })) as { messages: { id: number }[] };
  return { aliceId: alice.peer.id, bobId: bob.peer.id, traceIn, messageInId: listed.messages[0]!.id, deadId: dead.id };
}

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const route = (page: Page) => page.evaluate(() => window.location.hash);
const go = (page: Page, hash: string) => page.evaluate((next) => (window.location.hash = next), hash);

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

describe('the console: addresses, the command palette, and layout from 800×600 up', () => {
  const sb = useServeProcesses();
  const browser = useBrowser();

  it('keeps its place in the address (a reload stays on the peer, Back returns, the token stays out) and goes anywhere from Ctrl-K', async () => {
    const node = await sb.serve(['--name', 'layout-node']);
    const data = await arrange(node);
    const page = await browser();
    await page.goto(node.consoleUrl);
    await page.getByTestId('node-name').waitFor();
    expect(await route(page)).toBe('#/dashboard');

    await page.getByRole('button', { name: 'Peers' }).click();
    await expect.poll(() => route(page)).toBe('#/peers');
    await page.getByRole('list', { name: 'Peer list' }).getByRole('button', { name: /alice/ }).click();
    await page.getByRole('heading', { level: 2, name: 'alice' }).waitFor();
    expect(await route(page)).toBe(`#/peers/${data.aliceId}`);

    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'alice' }).waitFor();
    expect(await heading(page)).toBe('Peers');
    expect(page.url()).not.toContain('token=');

    await page.goBack();
    await expect.poll(() => route(page)).toBe('#/peers');
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'alice' }).count()).toBe(0);
    await page.goBack();
    await expect.poll(() => heading(page)).toBe('Dashboard');
    await page.goForward();
    await expect.poll(() => heading(page)).toBe('Peers');

    // A deep Timeline address: filter and open message, as pasted.
    await go(page, `#/timeline?trace=${data.traceIn}&msg=${data.messageInId}`);
    await expect.poll(() => page.getByRole('complementary', { name: 'Message detail' }).getByTestId('message-text').textContent()).toContain('is the build green?');
    expect(await page.getByTestId('timeline-filter-summary').textContent()).toContain(data.traceIn);
    // From the sidebar the Timeline starts unfiltered.
    await page.getByRole('button', { name: /^Timeline/ }).click();
    await expect.poll(() => route(page)).toBe('#/timeline');
    expect(await page.getByTestId('timeline-filter-summary').count()).toBe(0);

    // The command palette: a peer by name, then a trace id to the Timeline.
    await page.keyboard.press('Control+K');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    const input = palette.getByRole('combobox', { name: 'Command' });
    await expect.poll(() => input.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.type('bob');
    await expect.poll(() => palette.getByRole('option', { selected: true }).textContent()).toContain('bob-the-builder');
    await screenshot(page, 'palette-peer');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'bob-the-builder' }).waitFor();
    expect(await route(page)).toBe(`#/peers/${data.bobId}`);
    expect(await palette.count()).toBe(0);

    await page.keyboard.press('Control+K');
    await page.keyboard.type(data.traceIn);
    await expect.poll(() => palette.getByRole('option', { selected: true }).textContent()).toContain(`Show trace ${data.traceIn} in Timeline`);
    await page.keyboard.press('Enter');
    await expect.poll(() => heading(page)).toBe('Timeline');
    await expect.poll(() => page.getByTestId('timeline-row').count()).toBe(1);
    expect(await page.getByTestId('timeline-filter-summary').textContent()).toContain(data.traceIn);

    // Esc closes it and gives the focus back.
    await page.getByRole('button', { name: 'Keys' }).focus();
    await page.keyboard.press('Control+K');
    await input.waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => palette.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Keys');

    // "New message to …" opens the conversation with the composer focused.
    await page.keyboard.press('Control+K');
    await page.keyboard.type('new message alice');
    await page.keyboard.press('Enter');
    const composer = page.getByLabel('Message to alice');
    await expect.poll(() => composer.evaluate((element) => element === document.activeElement)).toBe(true);
  });

  it('fits every screen from 800×600 up, light and dark, without sideways scrolling; a rail at 800, an open dead letter readable at 1280', async () => {
    const node = await sb.serve(['--name', 'layout-node']);
    const data = await arrange(node);
    const page = await browser();
    await page.goto(node.consoleUrl);
    await page.getByTestId('node-name').waitFor();

    const states: { name: string; open: () => Promise<void> }[] = [
      { name: 'dashboard', open: async () => (await go(page, '#/dashboard'), page.getByTestId('node-name').waitFor()) },
      { name: 'conversations', open: async () => (await go(page, `#/conversations/${data.aliceId}`), page.getByLabel('Message to alice').waitFor()) },
      {
        name: 'timeline',
        open: async () => {
          await go(page, `#/timeline?msg=${data.messageInId}`);
          await page.getByRole('complementary', { name: 'Message detail' }).getByTestId('message-text').waitFor();
        },
      },
      { name: 'approvals', open: async () => (await go(page, '#/approvals'), page.getByRole('heading', { level: 1, name: 'Approvals' }).waitFor()) },
      { name: 'peers', open: async () => (await go(page, `#/peers/${data.aliceId}`), page.getByRole('heading', { level: 2, name: 'alice' }).waitFor()) },
      {
        name: 'peers-add',
        open: async () => {
          await page.getByRole('button', { name: 'Add peer' }).click();
          await page.getByRole('dialog', { name: 'Add a peer' }).waitFor();
        },
      },
      { name: 'keys', open: async () => (await page.keyboard.press('Escape'), await go(page, '#/keys'), page.getByRole('heading', { level: 1, name: 'Keys' }).waitFor()) },
      { name: 'delivery', open: async () => (await go(page, `#/delivery/dead/${data.deadId}`), page.getByTestId('dead-reason').waitFor()) },
      { name: 'inspector', open: async () => (await go(page, '#/inspector?self=1'), page.getByTestId('verdict-line').waitFor({ timeout: 10_000 })) },
      { name: 'settings', open: async () => (await go(page, '#/settings'), page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor()) },
    ];
    const sizes = [
      { width: 1280, height: 800 },
      { width: 800, height: 600 },
    ];
    const overflow: string[] = [];
    for (const state of states) {
      await page.setViewportSize(sizes[0]!);
      await state.open();
      for (const size of sizes) {
        await page.setViewportSize(size);
        for (const colorScheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme });
          for (const problem of await sidewaysOverflow(page)) overflow.push(`${state.name} at ${size.width}×${size.height}: ${problem}`);
          await screenshot(page, `screen-${state.name}-${size.width}x${size.height}-${colorScheme}`);
        }
      }
    }
    expect(overflow).toEqual([]);

    // The peer page at 800×600: its actions in view.
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 800, height: 600 });
    await go(page, `#/peers/${data.aliceId}`);
    await page.getByRole('heading', { level: 2, name: 'alice' }).waitFor();
    for (const name of ['Messages', 'Remove…']) {
      const box = (await page.getByRole('button', { name, exact: true }).boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(800);
    }
    // The sidebar is a rail here, and stays in view however far the page scrolls.
    await page.mouse.move(400, 300);
    await page.mouse.wheel(0, 2000);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    const rail = (await page.getByRole('navigation', { name: 'Screens' }).boundingBox())!;
    expect(Math.abs(rail.y)).toBeLessThan(1);
    expect(rail.width).toBeLessThan(80);

    // The Messages button's filter is said in words; the Timeline fits without its drawer too.
    await page.getByRole('button', { name: 'Messages', exact: true }).click();
    await expect.poll(() => page.getByTestId('timeline-filter-summary').textContent()).toContain('peer alice');
    await expect.poll(() => page.getByTestId('timeline-row').count()).toBe(3);
    expect(await sidewaysOverflow(page)).toEqual([]);
    await screenshot(page, 'screen-timeline-filtered-800x600-light');

    // Opened on a narrow window, the sidebar lies over the screen instead of squeezing it, until a screen is chosen.
    const mainLeft = async () => (await page.locator('main').boundingBox())!.x;
    const before = await mainLeft();
    await page.getByRole('button', { name: 'Expand the sidebar' }).click();
    await expect.poll(async () => (await page.getByRole('navigation', { name: 'Screens' }).boundingBox())!.width).toBeGreaterThan(180);
    expect(await mainLeft()).toBe(before);
    await screenshot(page, 'sidebar-open-800x600-light');
    await page.getByRole('button', { name: 'Dashboard' }).click();
    await expect.poll(() => heading(page)).toBe('Dashboard');
    await expect.poll(async () => (await page.getByRole('navigation', { name: 'Screens' }).boundingBox())!.width).toBeLessThan(80);

    // On a wide one it folds by choice, and stays folded after a reload.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('button', { name: 'Collapse the sidebar' }).click();
    await page.reload();
    await page.getByTestId('node-name').waitFor();
    expect((await page.getByRole('navigation', { name: 'Screens' }).boundingBox())!.width).toBeLessThan(80);
    await screenshot(page, 'sidebar-collapsed-1280x800-light');
    await page.getByRole('button', { name: 'Expand the sidebar' }).click();

    await go(page, `#/delivery/dead/${data.deadId}`);
    await page.getByTestId('dead-reason').waitFor();
    const reason = page.getByTestId('dead-letter-row').filter({ hasText: 'alice is not listening' }).locator('td.cell-reason');
    const { width, lines } = await reason.evaluate((cell) => ({ width: cell.getBoundingClientRect().width, lines: Math.round(cell.getBoundingClientRect().height / parseFloat(getComputedStyle(cell).lineHeight)) }));
    expect(width).toBeGreaterThan(180);
    expect(lines).toBeLessThanOrEqual(5);
    const trace = page.getByRole('complementary', { name: 'Dead letter' }).locator('.trace-id');
    expect(await trace.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
  });
});
