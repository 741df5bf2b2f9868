import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { sdkClient, sendParams, userMessage } from '../helpers/a2a';
import { screenshot, useBrowser } from './browser';
import { controlCall, useServeProcesses } from './serve-process';

const sizes = [
  { width: 1280, height: 800 },
  { width: 800, height: 600 },
] as const;

/** The same view at both sizes (the page as it is, scrolled to the top), named `<name>-<scheme>-<w>x<h>`. */
async function screenshots(page: Page, name: string, scheme: 'light' | 'dark') {
  for (const size of sizes) {
    await page.setViewportSize(size);
    await page.waitForTimeout(100);
    await screenshot(page, `${name}-${scheme}-${size.width}x${size.height}`);
  }
  await page.setViewportSize(sizes[0]);
}

/** A screen from the sidebar (whether its items are buttons or links). */
function screenLink(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Screens' }).locator('button, a').filter({ hasText: new RegExp(`^${name}`) }).first();
}

describe('the console’s forms, against a real node', () => {
  const sb = useServeProcesses();
  const browser = useBrowser();

  for (const scheme of ['light', 'dark'] as const) {
    it(`add peer: a bad base URL is said under the Base URL field, in words (${scheme})`, async () => {
      const node = await sb.serve(['--name', 'forms-node']);
      const page = await browser({ colorScheme: scheme });
      await page.goto(node.consoleUrl);
      await page.getByTestId('node-name').waitFor();
      await screenLink(page, 'Peers').click();
      await page.getByRole('button', { name: 'Add peer' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add a peer' });
      await dialog.getByLabel('Name').fill('alice');
      await dialog.getByLabel('Base URL').fill('alice.example:8080');
      await dialog.getByRole('button', { name: 'Add peer' }).click();
      const baseUrl = dialog.getByLabel('Base URL');
      await expect.poll(() => baseUrl.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await baseUrl.getAttribute('aria-describedby')) ?? '';
      const message = page.locator(`[id="${describedBy.split(' ').at(-1)}"]`);
      expect(await message.textContent()).toMatch(/^\s*Must be an http:\/\/ or https:\/\/ URL$/);
      // Beside the field: right under the input, not in a summary elsewhere.
      const [input, under] = await Promise.all([baseUrl.boundingBox(), message.boundingBox()]);
      expect(under!.y).toBeGreaterThan(input!.y + input!.height - 1);
      expect(under!.y - (input!.y + input!.height)).toBeLessThan(24);
      expect(await dialog.textContent()).not.toContain('baseUrl');
      expect(await dialog.getByRole('alert').count()).toBe(0);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');
      await screenshots(page, 'add-peer-error', scheme);

      // Corrected, it is added.
      await baseUrl.fill('http://alice.example:8080');
      await dialog.getByRole('button', { name: 'Add peer' }).click();
      await expect.poll(() => page.getByRole('dialog', { name: 'Secrets for alice' }).count()).toBe(1);
    });
  }

  it('a Settings save says "Saved" beside its button, then fades', async () => {
    const node = await sb.serve(['--name', 'forms-node']);
    const page = await browser();
    await page.goto(node.consoleUrl);
    await page.getByTestId('node-name').waitFor();
    await screenLink(page, 'Settings').click();
    const form = page.getByRole('form', { name: 'Node identity' });
    await form.getByLabel('Name (what peers see)').fill('renamed-node');
    await form.getByRole('button', { name: 'Save' }).click();
    const status = form.getByRole('status');
    await expect.poll(() => status.textContent()).toBe(' Saved');
    expect(await status.getAttribute('aria-live')).toBe('polite');
    expect(((await controlCall(node.consoleUrl, 'settings.get', {})) as { name: string }).name).toBe('renamed-node');
    await screenshot(page, 'settings-saved');
    await expect.poll(() => status.textContent(), { timeout: 8000 }).toBe('');
  });

  it('r rejects by keyboard, Undo takes it back: the approval stays pending', async () => {
    const node = await sb.serve(['--name', 'forms-node']);
    const key = /A2A API key "default" \(shown only now[^\n]*\n {2}(\S+)\n/.exec(node.stdout())?.[1];
    expect(key).toBeTruthy();
    const page = await browser();
    await page.goto(node.consoleUrl);
    await page.getByTestId('node-name').waitFor();
    await screenLink(page, 'Approvals').click();

    const client = await sdkClient({ port: node.port }, key!);
    await client.sendMessage(sendParams(userMessage('May I rotate the staging keys?'), { returnImmediately: true }));
    const item = page.getByTestId('approval').filter({ hasText: 'May I rotate the staging keys?' });
    await expect.poll(() => item.getAttribute('data-status'), { timeout: 10_000 }).toBe('pending');

    await item.focus();
    await page.keyboard.press('r');
    const undo = item.getByTestId('reject-undo');
    await expect.poll(() => undo.textContent()).toMatch(/^Rejected—Undosent in [45] s/);
    await screenshot(page, 'approvals-reject-undo');
    await undo.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => undo.count()).toBe(0);
    // Well past the undo time: nothing was sent.
    await page.waitForTimeout(6000);
    const { approvals } = (await controlCall(node.consoleUrl, 'approvals.list', {})) as { approvals: { status: string; title: string }[] };
    expect(approvals.map((a) => a.status)).toEqual(['pending']);
    expect(await item.getAttribute('data-status')).toBe('pending');

    // Rejected and left alone, it goes after the 5 s.
    await item.focus();
    await page.keyboard.press('r');
    await expect.poll(() => item.getAttribute('data-status'), { timeout: 10_000 }).toBe('rejected');
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`first run: a fresh node shows the setup in the Dashboard's place; Skip for now stays skipped after a reload (${scheme})`, async () => {
      const node = await sb.serve(['--name', 'fresh-node'], undefined, {}, { firstRun: true });
      const page = await browser({ colorScheme: scheme });
      await page.goto(node.consoleUrl);
      const title = page.getByRole('heading', { level: 1, name: 'Set up this node' });
      await title.waitFor();
      expect(await page.getByTestId('node-name').count()).toBe(0);
      expect(await page.getByRole('navigation', { name: 'Screens' }).count()).toBe(1);
      await screenshots(page, 'setup-name', scheme);

      // The public URL step: the listening URL (from the node's status) and how to expose it.
      await page.getByRole('button', { name: 'Save and continue' }).click();
      await page.getByRole('heading', { level: 2, name: /Step 2 of 5: Port/ }).waitFor();
      await page.getByRole('button', { name: 'Save and continue' }).click();
      await page.getByRole('heading', { level: 2, name: /Step 3 of 5: Public URL/ }).waitFor();
      expect(await page.getByTestId('setup-listening-url').textContent()).toBe(`http://127.0.0.1:${node.port}`);
      await screenshots(page, 'setup-public-url', scheme);

      await page.getByRole('button', { name: 'Skip for now' }).click();
      await page.getByTestId('node-name').waitFor();
      expect(await title.count()).toBe(0);
      expect(((await controlCall(node.consoleUrl, 'settings.get', {})) as { setupDone: boolean }).setupDone).toBe(true);
      await page.reload();
      await page.getByTestId('node-name').waitFor();
      expect(await title.count()).toBe(0);
    });
  }

  it('first run: the A2A key and the chat invite steps, then Finish', async () => {
    const node = await sb.serve(['--name', 'fresh-node'], undefined, {}, { firstRun: true });
    const page = await browser();
    await page.goto(node.consoleUrl);
    await page.getByRole('heading', { level: 1, name: 'Set up this node' }).waitFor();
    await page.getByRole('button', { name: 'A2A key' }).click();
    await page.getByLabel(/^Label/).fill('planner');
    await page.getByRole('button', { name: 'Generate key' }).click();
    const once = page.getByRole('dialog', { name: 'New API key' });
    const key = (await once.getByTestId('secret-api-key').textContent()) ?? '';
    expect(key.length).toBeGreaterThan(20);
    // Opened inside a card, its title still reads as written (sentence case), not in the card's small capitals.
    expect(await once.getByRole('heading', { name: 'New API key' }).evaluate((title) => getComputedStyle(title).textTransform)).toBe('none');
    await screenshot(page, 'setup-key-once');
    await once.getByRole('button', { name: 'I have saved it' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Create an invite' }).click();
    const invite = page.getByRole('dialog', { name: 'Invite published' });
    expect(await invite.getByTestId('hand-out-server-url').textContent()).toBe(`http://127.0.0.1:${node.port}`);
    expect(await invite.getByTestId('hand-out-agent-id').textContent()).toBe('fresh-node');
    await screenshot(page, 'setup-invite');
    await invite.getByRole('button', { name: 'I have saved it' }).click();
    await page.getByRole('button', { name: 'Finish' }).click();
    await page.getByTestId('node-name').waitFor();
    expect(((await controlCall(node.consoleUrl, 'settings.get', {})) as { setupDone: boolean }).setupDone).toBe(true);
    // The key works: an A2A call with it is let in (and waits in Approvals).
    const client = await sdkClient({ port: node.port }, key);
    await client.sendMessage(sendParams(userMessage('hello from planner'), { returnImmediately: true }));
    const { approvals } = (await controlCall(node.consoleUrl, 'approvals.list', {})) as { approvals: { peerName: string }[] };
    expect(approvals.map((a) => a.peerName)).toEqual(['planner']);
  });
});
