import { QueryClient } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { InspectionReport, TryItExchange } from '@shared/domain/inspector';
import type { Peer } from '@shared/domain/peer';
import { connectEventsToCache } from '../../src/renderer/src/api/event-bridge';
import { queryKeys } from '../../src/renderer/src/api/query-keys';
import { App } from '../../src/renderer/src/app/App';
import { inspectorStore } from '../../src/renderer/src/stores/inspector-store';
import { uiStore } from '../../src/renderer/src/stores/ui-store';
import { fakeTransport } from './fake-transport';
import { cardChanges, cardVersions, cardWatch, inspectionReport, tryItExchange } from './inspector-fixtures';
import { nodeStatus } from './node-status';

const status = nodeStatus();

function peer(overrides: Partial<Peer> = {}): Peer {
  return { id: 'peer_e', name: 'echo', protocol: 'a2a', baseUrl: 'https://echo.example', notes: '', createdAt: '2026-11-23T10:00:00Z', updatedAt: '2026-11-23T10:00:00Z', lastSeenAt: null, hasOutboundSecret: false, hasAesKey: false, inboundSecrets: [], deliveryPaused: false, retryPolicy: null, redrive: null, gatewayPolicy: 'ask', ...overrides };
}

const base = { 'node.status': () => status, 'peers.list': () => ({ peers: [] as Peer[] }), 'inspector.watches': () => ({ watches: [] }), 'inspector.versions': () => ({ versions: [] }), 'inspector.exchanges': () => ({ exchanges: [] }) };

function openInspector(answers: Parameters<typeof fakeTransport>[0]) {
  const fake = fakeTransport({ ...base, ...answers });
  render(<App resolved={fake.resolved} />);
  act(() => uiStore.getState().actions.screenSelected('inspector'));
  return fake;
}

async function inspectUrl(url = 'https://echo.example') {
  const field = await screen.findByRole('textbox', { name: 'Agent URL' });
  fireEvent.change(field, { target: { value: url } });
  fireEvent.submit(field.closest('form')!);
  return screen.findByTestId('verdict-line');
}

const tab = (name: RegExp) => screen.getByRole('tab', { name });

describe('the Inspector', () => {
  it('says what to do before the first inspection', async () => {
    openInspector({});
    expect(await screen.findByText("Paste an agent's URL, pick a peer, or inspect this node to see how peers see you.")).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Inspect' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole('button', { name: 'This node' })).toBeTruthy();
  });

  it('says what is wrong with a URL before asking the node', async () => {
    const fake = openInspector({});
    const field = await screen.findByRole('textbox', { name: 'Agent URL' });
    fireEvent.change(field, { target: { value: 'echo.example' } });
    fireEvent.submit(field.closest('form')!);
    expect((await screen.findByRole('alert')).textContent).toBe('Start the URL with http:// or https://.');
    expect(fake.calls.some((call) => call.method === 'inspector.inspect')).toBe(false);
  });

  it('inspects a URL on Enter: a loading state, then the verdict line and the findings with their JSON paths', async () => {
    let answer: (report: InspectionReport) => void = () => {};
    const fake = openInspector({ 'inspector.inspect': () => new Promise<InspectionReport>((resolve) => (answer = resolve)) });
    const field = await screen.findByRole('textbox', { name: 'Agent URL' });
    fireEvent.change(field, { target: { value: 'https://echo.example/.well-known/agent-card.json' } });
    fireEvent.submit(field.closest('form')!);
    expect((await screen.findByText(/Inspecting… fetching its cards/)).closest('[aria-busy]')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Inspecting…' }) as HTMLButtonElement).disabled).toBe(true);
    await act(async () => answer(inspectionReport()));
    const verdict = await screen.findByTestId('verdict-line');
    expect(verdict.textContent).toContain('valid A2A 1.0 card; also serves 0.3');
    expect(within(verdict).getByText('valid').className).toContain('chip-ok');
    expect(fake.calls.find((call) => call.method === 'inspector.inspect')?.input).toEqual({ target: { url: 'https://echo.example/.well-known/agent-card.json' }, probe: false });
    // The overview: identity, skills, signatures.
    expect(screen.getByText('Repeats what it is told, politely.')).toBeTruthy();
    expect(screen.getByText('Echo back')).toBeTruthy();
    expect(screen.getByRole('table', { name: 'Signatures' }).textContent).toMatch(/key-2026.*ES256.*verified/);

    fireEvent.click(tab(/Findings \(3\)/));
    const findings = screen.getAllByTestId('finding');
    // Errors first, then warnings, then information; each with its path and sentence.
    expect(findings.map((finding) => finding.querySelector('.finding-path')?.textContent)).toEqual(['$.securitySchemes.apiKey.in', '$.supportedInterfaces[1].url', 'http:a2a.card-1.0']);
    expect(findings[0]!.textContent).toMatch(/error.*The API key scheme has no "in"/);
    expect(screen.getByRole('heading', { name: 'Warnings (1)' })).toBeTruthy();
  });

  it('shows "No findings" for a clean card, and probes with their explanation', async () => {
    openInspector({ 'inspector.inspect': () => inspectionReport({ findings: [] }) });
    await inspectUrl();
    fireEvent.click(tab(/Findings/));
    expect(screen.getByText(/No findings/)).toBeTruthy();
    fireEvent.click(tab(/Probes/));
    const probes = screen.getByRole('table', { name: 'Probes' });
    expect(probes.textContent).toMatch(/passed.*Refuses calls without a key.*without credentials: nothing can be changed by it.*401 as the card says/);
  });

  it('moves between tabs with the arrow keys', async () => {
    openInspector({ 'inspector.inspect': () => inspectionReport() });
    await inspectUrl();
    const overview = tab(/Overview/);
    expect(overview.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(overview, { key: 'ArrowRight' });
    expect(tab(/Findings/).getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(tab(/Findings/));
    fireEvent.keyDown(tab(/Findings/), { key: 'End' });
    expect(tab(/Try it/).getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(tab(/Try it/), { key: 'ArrowRight' });
    expect(tab(/Overview/).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe(tab(/Overview/).id);
  });

  it('shows every HTTP exchange with masked credentials, their source, and that they were not sent', async () => {
    openInspector({ 'inspector.inspect': () => inspectionReport() });
    await inspectUrl();
    fireEvent.click(tab(/HTTP \(2\)/));
    const [card] = screen.getAllByTestId('fetch-record');
    expect(card!.textContent).toMatch(/GET.*https:\/\/echo\.example\/\.well-known\/agent-card\.json.*200.*84 ms.*1\.8 KiB.*https/);
    expect(card!.textContent).toContain('"v7"');
    expect(card!.textContent).toMatch(/302.*cdn\.elsewhere\.example.*not followed: another origin/);
    const credential = within(card!).getByTestId('credential-use');
    expect(credential.textContent).toMatch(/X-A2A-Key: sk_l…9f2a.*from Keys › https:\/\/echo\.example.*not sent/);
    expect(screen.getAllByTestId('fetch-record')[1]!.textContent).toMatch(/404/);
  });

  it('shows the raw card JSON with a copy button', async () => {
    openInspector({ 'inspector.inspect': () => inspectionReport() });
    await inspectUrl();
    fireEvent.click(tab(/Raw JSON/));
    expect(JSON.parse(screen.getByTestId('raw-card-a2a').textContent!)).toMatchObject({ name: 'Echo', version: '2.1.0' });
    expect(screen.getByRole('button', { name: 'Copy A2A card JSON' })).toBeTruthy();
  });

  it('offers Try it only where a protocol that takes test messages found a card', async () => {
    const secureOnly = inspectionReport({ readings: inspectionReport().readings.map((reading) => ({ ...reading, found: reading.protocol !== 'a2a' })) });
    openInspector({ 'inspector.inspect': () => secureOnly });
    await inspectUrl();
    expect(screen.queryByRole('tab', { name: /Try it/ })).toBeNull();
  });

  it('previews the raw request, then streams the answers of a send as they arrive, then shows the reply', async () => {
    let finish: (exchange: TryItExchange) => void = () => {};
    const fake = openInspector({
      'inspector.inspect': () => inspectionReport(),
      'inspector.preview': (input) => ({ url: 'https://echo.example/a2a', request: { jsonrpc: '2.0', method: 'SendStreamingMessage', params: { message: { parts: [{ text: (input as { text: string }).text }] } } }, credentials: [{ name: 'X-A2A-Key', masked: 'sk_l…9f2a', source: 'Keys › https://echo.example' }] }),
      'inspector.send': () => new Promise<TryItExchange>((resolve) => (finish = resolve)),
    });
    await inspectUrl();
    fireEvent.click(tab(/Try it/));
    fireEvent.change(screen.getByRole('textbox', { name: 'Message' }), { target: { value: 'hello' } });
    const metadata = screen.getByRole('textbox', { name: /Metadata/ });
    fireEvent.change(metadata, { target: { value: '[1, 2]' } });
    expect(screen.getByText(/Metadata must be a JSON object/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(metadata, { target: { value: '{"priority": "high"}' } });

    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    const preview = await screen.findByRole('region', { name: 'Preview' });
    expect(preview.textContent).toMatch(/POST.*https:\/\/echo\.example\/a2a/);
    expect(preview.textContent).toContain('X-A2A-Key: sk_l…9f2a');
    expect(JSON.parse(within(preview).getByTestId('preview-request').textContent!)).toMatchObject({ method: 'SendStreamingMessage', params: { message: { parts: [{ text: 'hello' }] } } });
    expect(fake.calls.find((call) => call.method === 'inspector.preview')?.input).toEqual({ target: { url: 'https://echo.example' }, text: 'hello', metadata: { priority: 'high' } });

    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(fake.calls.some((call) => call.method === 'inspector.send')).toBe(true));
    const sent = fake.calls.find((call) => call.method === 'inspector.send')!.input as { clientId: string; save: string };
    expect(sent).toMatchObject({ target: { url: 'https://echo.example' }, text: 'hello', metadata: { priority: 'high' }, save: 'scratch' });
    expect(sent.clientId).toMatch(/^[0-9a-f-]{36}$/);
    const waiting = await screen.findByRole('region', { name: 'Answers so far' });
    act(() => fake.push('inspector.exchange', { clientId: 'someone-else', response: { other: true } }));
    act(() => fake.push('inspector.exchange', { clientId: sent.clientId, response: { result: { statusUpdate: { status: { state: 'TASK_STATE_WORKING' } } } } }));
    expect(within(waiting).getByText('1 answer so far…')).toBeTruthy();
    expect(waiting.textContent).toContain('TASK_STATE_WORKING');
    expect(waiting.textContent).not.toContain('"other"');

    await act(async () => finish(tryItExchange()));
    const reply = await screen.findByRole('region', { name: 'Reply' });
    expect(within(reply).getByTestId('reply-text').textContent).toBe('hello, hello');
    expect(within(reply).getByText('completed').className).toContain('chip-ok');
    expect(within(reply).getAllByText(/Response \d of 2/)).toHaveLength(2);
    expect(screen.queryByRole('region', { name: 'Answers so far' })).toBeNull();
  });

  it('saves a known peer’s Try it into its conversation when asked', async () => {
    const fake = openInspector({
      'inspector.inspect': () => inspectionReport({ target: { url: 'https://echo.example', peerId: 'peer_e', peerName: 'echo', self: false } }),
      'inspector.send': () => tryItExchange({ peerId: 'peer_e', savedToConversation: true }),
    });
    await inspectUrl();
    fireEvent.click(tab(/Try it/));
    fireEvent.change(screen.getByRole('textbox', { name: 'Message' }), { target: { value: 'hi' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /Save into echo’s conversation/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByRole('button', { name: 'Saved in the conversation' })).toBeTruthy();
    expect(fake.calls.find((call) => call.method === 'inspector.send')?.input).toMatchObject({ target: { peer: 'peer_e' }, save: 'conversation' });
  });

  it('lists earlier exchanges with this URL', async () => {
    const fake = openInspector({ 'inspector.inspect': () => inspectionReport(), 'inspector.exchanges': () => ({ exchanges: [tryItExchange({ id: 4, replyText: 'an older answer' })] }) });
    await inspectUrl();
    fireEvent.click(tab(/Try it/));
    const list = await screen.findByRole('list', { name: 'Earlier exchanges' });
    expect(list.textContent).toContain('an older answer');
    expect(fake.calls.find((call) => call.method === 'inspector.exchanges')?.input).toEqual({ url: 'https://echo.example', limit: 20 });
  });

  it('saves the agent as a peer through the add-peer dialog, prefilled, then opens its page', async () => {
    const added = peer({ name: 'Echo' });
    const fake = openInspector({
      'inspector.inspect': () => inspectionReport(),
      'peers.add': () => ({ peer: added, generated: {} }),
      'peers.get': () => added,
      'inspector.latest': () => ({ report: null }),
    });
    await inspectUrl();
    const compatibility = screen.getByRole('region', { name: 'Compatibility' });
    expect(compatibility.textContent).toMatch(/Would use.*A2A.*An API key in the X-A2A-Key header.*X-A2A-Key: sk_l…9f2a/);
    fireEvent.click(within(compatibility).getByRole('button', { name: 'Save as peer' }));
    const dialog = screen.getByRole('dialog', { name: 'Add a peer' });
    expect((within(dialog).getByLabelText('Name') as HTMLInputElement).value).toBe('Echo');
    expect((within(dialog).getByLabelText('Base URL') as HTMLInputElement).value).toBe('https://echo.example');
    expect((within(dialog).getByRole('combobox', { name: /^Protocol/ }) as HTMLSelectElement).value).toBe('a2a');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add peer' }));
    await waitFor(() => expect(uiStore.getState().screen).toBe('peers'));
    expect(uiStore.getState().selectedPeerId).toBe('peer_e');
    expect(fake.calls.find((call) => call.method === 'peers.add')?.input).toMatchObject({ name: 'Echo', baseUrl: 'https://echo.example', protocol: 'a2a' });
    expect(await screen.findByRole('heading', { name: 'Echo' })).toBeTruthy();
  });

  it('compares two versions side by side by JSON path, changes that need a look marked', async () => {
    const fake = openInspector({
      'inspector.inspect': () => inspectionReport(),
      'inspector.versions': () => ({ versions: cardVersions() }),
      'inspector.diff': () => ({ changes: cardChanges() }),
    });
    await inspectUrl();
    fireEvent.click(tab(/History/));
    const versions = await screen.findByRole('table', { name: 'Card versions' });
    expect(within(versions).getAllByRole('row')).toHaveLength(4);
    expect(within(versions).getByText('this report')).toBeTruthy();
    const diff = await screen.findByRole('table', { name: 'Changes between the versions' });
    // The newest two by default.
    expect(fake.calls.find((call) => call.method === 'inspector.diff')?.input).toEqual({ from: 5, to: 7 });
    expect(screen.getByTestId('diff-summary').textContent).toBe('3 changes, 1 needs a look');
    const rows = within(diff).getAllByTestId('diff-row');
    expect(rows.map((row) => row.querySelector('code')?.textContent)).toEqual(['$.version', '$.securitySchemes.apiKey', '$.skills[1]']);
    expect(rows[0]!.textContent).toMatch(/changed.*"2\.0\.0".*"2\.1\.0"/);
    expect(rows[1]!.className).toBe('diff-warning');
    expect(rows[1]!.textContent).toMatch(/needs a look.*added.*absent.*"X-A2A-Key"/s);
    expect(rows[2]!.textContent).toMatch(/removed.*"Shout".*absent/s);

    fireEvent.click(within(versions).getByRole('radio', { name: /Compare from version 2/ }));
    await waitFor(() => expect(fake.calls.filter((call) => call.method === 'inspector.diff').map((call) => call.input)).toContainEqual({ from: 2, to: 7 }));

    fireEvent.click(within(versions).getAllByRole('button', { name: 'View card' })[1]!);
    const drawer = screen.getByRole('complementary', { name: 'Card version 5' });
    expect(drawer.textContent).toContain('"2.0.0"');
    fireEvent.keyDown(drawer, { key: 'Escape' });
    expect(screen.queryByRole('complementary', { name: 'Card version 5' })).toBeNull();
  });

  it('watches a card from the History tab', async () => {
    let watches = [cardWatch()];
    const fake = openInspector({
      'inspector.inspect': () => inspectionReport(),
      'inspector.watches': () => ({ watches }),
      'inspector.watch': (input) => {
        const { enabled, intervalSeconds } = input as { enabled: boolean; intervalSeconds: number };
        watches = [cardWatch({ enabled, intervalSeconds })];
        return watches[0];
      },
    });
    await inspectUrl();
    fireEvent.click(tab(/History/));
    fireEvent.change(await screen.findByRole('combobox', { name: 'Check interval' }), { target: { value: '900' } });
    const toggle = screen.getByRole('checkbox', { name: 'Watch this card' }) as HTMLInputElement;
    await waitFor(() => expect(toggle.disabled).toBe(false));
    fireEvent.click(toggle);
    await waitFor(() => expect((screen.getByRole('checkbox', { name: 'Watch this card' }) as HTMLInputElement).checked).toBe(true));
    expect(fake.calls.find((call) => call.method === 'inspector.watch')?.input).toEqual({ target: { url: 'https://echo.example' }, enabled: true, intervalSeconds: 900 });
  });

  it('inspects this node as its peers see it', async () => {
    const fake = openInspector({ 'inspector.inspect': () => inspectionReport({ target: { url: 'https://me.example', peerId: null, peerName: null, self: true } }) });
    fireEvent.click(await screen.findByRole('button', { name: 'This node' }));
    expect((await screen.findByTestId('verdict-line')).textContent).toContain('This node · https://me.example');
    expect(fake.calls.find((call) => call.method === 'inspector.inspect')?.input).toEqual({ target: { self: true }, probe: false });
    expect(screen.queryByRole('button', { name: 'Save as peer' })).toBeNull();
  });

  it('runs probes when asked', async () => {
    const fake = openInspector({ 'inspector.inspect': () => inspectionReport() });
    fireEvent.click(await screen.findByRole('checkbox', { name: /Run probes/ }));
    await inspectUrl();
    expect(fake.calls.find((call) => call.method === 'inspector.inspect')?.input).toEqual({ target: { url: 'https://echo.example' }, probe: true });
  });
});

describe('the peer page’s card', () => {
  it('shows the last inspection and opens the Inspector on the peer', async () => {
    const echo = peer();
    const report = inspectionReport({ target: { url: 'https://echo.example', peerId: 'peer_e', peerName: 'echo', self: false } });
    const fake = fakeTransport({ ...base, 'peers.list': () => ({ peers: [echo] }), 'peers.get': () => echo, 'inspector.latest': () => ({ report }) });
    render(<App resolved={fake.resolved} />);
    act(() => uiStore.getState().actions.peerShown('peer_e'));
    const card = await screen.findByRole('region', { name: 'Card' });
    await waitFor(() => expect(within(card).getByTestId('peer-card-verdict').textContent).toContain('valid A2A 1.0 card; also serves 0.3'));
    expect(card.textContent).toMatch(/Echo.*2\.1\.0.*Repeats what it is told/);
    expect(within(card).getByTestId('finding-counts').textContent).toBe('1 error1 warning1 info');
    expect(card.textContent).toContain('checked 5 min ago');
    fireEvent.click(within(card).getByRole('button', { name: 'Open in Inspector' }));
    expect(uiStore.getState().screen).toBe('inspector');
    // The Inspector shows the peer's latest report at once, without fetching the card again.
    expect((await screen.findByTestId('verdict-line')).textContent).toContain('echo · https://echo.example');
    expect(fake.calls.some((call) => call.method === 'inspector.inspect')).toBe(false);
    expect(screen.getByRole('button', { name: 'Open peer echo' })).toBeTruthy();
  });

  it('says when a peer was not inspected yet, and inspects it on request', async () => {
    const echo = peer();
    const fake = fakeTransport({
      ...base,
      'peers.list': () => ({ peers: [echo] }),
      'peers.get': () => echo,
      'inspector.latest': () => ({ report: null }),
      'inspector.inspect': () => inspectionReport({ verdict: 'invalid', verdictLine: 'invalid A2A card: no supportedInterfaces' }),
    });
    render(<App resolved={fake.resolved} />);
    act(() => uiStore.getState().actions.peerShown('peer_e'));
    const card = await screen.findByRole('region', { name: 'Card' });
    expect(await within(card).findByText('Not inspected yet.')).toBeTruthy();
    fireEvent.click(within(card).getByRole('button', { name: 'Inspect now' }));
    await waitFor(() => expect(within(card).getByTestId('peer-card-verdict').textContent).toContain('invalid A2A card: no supportedInterfaces'));
    expect(within(card).getByText('invalid').className).toContain('chip-bad');
    expect(fake.calls.find((call) => call.method === 'inspector.inspect')?.input).toEqual({ target: { peer: 'peer_e' }, probe: false });
  });
});

describe('watched cards that change', () => {
  it('shows a notice on any screen, with a link to the diff', async () => {
    const fake = fakeTransport({ ...base, 'inspector.versions': () => ({ versions: cardVersions() }), 'inspector.diff': () => ({ changes: cardChanges() }), 'inspector.latest': () => ({ report: null }), 'peers.get': () => peer() });
    render(<App resolved={fake.resolved} />);
    await screen.findByRole('heading', { name: 'Dashboard' });
    act(() => fake.push('inspector.cardChanged', { url: 'https://echo.example', peerId: 'peer_e', peerName: 'echo', versionId: 7, previousVersionId: 2, changes: cardChanges() }));
    const notice = await screen.findByText('The card of echo changed: 3 changes (1 needs a look).');
    expect(screen.getByLabelText('1 watched card changed')).toBeTruthy();
    fireEvent.click(within(notice.parentElement!).getByRole('button', { name: 'Show the diff' }));
    expect(uiStore.getState().screen).toBe('inspector');
    expect(await screen.findByRole('table', { name: 'Changes between the versions' })).toBeTruthy();
    expect(fake.calls.find((call) => call.method === 'inspector.diff')?.input).toEqual({ from: 2, to: 7 });
    expect(fake.calls.find((call) => call.method === 'inspector.versions')?.input).toEqual({ url: 'https://echo.example' });
    expect(screen.queryByText(/The card of echo changed/)).toBeNull();
    expect(inspectorStore.getState().notices).toEqual([]);
  });

  it('opens the diff when the desktop notification is clicked (ui.show)', async () => {
    const fake = fakeTransport({ ...base, 'inspector.versions': () => ({ versions: cardVersions() }), 'inspector.diff': () => ({ changes: cardChanges() }), 'inspector.latest': () => ({ report: null }), 'peers.get': () => peer() });
    render(<App resolved={fake.resolved} />);
    await screen.findByRole('heading', { name: 'Dashboard' });
    act(() => fake.push('ui.show', { screen: 'inspector', card: { url: 'https://echo.example', peerId: 'peer_e', from: 2, to: 7 } }));
    expect(await screen.findByRole('table', { name: 'Changes between the versions' })).toBeTruthy();
    expect(uiStore.getState().screen).toBe('inspector');
    expect(fake.calls.find((call) => call.method === 'inspector.diff')?.input).toEqual({ from: 2, to: 7 });
  });

  it("refreshes what a watch's check may have changed, and nothing else", async () => {
    const client = new QueryClient();
    const fake = fakeTransport({});
    connectEventsToCache(fake.resolved.transport, client);
    const keys = [
      queryKeys.inspectorLatest('peer_e'),
      queryKeys.inspectorVersions('https://echo.example'),
      queryKeys.inspectorWatches,
      // An inspection by URL names no peer, yet updates the latest report of any peer at that URL.
      queryKeys.inspectorLatest('peer_x'),
      queryKeys.inspectorVersions('https://other.example'),
      queryKeys.inspection({ peer: 'peer_e' }, false, 1),
      queryKeys.inspectorDiff(2, 7),
    ];
    for (const key of keys) client.setQueryData(key, 'cached');
    fake.push('inspector.checked', { url: 'https://echo.example', peerId: null });
    expect(keys.map((key) => client.getQueryState(key)?.isInvalidated)).toEqual([true, true, true, true, false, false, false]);
  });
});
