import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ControlError } from '@shared/control-error';
import { DEFAULT_CHAT_SETTINGS, type ChatPeerStatus } from '@shared/domain/chat';
import type { MessageSummary } from '@shared/domain/message';
import type { NodeSettings } from '@shared/domain/node';
import type { Peer } from '@shared/domain/peer';
import type { MethodName } from '@shared/contract';
import { App } from '../../src/renderer/src/app/App';
import { uiStore } from '../../src/renderer/src/stores/ui-store';
import { fakeTransport } from './fake-transport';
import { nodeSettings } from './node-settings';
import { nodeStatus } from './node-status';

const status = nodeStatus({ port: 8080, listeningUrl: 'http://127.0.0.1:8080', publicUrl: null });

function peer(overrides: Partial<Peer> = {}): Peer {
  return { id: 'peer_1', name: 'alice', protocol: 'secure', baseUrl: 'http://alice.example', notes: '', createdAt: '', updatedAt: 'v1', lastSeenAt: null, hasOutboundSecret: false, hasAesKey: false, inboundSecrets: [], deliveryPaused: false, retryPolicy: null, redrive: null, gatewayPolicy: 'ask', ...overrides };
}

function chatLink(state: NonNullable<ChatPeerStatus['link']>['state']): ChatPeerStatus {
  return {
    link: { peerId: 'peer_c', myAgentId: 'relay-agent', remoteAgentId: 'bob-agent', state, requestId: null, requestExpiresAt: null, sessionId: null, tokenExpiresAt: null, rotatedAt: null, stream: 'offline', lastError: null, updatedAt: '' },
    hosted: [],
  };
}

type Answers = Partial<Record<MethodName, (input: unknown) => unknown>>;

function app(answers: Answers = {}, settings = nodeSettings()) {
  const fake = fakeTransport({
    'node.status': () => status,
    'settings.get': () => settings,
    'peers.list': () => ({ peers: [] }),
    'approvals.list': () => ({ approvals: [], pending: 0 }),
    'keys.list': () => ({ keys: [] }),
    'invites.list': () => ({ invites: [] }),
    ...answers,
  });
  render(<App resolved={fake.resolved} />);
  return fake;
}

async function openAddPeer() {
  act(() => uiStore.getState().actions.screenSelected('peers'));
  fireEvent.click(await screen.findByRole('button', { name: 'Add peer' }));
  const dialog = screen.getByRole('dialog', { name: 'Add a peer' });
  fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'alice' } });
  fireEvent.change(within(dialog).getByLabelText('Base URL'), { target: { value: 'alice.example' } });
  return dialog;
}

const describedBy = (input: HTMLElement) => (input.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '');

afterEach(() => {
  vi.useRealTimers();
});

describe('a refusal about a field', () => {
  it('stands under its input in words, the input marked and focused, with no summary', async () => {
    const refusal = new ControlError('invalid_input', 'baseUrl: must be an http:// or https:// URL', [{ path: 'baseUrl', message: 'must be an http:// or https:// URL' }]);
    app({ 'peers.add': () => Promise.reject(refusal) });
    const dialog = await openAddPeer();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add peer' }));
    const input = within(dialog).getByLabelText('Base URL');
    await waitFor(() => expect(input.getAttribute('aria-invalid')).toBe('true'));
    expect(describedBy(input)).toContain(' Must be an http:// or https:// URL');
    expect(dialog.textContent).not.toContain('baseUrl');
    expect(within(dialog).getByLabelText('Name').getAttribute('aria-invalid')).toBeNull();
    expect(within(dialog).queryByRole('alert')).toBeNull();
    expect(document.activeElement).toBe(input);
  });

  it('is read back from the sentence when the node sends no fields; what no input shows goes to one line at the top', async () => {
    const refusal = new ControlError('invalid_input', 'chat.remoteAgentId: must be 1–128 characters of letters, digits and . _ : -; chat.extraThing: is not known here');
    app({ 'protocols.list': () => ({ protocols: [{ id: 'chat', label: 'a2achat', summary: 'chat' }] }), 'peers.add': () => Promise.reject(refusal) });
    const dialog = await openAddPeer();
    fireEvent.change(within(dialog).getByRole('combobox', { name: /^Protocol/ }), { target: { value: 'chat' } });
    fireEvent.change(within(dialog).getByLabelText('Their agent id'), { target: { value: 'bad id' } });
    fireEvent.change(within(dialog).getByLabelText('Their invite token'), { target: { value: 'inv' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add peer' }));
    const agentId = within(dialog).getByLabelText('Their agent id');
    await waitFor(() => expect(agentId.getAttribute('aria-invalid')).toBe('true'));
    expect(describedBy(agentId)).toContain(' Must be 1–128 characters of letters, digits and . _ : -');
    const summary = within(dialog).getByRole('alert');
    expect(summary.textContent).toBe('Could not add the peer: Extra thing is not known here');
    // The summary stands first in the form.
    expect(dialog.querySelector('form')?.firstElementChild).toBe(summary);
  });

  it('that is not about fields is said as a sentence', async () => {
    app({ 'peers.add': () => Promise.reject(new ControlError('conflict', 'A peer named alice exists already.')) });
    const dialog = await openAddPeer();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add peer' }));
    expect((await within(dialog).findByRole('alert')).textContent).toMatch(/^Could not add the peer: A peer named alice exists already\./);
  });

  it('marks the Settings field it names (the port), beside it', async () => {
    const fake = app({
      'settings.update': () => Promise.reject(new ControlError('invalid_input', 'port: must be a port from 1 to 65535', [{ path: 'port', message: 'must be a port from 1 to 65535' }])),
    });
    act(() => uiStore.getState().actions.screenSelected('settings'));
    const form = await screen.findByRole('form', { name: 'Node identity' });
    const port = within(form).getByLabelText('Port');
    fireEvent.change(port, { target: { value: '70000' } });
    fireEvent.submit(form);
    await waitFor(() => expect(port.getAttribute('aria-invalid')).toBe('true'));
    expect(describedBy(port)).toContain(' Must be a port from 1 to 65535');
    expect(fake.calls.find((c) => c.method === 'settings.update')?.input).toEqual({ skills: [], name: 'relay', publicUrl: null, port: 70000 });
    expect(within(form).queryByText(/Saved/)).toBeNull();
  });
});

describe('a save', () => {
  it('disables its button while saving, then says "Saved" politely beside it for a few seconds, even as the form starts over', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let settings = nodeSettings();
    let finish: (value: NodeSettings) => void = () => {};
    const fake = app({ 'settings.get': () => settings, 'settings.update': () => new Promise<NodeSettings>((resolve) => (finish = resolve)) });
    act(() => uiStore.getState().actions.screenSelected('settings'));
    const form = await screen.findByRole('form', { name: 'Wake hook' });
    fireEvent.click(within(form).getByRole('radio', { name: /Call a webhook/ }));
    fireEvent.change(within(form).getByLabelText(/Webhook URL/), { target: { value: 'http://127.0.0.1:9/wake' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    const busy = await within(form).findByRole('button', { name: 'Saving…' });
    expect((busy as HTMLButtonElement).disabled).toBe(true);

    // The node applies it: the change comes back as an event (the form starts over with it), then the answer.
    settings = nodeSettings({ wakeHook: { kind: 'webhook', url: 'http://127.0.0.1:9/wake', timeoutMs: 15000 } });
    act(() => fake.push('settings.changed', settings));
    await act(async () => {
      finish(settings);
      await vi.advanceTimersByTimeAsync(20);
    });
    const again = await screen.findByRole('form', { name: 'Wake hook' });
    const note = within(again).getByRole('status');
    expect(note.getAttribute('aria-live')).toBe('polite');
    await waitFor(() => expect(note.textContent).toBe(' Saved'));
    expect((within(again).getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(false);
    await act(() => vi.advanceTimersByTimeAsync(4500));
    expect(within(screen.getByRole('form', { name: 'Wake hook' })).getByRole('status').textContent).toBe('');
  });
});

describe('the chat agent id', () => {
  it('is its own field in Settings › Chat, changed only after the warning about handed-out invites', async () => {
    const fake = app({ 'settings.update': () => nodeSettings({ chat: { agentId: 'relay-2', ...DEFAULT_CHAT_SETTINGS } }) });
    act(() => uiStore.getState().actions.screenSelected('settings'));
    const form = await screen.findByRole('form', { name: 'Chat agent id' });
    const input = within(form).getByLabelText("This node's agent id");
    expect((input as HTMLInputElement).value).toBe('relay-agent');
    fireEvent.change(input, { target: { value: 'relay-2' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Change agent id…' }));
    const confirm = screen.getByRole('dialog', { name: 'Change the chat agent id?' });
    expect(confirm.textContent).toContain('Invites you handed out name relay-agent; requesters using it will get 404 until they get a new invite.');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(fake.calls.some((c) => c.method === 'settings.update')).toBe(false);
    fireEvent.click(within(form).getByRole('button', { name: 'Change agent id…' }));
    fireEvent.click(within(screen.getByRole('dialog', { name: 'Change the chat agent id?' })).getByRole('button', { name: 'Change agent id' }));
    await waitFor(() => expect(fake.calls.filter((c) => c.method === 'settings.update').map((c) => c.input)).toEqual([{ chat: { agentId: 'relay-2' } }]));
    // The rest of the chat settings save without it.
    const chat = screen.getByRole('form', { name: 'Chat' });
    fireEvent.click(within(chat).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fake.calls.filter((c) => c.method === 'settings.update').at(-1)?.input).toEqual({ chat: { hosting: true, handshakeMinutes: 10, sessionMinutes: 15 } }));
  });

  it('of a chat peer (theirs, and mine on their server) is edited on the peer page and saved with peers.update', async () => {
    const bob = peer({ id: 'peer_c', name: 'bob', protocol: 'chat', baseUrl: 'http://bob.example' });
    const fake = app({
      'peers.list': () => ({ peers: [bob] }),
      'peers.get': () => bob,
      'chat.status': () => chatLink('active'),
      'peers.update': (input) => {
        const chat = (input as { chat?: { remoteAgentId?: string } }).chat;
        if (chat?.remoteAgentId === 'bad id') throw new ControlError('invalid_input', 'chat.remoteAgentId: must be 1–128 characters of letters, digits and . _ : -');
        return bob;
      },
    });
    act(() => uiStore.getState().actions.peerShown('peer_c'));
    const form = await screen.findByRole('form', { name: 'Agent ids' });
    const theirs = within(form).getByLabelText('Their agent id');
    expect((theirs as HTMLInputElement).value).toBe('bob-agent');
    expect((within(form).getByLabelText('Your agent id on their server') as HTMLInputElement).value).toBe('relay-agent');
    fireEvent.change(theirs, { target: { value: 'bad id' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(theirs.getAttribute('aria-invalid')).toBe('true'));
    expect(describedBy(theirs)).toContain(' Must be 1–128 characters of letters, digits and . _ : -');
    fireEvent.change(theirs, { target: { value: 'bob-2' } });
    fireEvent.change(within(form).getByLabelText('Your agent id on their server'), { target: { value: 'relay-at-bob' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fake.calls.filter((c) => c.method === 'peers.update').at(-1)?.input).toEqual({ peer: 'peer_c', chat: { remoteAgentId: 'bob-2', myAgentId: 'relay-at-bob' } }));
  });
});

describe('truthful states', () => {
  it('a new a2a-secure peer without a secret "needs a secret", not "delivering"; a chat peer whose session failed "needs attention"', async () => {
    const secure = peer();
    const chat = peer({ id: 'peer_c', name: 'bob', protocol: 'chat' });
    let current = secure;
    app({ 'peers.list': () => ({ peers: [secure, chat] }), 'peers.get': () => current, 'chat.status': () => chatLink('error') });
    act(() => uiStore.getState().actions.peerShown('peer_1'));
    await waitFor(() => expect(screen.getByTestId('delivery-state').textContent).toMatch(/^needs a secret/));
    current = chat;
    act(() => uiStore.getState().actions.peerShown('peer_c'));
    await waitFor(() => expect(screen.getByTestId('delivery-state').textContent).toMatch(/^session needs attention/));
    expect(screen.getByTestId('delivery-state').textContent).not.toContain('delivering');
  });

  it('a message to a paused peer waits for the resume, not for "attempt 0 of 3, next in 0 s"', async () => {
    const waiting = { id: 7, peerId: 'peer_1', peerName: 'alice', direction: 'out', protocol: 'secure', traceId: 'sb-7', idempotencyKey: null, schemaVersion: null, content: 'hi', contentLength: 2, encrypted: false, wake: false, wakeSeen: false, status: 'queued', createdAt: new Date().toISOString(), contextId: null, taskId: null, taskState: null, statusText: null, attachments: [], delivery: { attempts: 0, maxAttempts: 3, nextAttemptAt: new Date().toISOString(), lastError: null, deadReason: null, nextRedriveAt: null, replayOf: null, replacedBy: null, discarded: false, response: null } } as MessageSummary;
    app({ 'outbox.list': () => ({ items: [waiting], peers: [{ peerId: 'peer_1', peerName: 'alice', paused: true, pending: 1 }] }) });
    act(() => uiStore.getState().actions.screenSelected('delivery'));
    const row = await screen.findByTestId('outbox-row');
    // The words are the thread owner's too (the same line stands under a chat bubble): it says paused, not a failure.
    expect(row.textContent).toMatch(/paused/);
    expect(row.textContent).not.toContain('attempt 0 of 3');
  });

  it('a published invite comes with this node’s agent id and the server URL to hand out, each with copy', async () => {
    app({ 'invites.publish': () => ({ invite: { id: 1, hint: 'inv_…WXYZ', createdAt: '', expiresAt: null, maxUses: null, uses: 0, revokedAt: null, state: 'active' }, token: 'inv_TOKEN' }) });
    act(() => uiStore.getState().actions.screenSelected('keys'));
    fireEvent.click(await screen.findByRole('button', { name: 'Publish invite' }));
    const dialog = await screen.findByRole('dialog', { name: 'Invite published' });
    expect(within(dialog).getByTestId('secret-invite-token').textContent).toBe('inv_TOKEN');
    expect(within(dialog).getByTestId('hand-out-agent-id').textContent).toBe('relay-agent');
    expect(within(dialog).getByTestId('hand-out-server-url').textContent).toBe('http://127.0.0.1:8080');
    expect(within(dialog).getByRole('button', { name: 'Copy Server URL' })).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Copy Agent id' })).toBeTruthy();
  });

  it('the legacy secret suggests no value, and an unauthorized console says how to get the new address', async () => {
    const fake = app({ 'protocols.list': () => ({ protocols: [{ id: 'secure', label: 'a2a-secure', summary: 'secrets' }] }) });
    act(() => uiStore.getState().actions.screenSelected('settings'));
    const form = await screen.findByRole('form', { name: 'Legacy shared secret' });
    expect(within(form).getByLabelText('Shared secret').getAttribute('placeholder')).toBe('8 or more characters, no spaces');
    act(() => fake.setState('unauthorized'));
    expect((await screen.findByText(/access token is no longer valid/)).textContent).toBe(
      "This console's access token is no longer valid (the node's token was rotated). On the node's machine run switchboard console to print the new address, or switchboard console --open to open it.",
    );
  });
});
