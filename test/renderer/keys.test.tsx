import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DEFAULT_A2A_SETTINGS, type ApiKeyInfo, type OutboundCredential } from '@shared/domain/a2a';
import { DEFAULT_CHAT_SETTINGS } from '@shared/domain/chat';
import type { NodeSettings } from '@shared/domain/node';
import type { Peer } from '@shared/domain/peer';
import { App } from '../../src/renderer/src/app/App';
import { uiStore } from '../../src/renderer/src/stores/ui-store';
import { fakeTransport } from './fake-transport';
import { nodeStatus } from './node-status';

const status = nodeStatus({ vaultBackend: 'safeStorage:keychain' });

function setup() {
  let keys: ApiKeyInfo[] = [{ id: 1, label: 'default', hint: 'abcd…wxyz', peerId: 'peer_d', peerName: 'default', createdAt: new Date().toISOString(), lastUsedAt: null }];
  let credentials: OutboundCredential[] = [];
  let settings = { name: 'n', publicUrl: null, skills: [], legacySecretSet: false, wakeHook: null, retryPolicy: { maxAttempts: 3, baseDelayMs: 1000 }, redrive: { enabled: true, intervalMinutes: 5, forHours: 24 }, metricsPublic: false, a2a: DEFAULT_A2A_SETTINGS, chat: { agentId: 'n', ...DEFAULT_CHAT_SETTINGS } } as unknown as NodeSettings;
  const peers: Peer[] = [];
  const fake = fakeTransport({
    'node.status': () => status,
    'settings.get': () => settings,
    'settings.update': (input) => {
      settings = { ...settings, a2a: { ...settings.a2a, ...(input as { a2a: object }).a2a } };
      return settings;
    },
    'peers.list': () => ({ peers }),
    'approvals.list': () => ({ approvals: [], pending: 0 }),
    'keys.list': () => ({ keys }),
    'keys.generate': (input) => {
      const info: ApiKeyInfo = { id: 2, label: (input as { label: string }).label, hint: 'k3y-…-end', peerId: 'peer_p', peerName: 'partner', createdAt: new Date().toISOString(), lastUsedAt: null };
      keys = [...keys, info];
      return { key: 'k3y-the-whole-secret-end', info };
    },
    'keys.revoke': (input) => {
      const gone = keys.find((k) => k.label === (input as { label: string }).label)!;
      keys = keys.filter((k) => k !== gone);
      return gone;
    },
    'credentials.list': () => ({ credentials }),
    'invites.list': () => ({ invites: [] }),
    'credentials.add': (input) => {
      const { prefix, headers } = input as { prefix: string; headers: Record<string, string> };
      const added = { id: 1, prefix, headers: Object.keys(headers).map((name) => ({ name, masked: 'sk-l…efgh' })), createdAt: '' };
      credentials = [added];
      return added;
    },
  });
  render(<App resolved={fake.resolved} />);
  act(() => uiStore.getState().actions.screenSelected('keys'));
  return fake;
}

describe('the Keys screen', () => {
  it('generates a key shown once, lists keys masked, and revokes after a confirm naming the consequence', async () => {
    const fake = setup();
    expect((await screen.findAllByTestId('api-key-row'))[0]!.textContent).toContain('abcd…wxyz');
    fireEvent.change(screen.getByLabelText('Key label'), { target: { value: 'partner' } });
    fireEvent.click(screen.getByRole('button', { name: 'Generate key' }));
    const dialog = await screen.findByRole('dialog', { name: 'New API key' });
    expect(within(dialog).getByTestId('secret-api-key').textContent).toBe('k3y-the-whole-secret-end');
    expect(dialog.textContent).toMatch(/only time this is shown/);
    fireEvent.click(within(dialog).getByRole('button', { name: 'I have saved it' }));
    act(() => fake.push('keys.changed', {}));
    await waitFor(() => expect(screen.getAllByTestId('api-key-row')).toHaveLength(2));
    expect(document.body.textContent).not.toContain('k3y-the-whole-secret-end');
    fireEvent.click(within(screen.getAllByTestId('api-key-row')[0]!).getByRole('button', { name: 'Revoke…' }));
    const confirm = screen.getByRole('dialog', { name: 'Revoke the key "default"?' });
    expect(confirm.textContent).toMatch(/can no longer call this node with abcd…wxyz, from this moment/);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Revoke key' }));
    await waitFor(() => expect(fake.calls.filter((c) => c.method === 'keys.revoke').map((c) => c.input)).toEqual([{ label: 'default' }]));
    expect(screen.getByTestId('vault-backend').textContent).toBe('safeStorage:keychain');
  });

  it('adds outbound credentials by prefix and shows only masked values', async () => {
    const fake = setup();
    await screen.findByText(/None yet/);
    fireEvent.change(screen.getByLabelText('URL prefix'), { target: { value: 'https://agents.example/team' } });
    fireEvent.change(screen.getByLabelText('Header 1 value'), { target: { value: 'Bearer sk-live-abcdefgh' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add another header' }));
    fireEvent.change(screen.getByLabelText('Header 2 name'), { target: { value: 'X-Team' } });
    fireEvent.change(screen.getByLabelText('Header 2 value'), { target: { value: '${TEAM_TOKEN}' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add credentials' }));
    await waitFor(() =>
      expect(fake.calls.find((c) => c.method === 'credentials.add')?.input).toEqual({ prefix: 'https://agents.example/team', headers: { Authorization: 'Bearer sk-live-abcdefgh', 'X-Team': '${TEAM_TOKEN}' } }),
    );
    const row = await screen.findByTestId('credential-row');
    expect(row.textContent).toContain('Authorization: sk-l…efgh');
    expect(document.body.textContent).not.toContain('sk-live-abcdefgh');
  });

  it('turns on calls without a key only after a confirm, then shows the warning', async () => {
    const fake = setup();
    const toggle = await screen.findByRole('checkbox', { name: 'Allow unauthenticated A2A calls' });
    await waitFor(() => expect((toggle as HTMLInputElement).disabled).toBe(false));
    fireEvent.click(toggle);
    const confirm = screen.getByRole('dialog', { name: 'Accept A2A calls without a key?' });
    expect(fake.calls.some((c) => c.method === 'settings.update')).toBe(false);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Allow without a key' }));
    await waitFor(() => expect(fake.calls.find((c) => c.method === 'settings.update')?.input).toEqual({ a2a: { allowUnauthenticated: true } }));
    const settingsNow = (await fake.resolved.transport.call('settings.get', {})) as NodeSettings;
    act(() => fake.push('settings.changed', settingsNow));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Anyone who can reach this node can send A2A requests without a key/);
  });
});

describe('Settings › A2A', () => {
  it('saves the card description and skills, the local agent, and the limits', async () => {
    const fake = setup();
    act(() => uiStore.getState().actions.screenSelected('settings'));
    const form = await screen.findByRole('form', { name: 'A2A' });
    fireEvent.change(within(form).getByLabelText('A2A skills'), { target: { value: 'Code review: reads diffs\n\nRelease notes' } });
    fireEvent.change(within(form).getByPlaceholderText('http://127.0.0.1:18789'), { target: { value: 'http://127.0.0.1:18789' } });
    fireEvent.change(within(form).getByLabelText('Blocking wait in seconds'), { target: { value: '30' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(fake.calls.find((c) => c.method === 'settings.update')?.input).toEqual({
        a2a: {
          description: DEFAULT_A2A_SETTINGS.description,
          skills: [
            { id: 'code-review', name: 'Code review', description: 'reads diffs', tags: ['code-review'], knownCallersOnly: false },
            { id: 'release-notes', name: 'Release notes', description: '', tags: ['release-notes'], knownCallersOnly: false },
          ],
          localAgentUrl: 'http://127.0.0.1:18789',
          blockingWaitSeconds: 30,
          approvalHours: DEFAULT_A2A_SETTINGS.approvalHours,
          taskRetention: DEFAULT_A2A_SETTINGS.taskRetention,
          attachments: DEFAULT_A2A_SETTINGS.attachments,
        },
      }),
    );
  });
  it('marks a skill "known callers only" with its own box, kept for the skill as the list is edited', async () => {
    const fake = setup();
    act(() => uiStore.getState().actions.screenSelected('settings'));
    const form = await screen.findByRole('form', { name: 'A2A' });
    // The default card's one skill starts public.
    expect((within(form).getByLabelText('Known callers only: Chat with the operator') as HTMLInputElement).checked).toBe(false);
    fireEvent.change(within(form).getByLabelText('A2A skills'), { target: { value: 'Chat with the operator: talk\nAudit: for partners' } });
    fireEvent.click(within(form).getByLabelText('Known callers only: Audit'));
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect((fake.calls.find((c) => c.method === 'settings.update')?.input as { a2a: { skills: unknown[] } }).a2a.skills).toEqual([
        { id: 'chat-with-the-operator', name: 'Chat with the operator', description: 'talk', tags: ['chat-with-the-operator'], knownCallersOnly: false },
        { id: 'audit', name: 'Audit', description: 'for partners', tags: ['audit'], knownCallersOnly: true },
      ]),
    );
    // Saved and shown again, the box stays ticked for that skill.
    expect((await within(await screen.findByRole('form', { name: 'A2A' })).findByLabelText('Known callers only: Audit') as HTMLInputElement).checked).toBe(true);
  });
});
