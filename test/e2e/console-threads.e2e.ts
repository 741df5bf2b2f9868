import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Approval } from '@shared/domain/approval';
import type { MessageDetail, MessageSummary } from '@shared/domain/message';
import { screenshot, useBrowser } from './browser';
import { controlCall, useServeProcesses, type ServeProcess } from './serve-process';

const WAITING = 'Received. A person is looking at it and will answer.';

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`not reached in ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function openConversation(page: Page, peerName: string): Promise<void> {
  await page.getByRole('button', { name: /^Conversations/ }).click();
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: new RegExp(`^${peerName}\\b`) }).click();
}

/** The same screen in both themes and at both sizes the console is checked at. */
async function screenshots(open: (scheme: 'light' | 'dark') => Promise<Page>, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    const page = await open(scheme);
    await screenshot(page, `${name}-${scheme}`);
    await page.setViewportSize({ width: 800, height: 600 });
    await screenshot(page, `${name}-${scheme}-800x600`);
    await page.setViewportSize({ width: 1280, height: 800 });
  }
}

const bubbles = (page: Page) => page.getByTestId('chat-bubble');

/** The drawer scrolls on its own: its lower sections are shown by scrolling it, not the page. */
async function scrollDrawerToEnd(page: Page): Promise<void> {
  await page.locator('.drawer-body').evaluate((element) => (element.scrollTop = element.scrollHeight));
}

describe('threads and the message drawer in Chromium', () => {
  const sb = useServeProcesses();
  const browser = useBrowser();

  it('an A2A question answered by a person reads as one question, one answer and a completed task', async () => {
    const b = await sb.serve(['--name', 'node-b']);
    const a = await sb.serve(['--name', 'node-a']);
    const { key } = (await controlCall(b.consoleUrl, 'keys.generate', { label: 'a' })) as { key: string };
    await controlCall(a.consoleUrl, 'peers.add', { name: 'b', baseUrl: `http://127.0.0.1:${b.port}`, protocol: 'a2a', outboundSecret: key });

    const page = await browser();
    await page.goto(a.consoleUrl);
    await openConversation(page, 'b');
    const composer = page.getByLabel('Message to b');
    await composer.fill('ship it?');
    await composer.press('Enter');

    // While b's operator looks at it: the status is a line under the question, and the task can be canceled.
    const line = page.getByTestId('task-status-line');
    await expect.poll(() => line.textContent(), { timeout: 15_000 }).toBe(`working · ${WAITING}`);
    const question = bubbles(page).filter({ hasText: 'ship it?' });
    expect(await question.getByTestId('task-state').textContent()).toBe('working');
    expect(await question.getByRole('button', { name: 'Cancel task' }).count()).toBe(1);
    expect(await bubbles(page).count()).toBe(1);
    await screenshot(page, 'thread-a2a-working');

    const approval = await until(
      async () => ((await controlCall(b.consoleUrl, 'approvals.list', { status: 'pending' })) as { approvals: Approval[] }).approvals[0],
      (found) => found !== undefined,
    );
    await controlCall(b.consoleUrl, 'approvals.decide', { id: approval!.id, action: 'reply', text: 'Yes, ship build 412.' });

    await bubbles(page).filter({ hasText: 'Yes, ship build 412.' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => question.getByTestId('task-state').textContent(), { timeout: 10_000 }).toBe('completed');
    // A late duplicate of the answer, or the interim status recorded as a message, would have landed by now.
    await page.waitForTimeout(500);
    expect(await bubbles(page).evaluateAll((list) => list.map((bubble) => (bubble as HTMLElement).dataset.direction))).toEqual(['out', 'in']);
    expect(await bubbles(page).filter({ hasText: 'A person is looking at it' }).count()).toBe(0);
    expect(await line.count()).toBe(0);
    expect(await question.getByRole('button', { name: 'Cancel task' }).count()).toBe(0);

    await screenshots(async (scheme) => {
      if (scheme === 'light') return page;
      const dark = await browser({ colorScheme: 'dark' });
      await dark.goto(a.consoleUrl);
      await openConversation(dark, 'b');
      await bubbles(dark).filter({ hasText: 'Yes, ship build 412.' }).waitFor();
      return dark;
    }, 'thread-a2a');
  });

  it('a 5,000-character message shows "Show more" in the thread and expands to all of it', async () => {
    const node = await sb.serve(['--name', 'reader']);
    const secret = 'alice-inbound-secret-1';
    await controlCall(node.consoleUrl, 'peers.add', { name: 'alice', baseUrl: 'http://127.0.0.1:9', inboundSecret: secret });
    // 100 lines of 49 characters, 99 newlines between them, and a full stop: 5,000 characters.
    const text = `${Array.from({ length: 100 }, (_, i) => `Paragraph ${String(i + 1).padStart(3, '0')} of the long report`.padEnd(49, '.')).join('\n')}!`;
    expect(text.length).toBe(5000);
    const response = await fetch(`http://127.0.0.1:${node.port}/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ schema_version: '2.4', trace_id: 'zen-1700000000-long0001', message: text, sender: 'alice', wake: false }),
    });
    expect(response.status).toBe(200);

    const page = await browser();
    await page.goto(node.consoleUrl);
    // The unread message is counted in the list before the conversation is opened.
    const row = page.getByRole('navigation', { name: 'Conversations' }).getByTestId('conversation-row').filter({ hasText: 'alice' });
    await page.getByRole('button', { name: /^Conversations/ }).click();
    await expect.poll(() => row.getByTestId('unread-badge').textContent()).toBe('1 unread');
    await openConversation(page, 'alice');
    const bubble = bubbles(page).first();
    const body = bubble.getByTestId('bubble-text');
    await expect.poll(async () => (await body.textContent())?.length ?? 0).toBeLessThan(700);
    await expect.poll(() => row.getByTestId('unread-badge').count()).toBe(0);
    await screenshot(page, 'thread-long-collapsed');

    await bubble.getByRole('button', { name: 'Show more' }).click();
    await expect.poll(() => body.textContent()).toBe(text);
    // Selectable text, as any text is.
    expect(await body.evaluate((element) => getComputedStyle(element).userSelect)).not.toBe('none');
    await screenshot(page, 'thread-long-expanded');
    await bubble.getByRole('button', { name: 'Show less' }).click();
    await expect.poll(async () => (await body.textContent())?.length ?? 0).toBeLessThan(700);
  });

  it('a message to a down peer dies, is replayed once the URL is fixed, and its drawer lists the attempts and links the replay', async () => {
    const b = await sb.serve(['--name', 'node-b']);
    await controlCall(b.consoleUrl, 'peers.add', { name: 'a', baseUrl: 'http://127.0.0.1:9', inboundSecret: 'a-to-b-secret-123' });
    const a = await sb.serve(['--name', 'node-a']);
    await controlCall(a.consoleUrl, 'peers.add', { name: 'b', baseUrl: 'http://127.0.0.1:9', outboundSecret: 'a-to-b-secret-123' });
    await controlCall(a.consoleUrl, 'peers.setRetryPolicy', { peer: 'b', policy: { maxAttempts: 1, baseDelayMs: 100 } });
    const first = (await controlCall(a.consoleUrl, 'messages.send', { peer: 'b', text: 'to the wrong address', wake: true })) as MessageSummary;
    await until(() => controlCall(a.consoleUrl, 'messages.get', { id: first.id }) as Promise<MessageDetail>, (message) => message.status === 'dead');
    await controlCall(a.consoleUrl, 'peers.update', { peer: 'b', baseUrl: `http://127.0.0.1:${b.port}` });

    const page = await browser();
    await page.goto(a.consoleUrl);
    await openConversation(page, 'b');
    const dead = bubbles(page).filter({ hasText: 'to the wrong address' });
    await expect.poll(() => dead.getAttribute('data-status')).toBe('dead');
    await dead.getByRole('button', { name: 'Open dead letter' }).click();
    const letter = page.getByRole('complementary', { name: 'Dead letter' });
    await letter.getByRole('button', { name: 'Edit and replay…' }).click();
    await letter.getByRole('textbox', { name: 'Text' }).fill('to the right address');
    await letter.getByRole('button', { name: 'Send edited' }).click();
    await expect.poll(() => page.getByTestId('replay-summary').textContent(), { timeout: 10_000 }).toBe('1 delivered, 0 dead again, 0 pending');

    const received = (await controlCall(b.consoleUrl, 'messages.list', {})) as { messages: MessageSummary[] };
    expect(received.messages.map((message) => message.content)).toEqual(['to the right address']);

    await page.getByRole('button', { name: /^Timeline/ }).click();
    await page.locator(`[data-testid="timeline-row"][data-message-id="${first.id}"]`).click();
    const drawer = page.getByRole('complementary', { name: 'Message detail' });
    const attempts = drawer.getByRole('table', { name: 'Delivery attempts' }).getByTestId('attempt-row');
    await expect.poll(() => attempts.count()).toBe(1);
    expect(await attempts.first().textContent()).toMatch(/ECONNREFUSED|connection/i);
    expect(await drawer.textContent()).not.toContain('decrypted by this node');
    const replayedAs = drawer.getByTestId('replaced-by');
    const replayId = Number(/#(\d+)/.exec((await replayedAs.textContent()) ?? '')?.[1]);
    expect(replayId).toBeGreaterThan(first.id);
    await screenshot(page, 'thread-drawer-dead');
    await scrollDrawerToEnd(page);
    await screenshot(page, 'thread-drawer-dead-attempts');

    await replayedAs.click();
    await expect.poll(() => drawer.getAttribute('data-message-id')).toBe(String(replayId));
    await expect.poll(() => drawer.getByTestId('replay-of').textContent()).toBe(`Replay of message #${first.id}`);
    await expect.poll(() => attempts.count()).toBe(1);
    expect(await attempts.first().textContent()).toContain('HTTP 200');
    expect(await drawer.getByTestId('sent-as').textContent()).toContain(`127.0.0.1:${b.port}`);
    expect(await drawer.getByTestId('sent-envelope').textContent()).toContain('to the right address');
    expect(await drawer.textContent()).not.toContain('a-to-b-secret-123');

    await screenshots(async (scheme) => {
      if (scheme === 'light') return page;
      const dark = await browser({ colorScheme: 'dark' });
      await dark.goto(a.consoleUrl);
      await dark.getByRole('button', { name: /^Timeline/ }).click();
      await dark.locator(`[data-testid="timeline-row"][data-message-id="${replayId}"]`).click();
      await dark.getByRole('complementary', { name: 'Message detail' }).getByTestId('sent-as').waitFor();
      return dark;
    }, 'thread-drawer-replay');
    await scrollDrawerToEnd(page);
    await screenshot(page, 'thread-drawer-replay-end');

    await drawer.getByTestId('replay-of').click();
    await expect.poll(() => drawer.getAttribute('data-message-id')).toBe(String(first.id));
  });

  it('a peer’s last seen moves from "never" when it sends, without a reload', async () => {
    const a: ServeProcess = await sb.serve(['--name', 'node-a']);
    await controlCall(a.consoleUrl, 'peers.add', { name: 'b', baseUrl: 'http://127.0.0.1:9', inboundSecret: 'b-to-a-secret-123' });
    const b = await sb.serve(['--name', 'node-b']);
    await controlCall(b.consoleUrl, 'peers.add', { name: 'a', baseUrl: `http://127.0.0.1:${a.port}`, outboundSecret: 'b-to-a-secret-123' });

    const page = await browser();
    await page.goto(a.consoleUrl);
    await page.getByRole('button', { name: /^Peers/ }).click();
    const row = page.getByRole('list', { name: 'Peer list' }).getByRole('listitem').filter({ hasText: /^b/ });
    await expect.poll(() => row.getByTestId('peer-last-seen').textContent()).toBe('never');
    expect(await row.getByTestId('peer-health').getAttribute('data-recent')).toBe('false');
    await screenshot(page, 'thread-peers-never');

    await controlCall(b.consoleUrl, 'messages.send', { peer: 'a', text: 'hello a' });
    await expect.poll(() => row.getByTestId('peer-last-seen').textContent(), { timeout: 10_000 }).toBe('just now');
    expect(await row.getByTestId('peer-health').getAttribute('data-recent')).toBe('true');
    await screenshot(page, 'thread-peers-seen');
  });
});
