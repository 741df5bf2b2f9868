import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DEFAULT_A2A_SETTINGS } from '@shared/domain/a2a';
import type { Approval } from '@shared/domain/approval';
import { DEFAULT_CHAT_SETTINGS } from '@shared/domain/chat';
import type { MessageSummary } from '@shared/domain/message';
import type { NodeSettings } from '@shared/domain/node';
import type { Peer } from '@shared/domain/peer';
import { builtInProtocol, builtInProtocols, type ProtocolInfo } from '@shared/protocols';
import { App } from '../../src/renderer/src/app/App';
import { approvalKindUi, generatedSecrets, protocolUi, screenCards } from '../../src/renderer/src/protocols/registry';
import { uiStore } from '../../src/renderer/src/stores/ui-store';
import { fakeTransport } from './fake-transport';
import { nodeStatus } from './node-status';

const status = nodeStatus();
const settings = { name: 'n', publicUrl: null, skills: ['research'], legacySecretSet: false, wakeHook: null, retryPolicy: { maxAttempts: 3, baseDelayMs: 1000 }, redrive: { enabled: true, intervalMinutes: 5, forHours: 24 }, metricsPublic: false, a2a: DEFAULT_A2A_SETTINGS, chat: { agentId: 'n', ...DEFAULT_CHAT_SETTINGS } } as NodeSettings;
/** A protocol a test registered in the node: the console has no folder for it. */
const pigeon: ProtocolInfo = { id: 'pigeon', label: 'Carrier pigeon', summary: 'paper, one bird at a time' };
const withPigeon = { protocols: [...builtInProtocols, pigeon] };

function peer(overrides: Partial<Peer> = {}): Peer {
  return { id: 'peer_p', name: 'percy', protocol: 'pigeon', baseUrl: 'http://percy.example', notes: '', createdAt: '', updatedAt: '', lastSeenAt: null, hasOutboundSecret: false, hasAesKey: false, inboundSecrets: [], deliveryPaused: false, retryPolicy: null, redrive: null, gatewayPolicy: 'ask', ...overrides };
}

function message(overrides: Partial<MessageSummary> = {}): MessageSummary {
  return { id: 1, peerId: 'peer_p', peerName: 'percy', direction: 'in', protocol: 'pigeon', traceId: 'sb-1', idempotencyKey: null, schemaVersion: null, content: 'coo', contentLength: 3, encrypted: false, wake: false, wakeSeen: false, status: 'received', createdAt: new Date().toISOString(), contextId: null, taskId: null, taskState: null, statusText: null, attachments: [], delivery: null, ...overrides };
}

function approval(overrides: Partial<Approval> = {}): Approval {
  return { id: 'apr_1', kind: 'pigeon.landing', status: 'pending', peerId: 'peer_p', peerName: 'percy', title: 'May I land?', detail: {}, createdAt: new Date().toISOString(), expiresAt: null, decidedAt: null, decision: null, actions: ['reply', 'reject'], ...overrides };
}

describe('protocols the console has no folder for', () => {
  it('labels peers by the name the node gives their protocol, and by its id when nobody knows it', async () => {
    const fake = fakeTransport({
      'node.status': () => status,
      'protocols.list': () => withPigeon,
      'peers.list': () => ({ peers: [peer(), peer({ id: 'peer_s', name: 'sooty', protocol: 'smoke', baseUrl: 'http://sooty.example' }), peer({ id: 'peer_a', name: 'alice', protocol: 'secure', baseUrl: 'http://alice.example' })] }),
    });
    render(<App resolved={fake.resolved} />);
    act(() => uiStore.getState().actions.screenSelected('peers'));
    const list = await screen.findByRole('list', { name: 'Peer list' });
    await waitFor(() => expect(within(list).getByRole('button', { name: /percy/ }).textContent).toContain('Carrier pigeon'));
    expect(within(list).getByRole('button', { name: /sooty/ }).textContent).toContain('smoke');
    expect(within(list).getByRole('button', { name: /alice/ }).textContent).toContain('a2a-secure');
  });

  it('labels built-in protocols while the node cannot list its protocols', async () => {
    // No answer for protocols.list: the call fails, and the built-in names stand in.
    const fake = fakeTransport({ 'node.status': () => status, 'peers.list': () => ({ peers: [peer({ protocol: 'a2a' }), peer({ id: 'peer_q', name: 'quill', protocol: 'pigeon', baseUrl: 'http://quill.example' })] }) });
    render(<App resolved={fake.resolved} />);
    act(() => uiStore.getState().actions.screenSelected('peers'));
    expect((await screen.findByRole('button', { name: /percy/ })).textContent).toContain('A2A');
    expect(screen.getByRole('button', { name: /quill/ }).textContent).toContain('pigeon');
  });

  it('filters the timeline by any protocol the node lists, and names it in the message detail', async () => {
    const fake = fakeTransport({
      'node.status': () => status,
      'protocols.list': () => withPigeon,
      'peers.list': () => ({ peers: [peer()] }),
      'messages.list': () => ({ messages: [message()], total: 1, hasMore: false }),
      'messages.get': () => ({ ...message(), attempts: [], raw: {}, detail: '' }),
    });
    render(<App resolved={fake.resolved} />);
    act(() => uiStore.getState().actions.screenSelected('timeline'));
    const filter = (await screen.findByRole('combobox', { name: 'Protocol' })) as HTMLSelectElement;
    await waitFor(() => expect([...filter.options].map((option) => option.textContent)).toEqual(['Any protocol', 'a2a-secure', 'A2A', 'chat', 'Carrier pigeon']));
    fireEvent.change(filter, { target: { value: 'pigeon' } });
    await waitFor(() => expect(fake.calls.some((call) => call.method === 'messages.list' && (call.input as { protocol?: string }).protocol === 'pigeon')).toBe(true));
    act(() => uiStore.getState().actions.messageOpened(1));
    const drawer = await screen.findByRole('complementary', { name: 'Message detail' });
    await waitFor(() => expect(drawer.textContent).toContain('Carrier pigeon'));
  });

  it('adds a peer of such a protocol with the common fields only, and shows what the node generated once', async () => {
    const fake = fakeTransport({
      'node.status': () => status,
      'protocols.list': () => withPigeon,
      'peers.list': () => ({ peers: [] }),
      'peers.get': () => peer(),
      'peers.add': () => ({ peer: peer(), generated: { ringCode: 'RING-1234' } }),
    });
    render(<App resolved={fake.resolved} />);
    act(() => uiStore.getState().actions.screenSelected('peers'));
    fireEvent.click(await screen.findByRole('button', { name: 'Add peer' }));
    const dialog = screen.getByRole('dialog', { name: 'Add a peer' });
    const choice = within(dialog).getByRole('combobox', { name: /^Protocol/ });
    const pigeonChoice = await within(dialog).findByRole('option', { name: 'Carrier pigeon (paper, one bird at a time)' });
    expect(within(dialog).getByRole('option', { name: 'a2achat (handshake with an invite)' })).toBeTruthy();
    fireEvent.change(choice, { target: { value: (pigeonChoice as HTMLOptionElement).value } });
    expect(within(dialog).queryByLabelText(/secret|AES|agent id|token/i)).toBeNull();
    expect(within(dialog).getAllByRole('textbox').map((box) => box.closest('.field')?.querySelector('.field-label')?.textContent)).toEqual(['Name', 'Base URL', 'Notes']);
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'percy' } });
    fireEvent.change(within(dialog).getByLabelText('Base URL'), { target: { value: 'http://percy.example' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add peer' }));
    await waitFor(() => expect(fake.calls.find((call) => call.method === 'peers.add')?.input).toEqual({ name: 'percy', baseUrl: 'http://percy.example', protocol: 'pigeon' }));
    const once = await screen.findByRole('dialog', { name: 'Secrets for percy' });
    expect(within(once).getByTestId('secret-ringcode').textContent).toBe('RING-1234');
  });

  it('writes to such a peer without protocol options, and not at all without a base URL', async () => {
    const sent: unknown[] = [];
    let current = peer();
    const fake = fakeTransport({
      'node.status': () => status,
      'peers.list': () => ({ peers: [current] }),
      'peers.get': () => current,
      'approvals.list': () => ({ approvals: [], pending: 0 }),
      'messages.list': () => ({ messages: [], total: 0, hasMore: false }),
      'messages.send': (input) => {
        sent.push(input);
        return message({ direction: 'out', status: 'queued' });
      },
    });
    render(<App resolved={fake.resolved} />);
    act(() => uiStore.getState().actions.chatOpened('peer_p'));
    const box = await screen.findByRole('textbox', { name: 'Message to percy' });
    expect(screen.queryByRole('checkbox')).toBeNull();
    fireEvent.change(box, { target: { value: 'coo' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(sent).toEqual([{ peer: 'peer_p', text: 'coo' }]));

    current = peer({ baseUrl: '' });
    act(() => fake.push('peers.changed', { peerId: 'peer_p' }));
    await waitFor(() => expect((screen.getByRole('textbox', { name: 'Message to percy' }) as HTMLTextAreaElement).disabled).toBe(true));
  });
});

describe('approvals of a kind no folder knows', () => {
  function inbox() {
    const decided: unknown[] = [];
    const fake = fakeTransport({
      'node.status': () => status,
      'peers.list': () => ({ peers: [peer()] }),
      'peers.get': () => peer(),
      'messages.list': () => ({ messages: [], total: 0, hasMore: false }),
      'approvals.list': () => ({ approvals: [approval()], pending: 1 }),
      'approvals.decide': (input) => {
        decided.push(input);
        return approval({ status: 'answered' });
      },
    });
    render(<App resolved={fake.resolved} />);
    return { fake, decided };
  }

  it('shows the kind by its name and answers it from the keyboard', async () => {
    const { decided } = inbox();
    act(() => uiStore.getState().actions.approvalsShown(null));
    const item = await screen.findByTestId('approval');
    expect(item.getAttribute('aria-label')).toBe('Request from percy: May I land?');
    expect(within(item).getByText('pigeon.landing').className).toBe('badge');
    item.focus();
    fireEvent.keyDown(item, { key: 'Enter' });
    const answer = within(item).getByRole('textbox', { name: 'Answer to percy' });
    fireEvent.change(answer, { target: { value: 'Cleared.' } });
    fireEvent.keyDown(answer, { key: 'Enter' });
    await waitFor(() => expect(decided).toEqual([{ id: 'apr_1', action: 'reply', text: 'Cleared.' }]));
  });

  it('is answered from the chat window like any item that takes a reply', async () => {
    const { decided } = inbox();
    act(() => uiStore.getState().actions.chatOpened('peer_p'));
    expect((await screen.findByTestId('waiting-request')).textContent).toContain('percy is waiting for your answer');
    fireEvent.change(screen.getByRole('textbox', { name: 'Message to percy' }), { target: { value: 'Land.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Answer' }));
    await waitFor(() => expect(decided).toEqual([{ id: 'apr_1', action: 'reply', text: 'Land.' }]));
  });
});

describe('screens built from the node’s protocols', () => {
  function node(protocols: ProtocolInfo[]) {
    const fake = fakeTransport({
      'node.status': () => status,
      'protocols.list': () => ({ protocols }),
      'settings.get': () => settings,
      'settings.update': () => settings,
      'peers.list': () => ({ peers: [] }),
      'keys.list': () => ({ keys: [] }),
      'credentials.list': () => ({ credentials: [] }),
      'invites.list': () => ({ invites: [] }),
    });
    render(<App resolved={fake.resolved} />);
    return fake;
  }
  const cardTitles = () => [...document.querySelectorAll('.settings-grid > .card h2')].map((h) => h.textContent);

  it('lays out the Keys cards of every protocol in their order, the data key last', async () => {
    node(builtInProtocols.slice());
    act(() => uiStore.getState().actions.screenSelected('keys'));
    await screen.findByText(/No invites yet/);
    expect(cardTitles()).toEqual(['Inbound API keys', 'Outbound credentials', 'Chat invites', 'Calls without a key', 'Data key']);
  });

  it('shows only the Keys and Settings cards of the protocols the node speaks', async () => {
    node([builtInProtocol('secure'), pigeon]);
    act(() => uiStore.getState().actions.screenSelected('keys'));
    await waitFor(() => expect(cardTitles()).toEqual(['Data key']));
    act(() => uiStore.getState().actions.screenSelected('settings'));
    await waitFor(() => expect(cardTitles()).toEqual(['Node', 'Legacy shared secret', 'Wake hook', 'Default retry policy', 'Dead letters that heal', 'Metrics', 'About']));
  });

  it('saves a protocol’s fields of the Node form with the node’s name', async () => {
    const fake = node(builtInProtocols.slice());
    act(() => uiStore.getState().actions.screenSelected('settings'));
    const form = await screen.findByRole('form', { name: 'Node identity' });
    expect(cardTitles()).toEqual(['Node', 'Legacy shared secret', 'Wake hook', 'Default retry policy', 'Dead letters that heal', 'Metrics', 'A2A', 'Chat (a2achat)', 'About']);
    fireEvent.change(within(form).getByLabelText('Name (what peers see)'), { target: { value: 'relay' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fake.calls.find((call) => call.method === 'settings.update')?.input).toEqual({ name: 'relay', publicUrl: null, skills: ['research'] }));
    fireEvent.change(within(form).getByLabelText('Skills on the a2a-secure card (comma-separated)'), { target: { value: 'research, , coding ' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fake.calls.filter((call) => call.method === 'settings.update').at(-1)?.input).toEqual({ name: 'relay', publicUrl: null, skills: ['research', 'coding'] }));
  });
});

describe('an A2A conversation', () => {
  it('offers to cancel a delivered message’s task while it runs', async () => {
    const bob = peer({ id: 'peer_b', name: 'bob', protocol: 'a2a' });
    const sentOut = (id: number, taskId: string, taskState: string) =>
      message({ id, peerId: 'peer_b', peerName: 'bob', protocol: 'a2a', direction: 'out', status: 'delivered', content: `ask ${id}`, taskId, taskState, traceId: `sb-${id}` });
    const messages = [message({ id: 3, peerId: 'peer_b', peerName: 'bob', protocol: 'a2a', content: 'done', taskId: 'task-2', traceId: 'sb-3' }), sentOut(2, 'task-2', 'completed'), sentOut(1, 'task-1', 'working')];
    const fake = fakeTransport({
      'node.status': () => status,
      'peers.list': () => ({ peers: [bob] }),
      'peers.get': () => bob,
      'approvals.list': () => ({ approvals: [], pending: 0 }),
      'messages.list': () => ({ messages, total: 3, hasMore: false }),
      'a2a.cancelTask': () => ({ state: 'canceled' }),
    });
    render(<App resolved={fake.resolved} />);
    act(() => uiStore.getState().actions.chatOpened('peer_b'));
    const bubble = (text: string) => screen.getByText(text).closest('li')!;
    await screen.findByText('ask 1');
    expect(within(bubble('ask 2')).queryByRole('button', { name: 'Cancel task' })).toBeNull();
    fireEvent.click(within(bubble('ask 1')).getByRole('button', { name: 'Cancel task' }));
    await waitFor(() => expect(within(bubble('ask 1')).getByText('task canceled')).toBeTruthy());
    expect(fake.calls.filter((call) => call.method === 'a2a.cancelTask').map((call) => call.input)).toEqual([{ peer: 'peer_b', taskId: 'task-1' }]);
  });
});

describe('the per-protocol lookup', () => {
  it('finds each built-in protocol’s folder, and the common parts only for an id it does not know', () => {
    for (const { id } of builtInProtocols) expect(protocolUi(id).addPeer, id).toBeDefined();
    expect(protocolUi('secure').composer?.initial).toEqual({ encrypt: false, wake: true });
    expect(protocolUi('a2a').BubbleActions).toBeDefined();
    expect(protocolUi('chat').composer?.sendsWithoutBaseUrl).toBe(true);
    expect(protocolUi('pigeon')).toEqual({});
    expect(protocolUi('constructor')).toEqual({});
  });

  it('sends what a2a-secure’s options say, never encrypted without a key', () => {
    const send = protocolUi('secure').composer!.sendInput!;
    expect(send({ encrypt: true, wake: false }, peer({ protocol: 'secure', hasAesKey: false }))).toEqual({ encrypt: false, wake: false });
    expect(send({ encrypt: true, wake: true }, peer({ protocol: 'secure', hasAesKey: true }))).toEqual({ encrypt: true, wake: true });
  });

  it('starts every A2A message in the current conversation unless asked for a new one', () => {
    expect(protocolUi('a2a').composer!.afterSend!({ newContext: true })).toEqual({});
  });

  it('names approval kinds by the protocol that raises them, and an unknown kind by itself', () => {
    expect(approvalKindUi('a2a.request')).toMatchObject({ label: 'A2A request', noun: 'Request' });
    expect(approvalKindUi('chat.handshake')).toMatchObject({ label: 'chat handshake', noun: 'Handshake' });
    expect(approvalKindUi('pigeon.landing')).toEqual({ label: 'pigeon.landing', noun: 'Request' });
  });

  it('lists generated secrets the protocol names first, in its order, and others by their field', () => {
    const secrets = generatedSecrets(peer({ name: 'alice', protocol: 'secure' }), { extra: 'x', aesKey: 'k', inboundSecret: 's' });
    expect(secrets.map((secret) => [secret.label, secret.value])).toEqual([
      ['Inbound secret', 's'],
      ['AES-256 key', 'k'],
      ['extra', 'x'],
    ]);
    expect(secrets[0]!.hint).toContain('Give this to alice');
  });

  it('orders cards among a screen’s own, whatever the order of the protocols', () => {
    const own = [{ id: 'first', order: 0, Card: () => null }, { id: 'middle', order: 25, Card: () => null }];
    const ids = screenCards(own, [builtInProtocol('chat'), builtInProtocol('a2a'), pigeon], (ui) => ui.keysCards).map((card) => card.id);
    expect(ids).toEqual(['first', 'a2a.api-keys', 'a2a.outbound-credentials', 'middle', 'chat.invites', 'a2a.unauthenticated']);
  });
});
