import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DEFAULT_A2A_SETTINGS } from '@shared/domain/a2a';
import { DEFAULT_CHAT_SETTINGS, type ChatInvite, type ChatPeerStatus } from '@shared/domain/chat';
import type { NodeSettings } from '@shared/domain/node';
import type { Peer } from '@shared/domain/peer';
import { App } from '../../src/renderer/src/app/App';
import { uiStore } from '../../src/renderer/src/stores/ui-store';
import { fakeTransport } from './fake-transport';
import { nodeStatus } from './node-status';

const status = nodeStatus();
const settings = { name: 'n', publicUrl: null, port: 8080, setupDone: true, skills: [], legacySecretSet: false, wakeHook: null, retryPolicy: { maxAttempts: 3, baseDelayMs: 1000 }, redrive: { enabled: true, intervalMinutes: 5, forHours: 24 }, metricsPublic: false, backups: { enabled: true, intervalHours: 24, keep: 7 }, limits: { perAddressPerMinute: 600, perCredentialPerMinute: 1200 }, a2a: DEFAULT_A2A_SETTINGS, chat: { agentId: 'alice-agent', ...DEFAULT_CHAT_SETTINGS } } as NodeSettings;
const alice: Peer = { id: 'peer_a', name: 'alice', protocol: 'chat', baseUrl: 'http://alice.example', notes: '', createdAt: '', updatedAt: '', lastSeenAt: null, hasOutboundSecret: false, hasAesKey: false, inboundSecrets: [], deliveryPaused: false, retryPolicy: null, redrive: null, gatewayPolicy: 'ask' };

function link(state: NonNullable<ChatPeerStatus['link']>['state'], extra: Partial<NonNullable<ChatPeerStatus['link']>> = {}): ChatPeerStatus {
  return {
    link: { peerId: 'peer_a', myAgentId: 'bob', remoteAgentId: 'alice-agent', state, requestId: 'req_1', requestExpiresAt: new Date(Date.now() + 9 * 60_000 + 30_000).toISOString(), sessionId: null, tokenExpiresAt: null, rotatedAt: null, stream: 'offline', lastError: null, updatedAt: '', ...extra },
    hosted: [],
  };
}

function setup(initial: ChatPeerStatus) {
  let chatStatus = initial;
  let invites: ChatInvite[] = [];
  const fake = fakeTransport({
    'node.status': () => status,
    'settings.get': () => settings,
    'peers.list': () => ({ peers: [alice] }),
    'peers.get': () => alice,
    'approvals.list': () => ({ approvals: [], pending: 0 }),
    'keys.list': () => ({ keys: [] }),
    'credentials.list': () => ({ credentials: [] }),
    'chat.status': () => chatStatus,
    'chat.endSession': () => chatStatus,
    'chat.retryHandshake': () => chatStatus,
    'invites.list': () => ({ invites }),
    'invites.publish': () => {
      const invite: ChatInvite = { id: 1, hint: 'inv_…WXYZ', createdAt: new Date().toISOString(), expiresAt: null, maxUses: 2, uses: 0, revokedAt: null, state: 'active' };
      invites = [invite];
      return { invite, token: 'inv_generatedTOKENWXYZ' };
    },
    'invites.revoke': () => {
      invites = invites.map((i) => ({ ...i, state: 'revoked' as const, revokedAt: new Date().toISOString() }));
      return invites[0]!;
    },
    'peers.add': (input) => ({ peer: { ...alice, name: (input as { name: string }).name }, generated: {} }),
  });
  render(<App resolved={fake.resolved} />);
  return {
    fake,
    set(next: ChatPeerStatus) {
      chatStatus = next;
    },
  };
}

describe('chat peers and invites in the console', () => {
  it('shows a pending handshake with its countdown, then the open session live from chat.changed, and ends it after a confirm', async () => {
    const { fake, set } = setup(link('pending'));
    act(() => uiStore.getState().actions.peerSelected('peer_a'));
    act(() => uiStore.getState().actions.screenSelected('peers'));
    expect((await screen.findByTestId('chat-state')).textContent).toBe('waiting for approval');
    expect(screen.getByTestId('countdown-request-expires').textContent).toMatch(/^request expires in 9m (29|30)s$/);
    expect(screen.queryByRole('button', { name: 'End session…' })).toBeNull();

    set(link('active', { sessionId: 'sess_1', tokenExpiresAt: new Date(Date.now() + 14 * 60_000).toISOString(), stream: 'websocket' }));
    act(() => fake.push('chat.changed', { peerId: 'peer_a' }));
    await waitFor(() => expect(screen.getByTestId('chat-state').textContent).toBe('session open'));
    expect(screen.getByText('live (WebSocket)')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'End session…' }));
    const confirm = screen.getByRole('dialog', { name: 'End the chat session with alice?' });
    expect(confirm.textContent).toMatch(/request a new handshake, which alice-agent approves/);
    fireEvent.click(within(confirm).getByRole('button', { name: 'End session' }));
    await waitFor(() => expect(fake.calls.filter((c) => c.method === 'chat.endSession').map((c) => c.input)).toEqual([{ peer: 'peer_a' }]));
  });

  it('offers to request again after a rejection, with the reason', async () => {
    const { fake } = setup(link('rejected', { lastError: 'alice-agent declined the handshake.' }));
    act(() => uiStore.getState().actions.peerSelected('peer_a'));
    act(() => uiStore.getState().actions.screenSelected('peers'));
    expect((await screen.findByTestId('chat-state')).textContent).toBe('rejected');
    expect(screen.getByText('alice-agent declined the handshake.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Request the handshake again' }));
    await waitFor(() => expect(fake.calls.some((c) => c.method === 'chat.retryHandshake')).toBe(true));
  });

  it('adds a chat peer with its agent id and invite token', async () => {
    const { fake } = setup(link('pending'));
    act(() => uiStore.getState().actions.screenSelected('peers'));
    fireEvent.click(await screen.findByRole('button', { name: 'Add peer' }));
    const dialog = screen.getByRole('dialog', { name: 'Add a peer' });
    fireEvent.change(within(dialog).getByRole('combobox', { name: /^Protocol/ }), { target: { value: 'chat' } });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'alice' } });
    fireEvent.change(within(dialog).getByLabelText('Base URL'), { target: { value: 'http://alice.example' } });
    fireEvent.change(within(dialog).getByLabelText('Their agent id'), { target: { value: 'alice-agent' } });
    fireEvent.change(within(dialog).getByLabelText('Their invite token'), { target: { value: 'invite-123' } });
    expect(within(dialog).queryByLabelText(/AES/)).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add peer' }));
    await waitFor(() =>
      expect(fake.calls.find((c) => c.method === 'peers.add')?.input).toEqual({ name: 'alice', baseUrl: 'http://alice.example', protocol: 'chat', chat: { remoteAgentId: 'alice-agent', inviteToken: 'invite-123' } }),
    );
  });

  it('publishes an invite (shown once), lists it by hint and revokes it after a confirm', async () => {
    const { fake } = setup(link('pending'));
    act(() => uiStore.getState().actions.screenSelected('keys'));
    await screen.findByText(/No invites yet/);
    fireEvent.change(screen.getByLabelText('Maximum uses'), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Publish invite' }));
    const once = await screen.findByRole('dialog', { name: 'Invite published' });
    expect(within(once).getByTestId('secret-invite-token').textContent).toBe('inv_generatedTOKENWXYZ');
    expect(once.textContent).toContain('alice-agent');
    expect(fake.calls.find((c) => c.method === 'invites.publish')?.input).toEqual({ maxUses: 2 });
    fireEvent.click(within(once).getByRole('button', { name: 'I have saved it' }));
    act(() => fake.push('keys.changed', {}));
    const row = await screen.findByTestId('invite-row');
    expect(row.textContent).toMatch(/inv_…WXYZ.*active.*0 of 2/);
    fireEvent.click(within(row).getByRole('button', { name: 'Revoke…' }));
    fireEvent.click(within(screen.getByRole('dialog', { name: 'Revoke the invite inv_…WXYZ?' })).getByRole('button', { name: 'Revoke invite' }));
    await waitFor(() => expect(fake.calls.find((c) => c.method === 'invites.revoke')?.input).toEqual({ id: 1 }));
  });
});
