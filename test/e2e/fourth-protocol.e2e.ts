import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInProtocolModules } from '../../src/main/core/protocols';
import type { MessageSummary } from '../../src/shared/domain/message';
import { untilFinal } from '../helpers/linked-nodes';
import { useTestNodes } from '../helpers/test-node';
import { PIGEON, pigeonProtocol } from '../protocols/pigeon-protocol';
import { screenshot, useBrowser } from './browser';

/**
 * The console has never heard of the test-only pigeon protocol (it is defined under test/): its peers and
 * messages show with the label the node's registry gives, in the built console, in Chromium.
 */
describe('a fourth protocol in the console', () => {
  const nodes = useTestNodes();
  const browser = useBrowser();

  it('lists its peer on the Peers screen and its messages in the Timeline, with its label', async () => {
    const deps = { protocols: [...builtInProtocolModules, pigeonProtocol] };
    const served = { consoleDir: resolve('out/renderer') };
    const home = await nodes.start({ name: 'coop', ...served }, deps);
    const away = await nodes.start({ name: 'away' }, deps);
    const band = 'band-of-the-pigeon-2026';
    await home.api.call('peers.add', { name: 'homer', baseUrl: `http://127.0.0.1:${away.port}`, protocol: PIGEON.id, band });
    await away.api.call('peers.add', { name: 'coop', baseUrl: `http://127.0.0.1:${home.port}`, protocol: PIGEON.id, band });
    const sent = (await away.api.call('messages.send', { peer: 'coop', text: 'A note tied to a leg' })) as MessageSummary;
    expect(await untilFinal(away, sent.id)).toMatchObject({ status: 'delivered' });

    const page = await browser();
    await page.goto(home.consoleUrl);
    await page.getByRole('button', { name: 'Peers' }).click();
    const list = page.getByRole('list', { name: 'Peer list' });
    const row = list.getByRole('listitem').filter({ hasText: 'homer' });
    await row.waitFor();
    expect(await row.getByText(PIGEON.label, { exact: true }).count()).toBe(1);
    await screenshot(page, 'peers-fourth-protocol');

    // Its detail page has the common sections (the console has no pigeon folder): name, URL, delivery.
    await row.click();
    await page.getByRole('heading', { name: 'homer' }).waitFor();
    expect(await page.getByRole('form', { name: 'Peer details' }).count()).toBe(1);

    await page.getByRole('button', { name: /^Timeline/ }).click();
    const message = page.getByTestId('timeline-row').filter({ hasText: 'A note tied to a leg' });
    await message.waitFor();
    expect(await message.getByText(PIGEON.label, { exact: true }).count()).toBe(1);
    // The protocol filter offers what the node speaks, pigeons included.
    expect(await page.getByRole('combobox', { name: 'Protocol' }).locator('option', { hasText: PIGEON.label }).count()).toBe(1);
    await screenshot(page, 'timeline-fourth-protocol');
  });
});
