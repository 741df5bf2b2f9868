import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_A2A_SETTINGS } from '@shared/domain/a2a';
import { DEFAULT_CHAT_SETTINGS } from '@shared/domain/chat';
import type { AttachmentInfo } from '@shared/domain/attachment';
import type { InspectionReport } from '@shared/domain/inspector';
import type { NodeSettings } from '@shared/domain/node';
import { saverOverHttp, saverThroughContent } from '../../src/renderer/src/api/attachment-saver';
import { App } from '../../src/renderer/src/app/App';
import { base64ToBytes, bytesToBase64, sniffImageType } from '../../src/renderer/src/components/attachments/file-bytes';
import { uiStore } from '../../src/renderer/src/stores/ui-store';
import { fakeTransport } from './fake-transport';
import { inspectionReport } from './inspector-fixtures';
import { nodeStatus } from './node-status';
import { nodeSettings } from './node-settings';
import { detail, message, peer, sent } from './thread-fixtures';

const bob = peer({ protocol: 'a2a' });
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

function settings(limits = DEFAULT_A2A_SETTINGS.attachments): NodeSettings {
  return nodeSettings({ name: 'n', a2a: { ...DEFAULT_A2A_SETTINGS, attachments: limits }, chat: { agentId: 'n-agent', ...DEFAULT_CHAT_SETTINGS } });
}

/** bob's card as last inspected: it takes text and JSON only. */
function textOnlyCard(): InspectionReport {
  const base = inspectionReport();
  return {
    ...base,
    readings: base.readings.map((reading) =>
      reading.protocol === 'a2a' && reading.summary
        ? { ...reading, summary: { ...reading.summary, inputModes: ['text/plain'], skills: reading.summary.skills.map((skill) => ({ ...skill, inputModes: ['application/json'] })) } }
        : reading,
    ),
  };
}

function attachment(overrides: Partial<AttachmentInfo> = {}): AttachmentInfo {
  return { id: 5, name: 'chart.png', mediaType: 'image/png', size: 68, sha256: 'ab'.repeat(32), url: null, stored: true, ...overrides };
}

function chat({ limits, card = null, thread = [] }: { limits?: NodeSettings['a2a']['attachments']; card?: InspectionReport | null; thread?: ReturnType<typeof message>[] } = {}) {
  const sends: Record<string, unknown>[] = [];
  const fake = fakeTransport({
    'node.status': () => nodeStatus(),
    'settings.get': () => settings(limits),
    'peers.list': () => ({ peers: [bob] }),
    'peers.get': () => bob,
    'approvals.list': () => ({ approvals: [], pending: 0 }),
    'inspector.latest': () => ({ report: card }),
    'messages.list': () => ({ messages: [...thread].reverse(), total: thread.length, hasMore: false }),
    'messages.send': (input) => {
      sends.push(input as Record<string, unknown>);
      return sent({ id: 90, protocol: 'a2a', content: (input as { text: string }).text });
    },
    'attachments.content': () => ({ attachment: attachment(), base64: PNG_1X1 }),
  });
  render(<App resolved={fake.resolved} />);
  act(() => uiStore.getState().actions.chatOpened(bob.id));
  return { fake, sends };
}

function choose(...files: File[]) {
  fireEvent.change(screen.getByTestId('attach-input'), { target: { files } });
}

describe('the composer sends files and JSON data to A2A peers', () => {
  it('chosen files become chips, and Send carries their bytes as base64 with the JSON data', async () => {
    const { sends } = chat();
    await screen.findByRole('button', { name: 'Attach…' });
    const bytes = new Uint8Array(70_000).map((_, index) => (index * 7) % 256);
    choose(new File([bytes], 'report.bin', { type: 'application/octet-stream' }), new File(['hello'], 'note.txt', { type: 'text/plain' }));
    const chips = screen.getAllByTestId('file-chip');
    expect(chips.map((chip) => chip.textContent)).toEqual([expect.stringContaining('report.bin68 KB'), expect.stringContaining('note.txt5 B')]);
    fireEvent.click(within(chips[1]!).getByRole('button', { name: 'Remove note.txt' }));
    expect(screen.getAllByTestId('file-chip')).toHaveLength(1);
    fireEvent.click(screen.getByLabelText('JSON data'));
    fireEvent.change(screen.getByLabelText('JSON data to send'), { target: { value: '{"week": 48}' } });
    // No text: files and data may go on their own.
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(sends).toHaveLength(1));
    expect(sends[0]).toMatchObject({ peer: bob.id, text: '', data: { week: 48 }, attachments: [{ name: 'report.bin', mediaType: 'application/octet-stream' }] });
    const sentFiles = sends[0]!.attachments as { base64: string }[];
    expect(base64ToBytes(sentFiles[0]!.base64)).toEqual(bytes);
    await waitFor(() => expect(screen.queryAllByTestId('file-chip')).toHaveLength(0));
    expect(screen.queryByLabelText('JSON data to send')).toBeNull();
  });

  it('files dropped on the conversation join the chips; a dragged text does not', async () => {
    chat();
    await screen.findByRole('button', { name: 'Attach…' });
    const thread = screen.getByTestId('chat-thread');
    const file = new File(['a,b\n1,2\n'], 'table.csv', { type: 'text/csv' });
    fireEvent.dragOver(thread, { dataTransfer: { types: ['Files'], files: [file], dropEffect: 'none' } });
    expect(thread.className).toContain('drop-target');
    fireEvent.drop(thread, { dataTransfer: { types: ['Files'], files: [file] } });
    expect(thread.className).not.toContain('drop-target');
    expect(screen.getAllByTestId('file-chip').map((chip) => chip.textContent)).toEqual([expect.stringContaining('table.csv8 B')]);
    fireEvent.drop(thread, { dataTransfer: { types: ['text/plain'], files: [] } });
    expect(screen.getAllByTestId('file-chip')).toHaveLength(1);
  });

  it('a file over the limit is refused in words before anything is sent', async () => {
    const { sends, fake } = chat({ limits: { maxPartBytes: 2048, maxMessageBytes: 4096 } });
    await screen.findByRole('button', { name: 'Attach…' });
    await waitFor(() => expect(fake.calls.some((call) => call.method === 'settings.get')).toBe(true));
    choose(new File([new Uint8Array(3000)], 'big.pdf', { type: 'application/pdf' }));
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect((await screen.findByTestId('attachment-problem')).textContent).toBe('big.pdf is 2.9 KB; a file may be up to 2.0 KB (Settings › A2A sets the limits). Remove it to send the rest.');
    fireEvent.click(screen.getByRole('button', { name: 'Remove big.pdf' }));
    choose(new File([new Uint8Array(2000)], 'a.pdf'), new File([new Uint8Array(2000)], 'b.pdf'), new File([new Uint8Array(2000)], 'c.pdf'));
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect((await screen.findByTestId('attachment-problem')).textContent).toMatch(/^The files come to 5\.9 KB; one message may carry up to 4\.0 KB/);
    expect(sends).toEqual([]);
  });

  it('JSON data that does not parse is refused before sending', async () => {
    const { sends } = chat();
    fireEvent.click(await screen.findByLabelText('JSON data'));
    fireEvent.change(screen.getByLabelText('JSON data to send'), { target: { value: '{"week": ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect((await screen.findByTestId('attachment-problem')).textContent).toMatch(/^The JSON data is not valid JSON \(.+\)\. Fix it to send\.$/);
    expect(sends).toEqual([]);
  });

  it('a file type the card does not list asks first, and goes only when the operator confirms', async () => {
    const { sends, fake } = chat({ card: textOnlyCard() });
    await waitFor(() => expect(fake.calls.some((call) => call.method === 'inspector.latest')).toBe(true));
    // A file the browser gives no type is named for its extension, as the CLI does.
    choose(new File(['%PDF-1.7'], 'report.pdf', { type: 'application/pdf' }), new File(['{}'], 'ok.json', { type: 'application/json' }), new File(['# x'], 'notes.md'));
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    const question = await screen.findByRole('alertdialog', { name: 'Send anyway?' });
    expect(question.textContent).toContain("bob's card accepts text/plain, application/json — send report.pdf (application/pdf), notes.md (text/markdown) anyway?");
    expect(sends).toEqual([]);
    fireEvent.click(within(question).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    fireEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Send anyway' }));
    await waitFor(() => expect(sends).toHaveLength(1));
    expect((sends[0]!.attachments as { name: string; mediaType: string }[]).map((file) => [file.name, file.mediaType])).toEqual([
      ['report.pdf', 'application/pdf'],
      ['ok.json', 'application/json'],
      ['notes.md', 'text/markdown'],
    ]);
  });

  it('files the card lists go without a question', async () => {
    const { sends, fake } = chat({ card: textOnlyCard() });
    await waitFor(() => expect(fake.calls.some((call) => call.method === 'inspector.latest')).toBe(true));
    choose(new File(['{}'], 'ok.json', { type: 'application/json' }));
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(sends).toHaveLength(1));
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('a refusal about one file is shown beside its chip', async () => {
    const { fake } = chat();
    await screen.findByRole('button', { name: 'Attach…' });
    const { ControlError } = await import('@shared/control-error');
    fake.resolved.transport.call = (async (method: string) => {
      if (method === 'messages.send') throw new ControlError('invalid_input', 'x.bin is too large', [{ path: 'attachments.0', message: '3.0 MB is over the 1.0 MB limit' }]);
      return { report: null };
    }) as never;
    choose(new File(['x'], 'x.bin'));
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    const chip = screen.getAllByTestId('file-chip')[0]!;
    await waitFor(() => expect(chip.textContent).toContain('3.0 MB is over the 1.0 MB limit'));
  });

  it('peers of a protocol without files get no Attach button', async () => {
    const secureBob = peer();
    const fake = fakeTransport({
      'node.status': () => nodeStatus(),
      'peers.list': () => ({ peers: [secureBob] }),
      'peers.get': () => secureBob,
      'approvals.list': () => ({ approvals: [], pending: 0 }),
      'messages.list': () => ({ messages: [], total: 0, hasMore: false }),
    });
    render(<App resolved={fake.resolved} />);
    act(() => uiStore.getState().actions.chatOpened(secureBob.id));
    await screen.findByLabelText('Message to bob');
    expect(screen.queryByRole('button', { name: 'Attach…' })).toBeNull();
    expect(screen.queryByLabelText('JSON data')).toBeNull();
  });
});

describe('attachments are shown and saved', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a bubble lists its files and previews an image only when its bytes are the declared type', async () => {
    const thread = [
      message({ id: 1, protocol: 'a2a', content: 'the chart', attachments: [attachment()] }),
      message({ id: 2, protocol: 'a2a', content: 'not really', attachments: [attachment({ id: 6, name: 'fake.png' })] }),
    ];
    const fake = fakeTransport({
      'node.status': () => nodeStatus(),
      'settings.get': () => settings(),
      'peers.list': () => ({ peers: [bob] }),
      'peers.get': () => bob,
      'approvals.list': () => ({ approvals: [], pending: 0 }),
      'inspector.latest': () => ({ report: null }),
      'messages.list': () => ({ messages: [...thread].reverse(), total: 2, hasMore: false }),
      // A real PNG for 5; for 6, an HTML page that claims to be one.
      'attachments.content': (input) =>
        (input as { id: number }).id === 5 ? { attachment: attachment(), base64: PNG_1X1 } : { attachment: attachment({ id: 6 }), base64: btoa('<html><script>alert(1)</script></html>') },
    });
    render(<App resolved={fake.resolved} />);
    act(() => uiStore.getState().actions.chatOpened(bob.id));
    const preview = (await screen.findByRole('img', { name: 'Preview of chart.png' })) as HTMLImageElement;
    expect(preview.getAttribute('src')).toBe(`data:image/png;base64,${PNG_1X1}`);
    expect((await screen.findByTestId('no-preview')).textContent).toBe('No preview: the bytes are not a PNG image.');
    expect(screen.getAllByRole('img')).toHaveLength(1);
    const items = screen.getAllByTestId('attachment');
    expect(items[0]!.textContent).toContain('chart.pngimage/png68 B');
  });

  it('Save on the desktop reads the bytes over the bridge and downloads them', async () => {
    const downloads: { name: string; bytes: Uint8Array; type: string }[] = [];
    const thread = [message({ id: 1, protocol: 'a2a', attachments: [attachment({ name: 'chart.png' })] })];
    const { fake } = chat({ thread });
    fake.resolved.saveAttachment = saverThroughContent(fake.resolved.transport, (name, parts, type) => downloads.push({ name, bytes: parts[0] as Uint8Array, type }));
    fireEvent.click(await screen.findByRole('button', { name: 'Save chart.png' }));
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(fake.calls.filter((call) => call.method === 'attachments.content').map((call) => call.input)).toContainEqual({ id: 5 });
    expect(downloads[0]).toMatchObject({ name: 'chart.png', type: 'application/octet-stream' });
    expect(bytesToBase64(downloads[0]!.bytes)).toBe(PNG_1X1);
  });

  it('Save in the web console downloads from the control port with the admin token', async () => {
    const requests: { url: string; authorization: string | null }[] = [];
    const downloads: { name: string; blob: Blob }[] = [];
    const fetchImpl = (async (url: string, init?: RequestInit) => {
      requests.push({ url, authorization: new Headers(init?.headers).get('authorization') });
      return new Response(base64ToBytes(PNG_1X1), { status: 200, headers: { 'content-type': 'application/octet-stream' } });
    }) as typeof fetch;
    const save = saverOverHttp({ origin: 'http://127.0.0.1:7180', token: 't'.repeat(40), fetchImpl }, (name, parts) => downloads.push({ name, blob: parts[0] as Blob }));
    await save(attachment({ id: 42, name: 'report.pdf' }));
    expect(requests).toEqual([{ url: 'http://127.0.0.1:7180/api/attachments/42/content', authorization: `Bearer ${'t'.repeat(40)}` }]);
    expect(downloads[0]!.name).toBe('report.pdf');
    expect(bytesToBase64(new Uint8Array(await downloads[0]!.blob.arrayBuffer()))).toBe(PNG_1X1);
  });

  it('a refused web-console download says why', async () => {
    const fetchImpl = (async () => new Response(JSON.stringify({ error: 'not_found', message: 'There is no stored attachment 42.' }), { status: 404 })) as typeof fetch;
    const save = saverOverHttp({ origin: 'http://127.0.0.1:7180', token: 't'.repeat(40), fetchImpl }, () => {
      throw new Error('must not download');
    });
    await expect(save(attachment({ id: 42 }))).rejects.toMatchObject({ code: 'not_found', message: 'There is no stored attachment 42.' });
  });

  it('a file named by URL shows the URL and is fetched only on Fetch, then can be saved', async () => {
    const remote = attachment({ id: 8, name: 'spec.pdf', mediaType: 'application/pdf', size: null, sha256: null, url: 'https://files.example/spec.pdf', stored: false });
    const thread = [message({ id: 1, protocol: 'a2a', attachments: [remote] })];
    const { fake } = chat({ thread });
    let fetched = 0;
    const answer = fake.resolved.transport.call.bind(fake.resolved.transport);
    fake.resolved.transport.call = (async (method: string, input: unknown) => {
      if (method === 'attachments.fetch') {
        fetched += 1;
        return { ...remote, size: 1234, sha256: 'cd'.repeat(32), stored: true };
      }
      return answer(method as never, input as never);
    }) as never;
    const item = await screen.findByTestId('attachment');
    expect(item.textContent).toContain('at https://files.example/spec.pdf');
    expect(within(item).queryByRole('button', { name: 'Save spec.pdf' })).toBeNull();
    expect(fetched).toBe(0);
    fireEvent.click(within(item).getByRole('button', { name: 'Fetch spec.pdf' }));
    await within(item).findByRole('button', { name: 'Save spec.pdf' });
    expect(fetched).toBe(1);
    expect(item.textContent).toContain('1.2 KB');
  });

  it('the timeline row names its files and sizes; the drawer lists them with the data part as JSON', async () => {
    // The timeline renders the rows that fit its scroller: give the page a size (happy-dom lays nothing out).
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800);
    const summary = message({ id: 3, protocol: 'a2a', content: 'weekly', attachments: [attachment({ id: 9, name: 'week-48.csv', mediaType: 'text/csv', size: 2048 })] });
    const fake = fakeTransport({
      'node.status': () => nodeStatus(),
      'peers.list': () => ({ peers: [] }),
      'messages.list': () => ({ messages: [summary], total: 1, hasMore: false }),
      'messages.get': () =>
        detail(summary, {
          parts: [
            { kind: 'text', text: 'weekly' },
            { kind: 'file', name: 'week-48.csv', mediaType: 'text/csv', size: 2048, url: null },
            { kind: 'data', data: { week: 48, rows: 12 } },
          ],
        }),
      'messages.markWakesSeen': () => ({ changed: 0 }),
    });
    render(<App resolved={fake.resolved} />);
    act(() => uiStore.getState().actions.screenSelected('timeline'));
    const row = await screen.findByTestId('timeline-row');
    expect(within(row).getByTestId('row-attachments').textContent).toContain('week-48.csv · 2.0 KB');
    fireEvent.click(row);
    const drawer = await screen.findByRole('complementary', { name: 'Message detail' });
    const files = await within(drawer).findByTestId('drawer-attachments');
    expect(within(files).getByTestId('attachment').textContent).toContain('week-48.csvtext/csv2.0 KB');
    expect(within(drawer).getByTestId('message-json').textContent).toBe(JSON.stringify({ week: 48, rows: 12 }, null, 2));
    // The file is listed once, with its Save, not described again among the text.
    expect(drawer.textContent?.match(/week-48\.csv/g)).toHaveLength(1);
  });
});

describe('file bytes', () => {
  it('base64 round-trips a file larger than one chunk, and image signatures are read from the bytes', () => {
    const bytes = new Uint8Array(200_003).map((_, index) => (index * 31) % 256);
    expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
    expect(bytesToBase64(new TextEncoder().encode('hello'))).toBe(btoa('hello'));
    expect(sniffImageType(base64ToBytes(PNG_1X1))).toBe('image/png');
    expect(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImageType(new TextEncoder().encode('GIF89a'))).toBe('image/gif');
    expect(sniffImageType(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImageType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
  });
});

describe('Settings › A2A file limits', () => {
  function settingsScreen() {
    const updates: unknown[] = [];
    const fake = fakeTransport({
      'node.status': () => nodeStatus(),
      'settings.get': () => settings({ maxPartBytes: 10 * 1024 * 1024, maxMessageBytes: 10 * 1024 * 1024 }),
      'settings.update': (input) => {
        updates.push(input);
        return settings();
      },
      'peers.list': () => ({ peers: [] }),
      'approvals.list': () => ({ approvals: [], pending: 0 }),
      'keys.list': () => ({ keys: [] }),
    });
    render(<App resolved={fake.resolved} />);
    act(() => uiStore.getState().actions.screenSelected('settings'));
    return updates;
  }

  it('are written in MB and saved in bytes with the rest of the A2A settings', async () => {
    const updates = settingsScreen();
    const form = await screen.findByRole('form', { name: 'A2A' });
    const part = within(form).getByLabelText('Largest file in MB') as HTMLInputElement;
    expect(part.value).toBe('10');
    fireEvent.change(part, { target: { value: '2.5' } });
    fireEvent.change(within(form).getByLabelText('Largest message in MB'), { target: { value: '20' } });
    fireEvent.submit(form);
    await waitFor(() => expect(updates).toHaveLength(1));
    expect((updates[0] as { a2a: { attachments: unknown } }).a2a.attachments).toEqual({ maxPartBytes: 2.5 * 1024 * 1024, maxMessageBytes: 20 * 1024 * 1024 });
  });

  it('out of range, they are marked in MB and nothing is saved', async () => {
    const updates = settingsScreen();
    const form = await screen.findByRole('form', { name: 'A2A' });
    const message = within(form).getByLabelText('Largest message in MB');
    fireEvent.change(message, { target: { value: '30' } });
    fireEvent.submit(form);
    await waitFor(() => expect(message.getAttribute('aria-invalid')).toBe('true'));
    expect(form.textContent).toContain('Must be a number of MB from 0.001 to 25');
    expect(updates).toEqual([]);
  });
});
