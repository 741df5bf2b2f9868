import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CardWatch } from '../../src/shared/domain/inspector';
import { useSdkPeers } from '../helpers/a2a';
import { useBrokenCards } from '../helpers/broken-cards';
import { useTestNodes } from '../helpers/test-node';
import { screenshot, useBrowser } from './browser';

const served = { consoleDir: resolve('out/renderer') };

async function inspectUrl(page: Page, url: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Agent URL' }).fill(url);
  await page.getByRole('textbox', { name: 'Agent URL' }).press('Enter');
}

/**
 * The Inspector against real agents: an @a2a-js/sdk server (valid, streaming, also 0.3) and a server of broken
 * cards, in the built console, in Chromium.
 */
describe('the capability-card inspector in the console', () => {
  const nodes = useTestNodes();
  const browser = useBrowser();
  const sdkPeers = useSdkPeers();
  const brokenCards = useBrokenCards();

  it('inspects a URL, names what is wrong, tries a message, and saves the agent as a peer whose page shows its card', async () => {
    const node = await nodes.start({ name: 'desk', ...served });
    const peer = await sdkPeers({ legacyCard: true, name: 'SDK echo agent' });
    const broken = await brokenCards();

    const page = await browser();
    await page.goto(node.consoleUrl);
    await page.getByRole('button', { name: /^Inspector/ }).click();
    await page.getByRole('heading', { name: 'Inspector', level: 1 }).waitFor();
    await screenshot(page, 'inspector-empty');

    // A bad URL is refused before anything is sent.
    await inspectUrl(page, 'ftp://nowhere');
    await page.getByRole('alert').filter({ hasText: /http/i }).waitFor();

    await inspectUrl(page, `${peer.url}/.well-known/agent-card.json`);
    const verdict = page.getByTestId('verdict-line');
    await verdict.getByText('valid A2A 1.0 card; also serves 0.3', { exact: true }).waitFor();
    expect(await page.getByText('SDK echo agent').count()).toBeGreaterThan(0);
    await screenshot(page, 'inspector-overview');

    // Broken: every finding has its path and a sentence.
    await inspectUrl(page, broken.at('missing-fields'));
    await verdict.getByText('invalid A2A 1.0 card', { exact: true }).waitFor();
    await page.getByRole('tab', { name: /^Findings/ }).click();
    const description = page.getByText('description is required by A2A 1.0; add it.');
    await description.waitFor();
    expect(await page.getByText('$.description', { exact: true }).count()).toBeGreaterThan(0);
    await screenshot(page, 'inspector-findings');

    // Try it: the request is shown before sending; the reply comes back.
    await inspectUrl(page, peer.url);
    await verdict.getByText('valid A2A 1.0 card; also serves 0.3', { exact: true }).waitFor();
    await page.getByRole('tab', { name: 'Try it' }).click();
    const form = page.getByRole('form', { name: 'Try it' });
    await form.getByRole('textbox', { name: 'Message' }).fill('hello from the console');
    await form.getByRole('button', { name: 'Preview' }).click();
    const previewed = JSON.parse((await page.getByTestId('preview-request').textContent()) ?? '{}') as { method?: string; params?: { message?: { parts?: { text?: string }[] } } };
    expect(previewed.method).toBe('SendStreamingMessage');
    expect(previewed.params?.message?.parts?.[0]?.text).toBe('hello from the console');
    expect(peer.requests.filter((request) => JSON.stringify(request.body).includes('hello from the console'))).toHaveLength(0);
    await form.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('region', { name: 'Reply' }).getByText('echo #1: hello from the console').first().waitFor();
    await screenshot(page, 'inspector-try-it');

    // Save as peer: the dialog is filled in from the card; the new peer's page shows the card's verdict.
    await page.getByRole('button', { name: 'Save as peer' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('textbox', { name: 'Name' }).inputValue()).toBe('SDK echo agent');
    await dialog.getByRole('button', { name: 'Add peer' }).click();
    await page.getByRole('heading', { name: 'SDK echo agent', exact: true }).waitFor();
    await page.getByRole('region', { name: 'Card' }).getByText(/valid A2A 1\.0 card/).first().waitFor();
    await screenshot(page, 'inspector-peer-card');
    expect(node.peers.resolve('SDK echo agent')).toMatchObject({ baseUrl: peer.url, protocol: 'a2a' });
  });

  it('watches an SDK agent from the Inspector: its card changes, a notice says so on any screen, the diff shows by path', async () => {
    const node = await nodes.start({ name: 'desk', ...served });
    const peer = await sdkPeers({ name: 'SDK echo agent' });
    await node.api.call('peers.add', { name: 'echo', baseUrl: peer.url, protocol: 'a2a' });

    for (const scheme of ['light', 'dark'] as const) {
      const page = await browser({ colorScheme: scheme });
      await page.goto(node.consoleUrl);
      await page.getByRole('button', { name: /^Inspector/ }).click();
      await page.getByRole('combobox', { name: 'Peer to inspect' }).selectOption({ label: 'echo' });
      await page.getByRole('button', { name: 'Inspect', exact: true }).click();
      await page.getByTestId('verdict-line').getByText('valid A2A 1.0 card', { exact: true }).waitFor();
      await page.getByRole('tab', { name: 'History' }).click();
      const watchBox = page.getByRole('checkbox', { name: 'Watch this card' });
      // The box follows the node's answer (it is checked once the watch is saved), so click and wait for it.
      if (!(await watchBox.isChecked())) await watchBox.click();
      await expect.poll(() => watchBox.isChecked(), { timeout: 5_000 }).toBe(true);
      await page.getByText(/Last checked/).waitFor();
      // The shortest interval the screen offers is a minute; the test asks the core for one second.
      await node.api.call('inspector.watch', { target: { peer: 'echo' }, enabled: true, intervalSeconds: 1 });
      const watch = async () => ((await node.api.call('inspector.watches', {})) as { watches: CardWatch[] }).watches[0]!;
      for (let i = 0; i < 50 && (await watch()).lastVersionId === null; i += 1) await new Promise((done) => setTimeout(done, 100));

      await page.getByRole('button', { name: /^Timeline/ }).click();
      peer.card.version = scheme === 'light' ? '2.0.0' : '3.0.0';
      peer.card.supportedInterfaces[0]!.url = `${peer.url}/a2a/${scheme}`;
      const notice = page.getByRole('status', { name: 'Card changes' });
      await notice.getByText(/The card of echo changed/).first().waitFor({ timeout: 5_000 });
      await screenshot(page, `inspector-card-changed-${scheme}`);
      await notice.getByRole('button', { name: 'Show the diff' }).first().click();
      const diff = page.getByRole('table', { name: 'Changes between the versions' });
      await diff.getByText('$.version').waitFor();
      expect(await diff.getByText('$.supportedInterfaces[0].url').count()).toBe(1);
      await screenshot(page, `inspector-diff-${scheme}`);
      if (scheme === 'dark') {
        await page.setViewportSize({ width: 800, height: 600 });
        await screenshot(page, 'inspector-diff-800x600');
      }
    }
    // The peer's timeline has it too.
    const timeline = (await node.api.call('messages.list', { peerId: node.peers.resolve('echo').id })) as { messages: { content: string }[] };
    expect(timeline.messages.some((message) => /^echo's A2A card changed/.test(message.content))).toBe(true);
  });
});
