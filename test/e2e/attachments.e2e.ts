import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { crc32, deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '@shared/domain/message';
import { formatBytes } from '../../src/shared/domain/attachment';
import { screenshot, useBrowser } from './browser';
import { controlCall, useServeProcesses, type ServeProcess } from './serve-process';

/** A real PNG (a 320×200 gradient, RGB): larger than the thumbnail, so the preview shows it scaled down. */
function gradientPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) rows.set([Math.round((255 * x) / width), Math.round((255 * y) / height), 160], y * (width * 3 + 1) + 1 + x * 3);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

const PNG = gradientPng(320, 200);

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`not reached in ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function openConversation(page: Page, peerName: string): Promise<void> {
  await page.getByRole('button', { name: /^Conversations/ }).click();
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: new RegExp(`^${peerName}\\b`) }).click();
}

/** The receiver's Timeline with the message's drawer open, its image previewed. */
async function openReceived(page: Page, node: ServeProcess): Promise<void> {
  await page.goto(node.consoleUrl);
  await page.getByRole('button', { name: /^Timeline/ }).click();
  const row = page.getByTestId('timeline-row').filter({ has: page.getByTestId('row-attachments') });
  await row.first().click();
  await page.getByRole('img', { name: 'Preview of chart.png' }).waitFor();
}

describe('files in the chat window, in Chromium', () => {
  const sb = useServeProcesses();
  const browser = useBrowser();

  it('a PDF and a PNG attached in the chat window reach the A2A peer, show in its timeline, and download intact', async () => {
    const b = await sb.serve(['--name', 'node-b']);
    const a = await sb.serve(['--name', 'node-a']);
    const { key } = (await controlCall(b.consoleUrl, 'keys.generate', { label: 'a' })) as { key: string };
    await controlCall(a.consoleUrl, 'peers.add', { name: 'b', baseUrl: `http://127.0.0.1:${b.port}`, protocol: 'a2a', outboundSecret: key });
    // 3 MB, as an operator's report would be: well past one base64 chunk, under the 10 MiB default.
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(3 * 1024 * 1024 - 9)]);

    const page = await browser();
    await page.goto(a.consoleUrl);
    await openConversation(page, 'b');
    await page.getByTestId('attach-input').setInputFiles([
      { name: 'report.pdf', mimeType: 'application/pdf', buffer: pdf },
      { name: 'chart.png', mimeType: 'image/png', buffer: PNG },
    ]);
    const chips = page.getByTestId('file-chip');
    expect(await chips.allTextContents()).toEqual([expect.stringContaining('report.pdf3.0 MB'), expect.stringContaining(`chart.png${formatBytes(PNG.length)}`)]);
    await screenshot(page, 'attachments-composer');
    const composer = page.getByLabel('Message to b');
    await composer.fill('the weekly report');
    await composer.press('Enter');
    await expect.poll(() => chips.count(), { timeout: 20_000 }).toBe(0);
    const bubble = page.getByTestId('chat-bubble').filter({ hasText: 'the weekly report' });
    await expect.poll(() => bubble.getByTestId('attachment').count()).toBe(2);

    const received = await until(
      async () => ((await controlCall(b.consoleUrl, 'messages.list', { direction: 'in', limit: 10 })) as { messages: MessageSummary[] }).messages,
      (messages) => messages.some((message) => message.attachments.length === 2),
    );
    const files = received.find((message) => message.attachments.length === 2)!.attachments;
    expect(files.map(({ name, mediaType, size, sha256: hash }) => ({ name, mediaType, size, hash }))).toEqual([
      { name: 'report.pdf', mediaType: 'application/pdf', size: pdf.length, hash: sha256(pdf) },
      { name: 'chart.png', mediaType: 'image/png', size: PNG.length, hash: sha256(PNG) },
    ]);

    // The receiver's console: the row names the file and its size; the drawer saves it byte for byte.
    const receiver = await browser();
    await openReceived(receiver, b);
    const row = receiver.getByTestId('timeline-row').filter({ has: receiver.getByTestId('row-attachments') }).first();
    expect(await row.getByTestId('row-attachments').textContent()).toContain('report.pdf · 3.0 MB');
    const preview = receiver.getByRole('img', { name: 'Preview of chart.png' });
    // Decoded as pixels (the CSP allows data: images): a blocked or broken image has no natural width.
    await expect.poll(() => preview.evaluate((image) => (image as HTMLImageElement).naturalWidth)).toBe(320);
    // Shown as a thumbnail, whatever the sender's pixels: at most 240×180.
    const box = (await preview.boundingBox())!;
    expect(box.width).toBeGreaterThan(100);
    expect(box.width).toBeLessThanOrEqual(240);
    expect(box.height).toBeLessThanOrEqual(180);
    const drawer = receiver.getByRole('complementary', { name: 'Message detail' });
    const [download] = await Promise.all([receiver.waitForEvent('download'), drawer.getByRole('button', { name: 'Save report.pdf' }).click()]);
    expect(download.suggestedFilename()).toBe('report.pdf');
    const path = await download.path();
    expect(sha256(await readFile(path))).toBe(sha256(pdf));

    await drawer.getByRole('button', { name: 'Close detail' }).click();
    await screenshot(receiver, 'attachments-timeline-row');
    for (const scheme of ['light', 'dark'] as const) {
      if (scheme === 'light') await openReceived(receiver, b);
      const shown = scheme === 'light' ? receiver : await browser({ colorScheme: 'dark' });
      if (scheme === 'dark') await openReceived(shown, b);
      await screenshot(shown, `attachments-timeline-${scheme}`);
      await shown.setViewportSize({ width: 800, height: 600 });
      await screenshot(shown, `attachments-timeline-${scheme}-800x600`);
      await shown.setViewportSize({ width: 1280, height: 800 });
    }
    await screenshot(page, 'attachments-chat-light');
    const darkChat = await browser({ colorScheme: 'dark' });
    await darkChat.goto(a.consoleUrl);
    await openConversation(darkChat, 'b');
    await darkChat.getByRole('img', { name: 'Preview of chart.png' }).waitFor();
    await screenshot(darkChat, 'attachments-chat-dark');
  });
});
