import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { csvField, csvHeader, csvLine } from '@shared/csv';
import type { ExportRow } from '@shared/domain/message';
import { App } from '../../src/renderer/src/app/App';
import { uiStore } from '../../src/renderer/src/stores/ui-store';
import { fakeTransport } from './fake-transport';
import { nodeStatus } from './node-status';
import { message } from './thread-fixtures';

function row(id: number, overrides: Partial<ExportRow> = {}): ExportRow {
  return { id, createdAt: new Date(Date.UTC(2026, 11, 1) + id * 1000).toISOString(), direction: 'in', protocol: 'secure', peerName: 'bob', traceId: `sb-${id}`, idempotencyKey: null, status: 'received', taskState: null, contextId: null, taskId: null, encrypted: false, content: `message ${id}`, attachments: [], ...overrides };
}

/** Downloads the page started: the file's name and its Blob. */
let downloads: { name: string; blob: Blob }[] = [];

beforeEach(() => {
  downloads = [];
  const blobs = new Map<string, Blob>();
  let next = 0;
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    const url = `blob:test/${(next += 1)}`;
    blobs.set(url, blob as Blob);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push({ name: this.download, blob: blobs.get(this.getAttribute('href')!)! });
  });
});

afterEach(() => vi.restoreAllMocks());

/** A node with `rows` in its timeline; `page` answers messages.export (by default at once, 1000 a page). */
function node(rows: ExportRow[], page?: (input: { afterId: number; limit: number }) => unknown) {
  const newest = rows.at(-1);
  const fake = fakeTransport({
    'node.status': () => nodeStatus(),
    'peers.list': () => ({ peers: [] }),
    'messages.list': () => ({ messages: newest ? [message({ id: newest.id })] : [], total: rows.length, hasMore: rows.length > 1 }),
    'messages.export':
      (page as (input: unknown) => unknown) ??
      ((input) => {
        const { afterId, limit } = input as { afterId: number; limit: number };
        const slice = rows.filter((r) => r.id > afterId).slice(0, limit);
        const more = rows.some((r) => r.id > (slice.at(-1)?.id ?? afterId));
        return { rows: slice, nextAfterId: more ? slice.at(-1)!.id : null };
      }),
  });
  render(<App resolved={fake.resolved} />);
  act(() => uiStore.getState().actions.screenSelected('timeline'));
  return fake;
}

async function openExport() {
  const button = await screen.findByRole<HTMLButtonElement>('button', { name: 'Export…' });
  // Offered once the timeline is loaded: the export goes up to its newest message.
  await waitFor(() => expect(button.disabled).toBe(false));
  fireEvent.click(button);
  return screen.getByRole('dialog', { name: 'Export messages' });
}

const exportCalls = (fake: ReturnType<typeof fakeTransport>) => fake.calls.filter((call) => call.method === 'messages.export').map((call) => call.input);

describe('exporting the timeline', () => {
  it('pages the node’s export with the current filters until the end, then downloads every message as JSON lines', async () => {
    const rows = Array.from({ length: 2_345 }, (_, index) => row(index + 1));
    act(() => uiStore.getState().actions.timelineFiltered({ peerId: 'peer_b', direction: 'in', text: undefined }));
    const fake = node(rows);
    const dialog = await openExport();
    await waitFor(() => expect(dialog.textContent).toMatch(/The 2,345 messages that match the current filters, oldest first/));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export' }));
    await waitFor(() => expect(within(dialog).getByTestId('export-summary').textContent).toMatch(/^Saved 2,345 messages as switchboard-messages-\d{4}-\d{2}-\d{2}\.jsonl\.$/));
    expect(exportCalls(fake)).toEqual([
      { peerId: 'peer_b', direction: 'in', afterId: 0, limit: 1000 },
      { peerId: 'peer_b', direction: 'in', afterId: 1000, limit: 1000 },
      { peerId: 'peer_b', direction: 'in', afterId: 2000, limit: 1000 },
    ]);
    expect(downloads).toHaveLength(1);
    expect(downloads[0]!.name).toMatch(/^switchboard-messages-\d{4}-\d{2}-\d{2}\.jsonl$/);
    const lines = (await downloads[0]!.blob.text()).trimEnd().split('\n');
    expect(lines).toHaveLength(2_345);
    expect(JSON.parse(lines[0]!)).toEqual(rows[0]);
    expect(JSON.parse(lines.at(-1)!)).toEqual(rows.at(-1));
  });

  it('stops at the newest message shown when it began: what arrives meanwhile is for the next export', async () => {
    const shown = [row(1), row(2), row(3)];
    const fake = node(shown, () => ({ rows: [...shown, row(4), row(5)], nextAfterId: 5 }));
    const dialog = await openExport();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export' }));
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect((await downloads[0]!.blob.text()).trimEnd().split('\n').map((line) => (JSON.parse(line) as ExportRow).id)).toEqual([1, 2, 3]);
    expect(exportCalls(fake)).toHaveLength(1);
  });

  it('writes CSV as the CLI does: the header, RFC 4180 quoting, and formulas neutralised', async () => {
    node([row(1, { content: '=HYPERLINK("x"), "quoted"\nsecond line', peerName: '@bob', idempotencyKey: 'k-1', encrypted: true }), row(2, { content: 'plain', traceId: '-trace' })]);
    const dialog = await openExport();
    fireEvent.click(within(dialog).getByLabelText(/^CSV/));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export' }));
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(downloads[0]!.name).toMatch(/\.csv$/);
    expect(downloads[0]!.blob.type).toBe('text/csv');
    const [header, first, second, end] = (await downloads[0]!.blob.text()).split('\r\n');
    expect(header).toBe('id,createdAt,direction,protocol,peerName,traceId,idempotencyKey,status,taskState,contextId,taskId,encrypted,content,attachments');
    expect(first).toBe(`1,2026-12-01T00:00:01.000Z,in,secure,'@bob,sb-1,k-1,received,,,,true,"'=HYPERLINK(""x""), ""quoted""\nsecond line",`);
    expect(second).toBe(`2,2026-12-01T00:00:02.000Z,in,secure,bob,'-trace,,received,,,,false,plain,`);
    expect(end).toBe('');
  });

  it('counts its progress, and Cancel stops between pages and saves nothing', async () => {
    const pages: ((value: unknown) => void)[] = [];
    const rows = Array.from({ length: 3_000 }, (_, index) => row(index + 1));
    const fake = node(rows, () => new Promise((resolve) => pages.push(resolve)));
    const dialog = await openExport();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export' }));
    await waitFor(() => expect(pages).toHaveLength(1));
    expect(within(dialog).getByTestId('export-progress').textContent).toBe('0 of 3,000 messages…');
    await act(async () => pages[0]!({ rows: rows.slice(0, 1000), nextAfterId: 1000 }));
    await waitFor(() => expect(within(dialog).getByTestId('export-progress').textContent).toBe('1,000 of 3,000 messages…'));
    expect((within(dialog).getByRole('status', { name: 'Export progress' }).querySelector('progress') as HTMLProgressElement).value).toBe(1000);
    await waitFor(() => expect(pages).toHaveLength(2));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(within(dialog).getByTestId('export-summary').textContent).toBe('Cancelled after 1,000 messages; nothing was saved.');
    await act(async () => pages[1]!({ rows: rows.slice(1000, 2000), nextAfterId: 2000 }));
    expect(exportCalls(fake)).toHaveLength(2);
    expect(downloads).toEqual([]);
    expect(within(dialog).getByTestId('export-summary').textContent).toBe('Cancelled after 1,000 messages; nothing was saved.');
  });
});

describe('CSV fields', () => {
  it('quote commas, quotes and line breaks, and neutralise what a spreadsheet would run', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(12)).toBe('12');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvField(`${start}1`).startsWith(`'${start}`) || csvField(`${start}1`).startsWith(`"'${start}`)).toBe(true);
    expect(csvHeader().endsWith('content,attachments\r\n')).toBe(true);
    expect(csvLine(row(8, { attachments: [{ name: 'a.pdf', mediaType: 'application/pdf', size: 3, sha256: 'ab', url: null }, { name: 'b', mediaType: 'text/plain', size: null, sha256: null, url: 'https://x.example/b' }] })).trimEnd().split(',').slice(13).join(',')).toBe('"a.pdf (application/pdf, 3 bytes, sha256 ab); b (text/plain, https://x.example/b)"');
    expect(csvLine(row(7)).split(',')).toHaveLength(14);
  });
});
