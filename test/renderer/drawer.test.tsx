import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MessageDetail, MessageSummary } from '@shared/domain/message';
import { App } from '../../src/renderer/src/app/App';
import { uiStore } from '../../src/renderer/src/stores/ui-store';
import { fakeTransport } from './fake-transport';
import { nodeStatus } from './node-status';
import { delivery, detail, message, sent } from './thread-fixtures';

const status = nodeStatus();

/** The Timeline with one message's drawer open; `details` answers messages.get. */
function openDrawer(id: number, details: Record<number, MessageDetail>, rows: MessageSummary[] = Object.values(details)) {
  const fake = fakeTransport({
    'node.status': () => status,
    'peers.list': () => ({ peers: [] }),
    'messages.list': () => ({ messages: rows, total: rows.length, hasMore: false }),
    'messages.get': (input) => details[(input as { id: number }).id]!,
    'messages.markWakesSeen': () => ({ changed: 0 }),
  });
  render(<App resolved={fake.resolved} />);
  act(() => {
    uiStore.getState().actions.screenSelected('timeline');
    uiStore.getState().actions.messageOpened(id);
  });
  return fake;
}

const drawer = () => screen.getByRole('complementary', { name: 'Message detail' });

describe('the message drawer of a sent message', () => {
  const envelope = { schema_version: '2.4', trace_id: 'sb-12', encrypted: true, payload: { iv: 'aXY=', ciphertext: 'Y2lwaGVy' }, wake: true };
  const attempts: MessageDetail['attempts'] = [
    { attempt: 1, startedAt: '2026-11-23T10:00:00Z', finishedAt: '2026-11-23T10:00:00.012Z', outcome: 'retry', statusCode: null, error: 'connection error: ECONNREFUSED', durationMs: 12 },
    { attempt: 2, startedAt: '2026-11-23T10:00:02Z', finishedAt: '2026-11-23T10:00:03.4Z', outcome: 'delivered', statusCode: 200, error: null, durationMs: 1400 },
  ];
  const replay = sent({ id: 12, content: 'the corrected text', encrypted: true, wake: true, delivery: delivery({ attempts: 2, replayOf: 5 }) });
  const original = sent({ id: 5, content: 'the first text', status: 'dead', delivery: delivery({ attempts: 3, deadReason: 'Gave up after 3 attempts.', replacedBy: 12 }) });
  const details = {
    12: detail(replay, { attempts, sentAs: { wake: true, encrypted: true, envelope, url: 'http://bob.example/' }, raw: { stored: 'request' } }),
    5: detail(original, { attempts: [{ ...attempts[0]!, outcome: 'failed' }], sentAs: { wake: false, encrypted: false, envelope: { message: 'the first text' }, url: 'http://old.example/' } }),
  };

  it('says how it was sent: wake and encryption as sent, the envelope as sent and where to, never "decrypted by this node"', async () => {
    openDrawer(12, details);
    const sentAs = await within(drawer()).findByTestId('sent-as');
    expect(sentAs.textContent).toContain('asked the peer to wake its agent');
    expect(sentAs.textContent).toContain('encrypted by this node (AES-256-GCM)');
    expect(sentAs.textContent).toContain('http://bob.example/');
    expect(within(drawer()).getByTestId('sent-envelope').textContent).toBe(JSON.stringify(envelope, null, 2));
    expect(drawer().textContent).not.toContain('decrypted by this node');
    // The stored request is not the wire body: with the envelope as sent known, it is not shown as if it were.
    expect(within(drawer()).queryByTestId('raw-envelope')).toBeNull();
  });

  it('lists every attempt with its time, duration, status or error and outcome', async () => {
    openDrawer(12, details);
    const table = await within(drawer()).findByRole('table', { name: 'Delivery attempts' });
    const rows = within(table)
      .getAllByTestId('attempt-row')
      .map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent));
    expect(rows.map(([n, , took, result, outcome]) => [n, took, result, outcome])).toEqual([
      ['1', '12 ms', 'connection error: ECONNREFUSED', 'will retry'],
      ['2', '1.4 s', 'HTTP 200', 'delivered'],
    ]);
    expect(rows.every((row) => row[1] !== '')).toBe(true);
  });

  it('links a replay and its dead original both ways', async () => {
    openDrawer(12, details);
    fireEvent.click(await within(drawer()).findByRole('button', { name: 'Replay of message #5' }));
    expect(uiStore.getState().openMessageId).toBe(5);
    fireEvent.click(await within(drawer()).findByRole('button', { name: 'Replayed as #12' }));
    expect(uiStore.getState().openMessageId).toBe(12);
    await within(drawer()).findByRole('button', { name: 'Replay of message #5' });
  });

  it('says when the next attempt is due while delivery is pending', async () => {
    const next = new Date(Date.now() + 90_000).toISOString();
    const waiting = sent({ id: 20, status: 'retrying', delivery: delivery({ attempts: 1, nextAttemptAt: next, lastError: 'HTTP 503' }) });
    openDrawer(20, { 20: detail(waiting, { attempts: [{ ...attempts[0]!, statusCode: 503, error: null }], sentAs: { wake: true, encrypted: false, envelope: {}, url: null } }) });
    const due = await within(drawer()).findByTestId('next-attempt');
    expect(due.textContent).toMatch(/\(in (1|2) min\)$/);
  });
});

describe('the message drawer of a received message', () => {
  afterEach(() => vi.restoreAllMocks());

  it('keeps the raw envelope and says it was decrypted here', async () => {
    const received = message({ id: 30, content: 'hello', encrypted: true });
    openDrawer(30, { 30: detail(received, { raw: { trace_id: 'sb-30', encrypted: true } }) });
    await within(drawer()).findByTestId('raw-envelope');
    expect(within(drawer()).getByTestId('raw-envelope').textContent).toContain('"trace_id": "sb-30"');
    expect(drawer().textContent).toContain('yes (decrypted by this node)');
    expect(within(drawer()).queryByTestId('sent-as')).toBeNull();
  });

  it('shows the whole text folded with "Show more" rather than in a small box, and data parts as JSON', async () => {
    const long = 'word '.repeat(400).trim();
    const received = message({ id: 31, protocol: 'a2a', content: long.slice(0, 400), contentLength: long.length });
    const parts = [{ kind: 'text' as const, text: long }, { kind: 'data' as const, data: { ticket: 7, tags: ['urgent'] } }];
    const fake = openDrawer(31, { 31: detail(received, { content: `${long}\n{"ticket":7,"tags":["urgent"]}`, parts }) });
    const text = await within(drawer()).findByTestId('message-text');
    expect(text.textContent!.length).toBeLessThan(700);
    fireEvent.click(within(drawer()).getByRole('button', { name: 'Show more' }));
    await waitFor(() => expect(within(drawer()).getByTestId('message-text').textContent).toContain(long));
    expect(within(drawer()).getByTestId('message-json').textContent).toBe(JSON.stringify({ ticket: 7, tags: ['urgent'] }, null, 2));
    // The drawer has the message in full already: no second call for the full text.
    expect(fake.calls.filter((call) => call.method === 'messages.get')).toHaveLength(1);
  });

  it('shows bidi controls in the timeline row and the drawer as markers', async () => {
    // The timeline renders the rows that fit its scroller: give the page a size (happy-dom lays nothing out).
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800);
    const received = message({ id: 32, content: 'pay \u202Eevil' });
    openDrawer(32, { 32: detail(received) });
    await within(drawer()).findByTestId('message-text');
    expect(within(drawer()).getByTestId('message-text').textContent).toBe('pay ⟨RLO⟩evil');
    const row = (await screen.findAllByTestId('timeline-row')).find((element) => element.dataset.messageId === '32')!;
    expect(row.textContent).toContain('pay ⟨RLO⟩evil');
  });
});
