import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ControlError } from '@shared/control-error';
import { DEFAULT_A2A_SETTINGS } from '@shared/domain/a2a';
import { DEFAULT_CHAT_SETTINGS } from '@shared/domain/chat';
import type { NodeSettings } from '@shared/domain/node';
import { App } from '../../src/renderer/src/app/App';
import { uiStore } from '../../src/renderer/src/stores/ui-store';
import { fakeTransport } from './fake-transport';
import { nodeStatus } from './node-status';

const status = nodeStatus({ name: 'fresh', port: 8080, bindHost: '0.0.0.0', listeningUrl: 'http://127.0.0.1:8080' });

function fresh(overrides: Partial<NodeSettings> = {}): NodeSettings {
  return { name: 'fresh', publicUrl: null, port: 8080, setupDone: false, skills: [], legacySecretSet: false, wakeHook: null, retryPolicy: { maxAttempts: 3, baseDelayMs: 1000 }, redrive: { enabled: true, intervalMinutes: 5, forHours: 24 }, metricsPublic: false, a2a: DEFAULT_A2A_SETTINGS, chat: { agentId: 'fresh-agent', ...DEFAULT_CHAT_SETTINGS }, ...overrides } as NodeSettings;
}

function node(initial = fresh()) {
  let settings = initial;
  const fake = fakeTransport({
    'node.status': () => status,
    'settings.get': () => settings,
    'settings.update': (input) => {
      const patch = input as Partial<NodeSettings>;
      if (patch.publicUrl === 'ftp://nope') throw new ControlError('invalid_input', 'publicUrl: must be an http:// or https:// URL', [{ path: 'publicUrl', message: 'must be an http:// or https:// URL' }]);
      settings = { ...settings, ...patch };
      return settings;
    },
    'approvals.list': () => ({ approvals: [], pending: 0 }),
    'keys.list': () => ({ keys: [{ id: 1, label: 'default', hint: 'abcd…wxyz', peerId: 'peer_d', peerName: 'default', createdAt: '', lastUsedAt: null }] }),
    'keys.generate': (input) => ({ key: 'sk_FRESHKEY', info: { id: 2, label: (input as { label: string }).label, hint: 'sk_F…EKEY', peerId: 'peer_m', peerName: (input as { label: string }).label, createdAt: '', lastUsedAt: null } }),
    'invites.publish': () => ({ invite: { id: 1, hint: 'inv_…1234', createdAt: '', expiresAt: null, maxUses: null, uses: 0, revokedAt: null, state: 'active' }, token: 'inv_FRESH1234' }),
    'invites.list': () => ({ invites: [] }),
    'peers.list': () => ({ peers: [] }),
  });
  render(<App resolved={fake.resolved} />);
  return { fake, settings: () => settings };
}

const updates = (fake: ReturnType<typeof fakeTransport>) => fake.calls.filter((c) => c.method === 'settings.update').map((c) => c.input);
const next = (label: RegExp | string = /^(Save and continue|Next)$/) => fireEvent.click(screen.getByRole('button', { name: label }));
const stepTitle = () => screen.getByRole('heading', { level: 2, name: /^Step/ }).textContent;

describe('the first-run setup', () => {
  it('stands in for the Dashboard on a node not set up, the sidebar still there; Skip for now ends it', async () => {
    const { fake } = node();
    expect(await screen.findByRole('heading', { level: 1, name: 'Set up this node' })).toBeTruthy();
    expect(screen.queryByTestId('node-name')).toBeNull();
    expect(screen.getByRole('navigation', { name: 'Screens' })).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Skip for now' }));
    await waitFor(() => expect(updates(fake)).toEqual([{ setupDone: true }]));
    expect((await screen.findByTestId('node-name')).textContent).toBe('fresh');
    expect(screen.queryByRole('heading', { name: 'Set up this node' })).toBeNull();
  });

  it('walks name, port, public URL, A2A key and chat invite, saving what changed, and Finish ends it', async () => {
    const { fake } = node();
    await screen.findByRole('heading', { level: 1, name: 'Set up this node' });
    expect(within(screen.getByRole('list', { name: 'Setup steps' })).getAllByRole('button').map((b) => b.textContent)).toEqual(['1Name', '2Port', '3Public URL', '4A2A key', '5Chat invite']);

    // Name: saved when changed; the agent id is said to stay.
    expect(stepTitle()).toBe('Step 1 of 5: Name');
    expect(document.body.textContent).toContain('the chat agent id (fresh-agent) stays as it is');
    fireEvent.change(screen.getByLabelText('Node name'), { target: { value: 'operator-node' } });
    next();
    await waitFor(() => expect(stepTitle()).toBe('Step 2 of 5: Port'));
    expect(updates(fake)).toEqual([{ name: 'operator-node' }]);
    // The new step takes focus at its heading.
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 2, name: /^Step 2/ }));

    // Port: unchanged, nothing is saved; the next-start rule is said.
    expect(document.body.textContent).toMatch(/Listening on 8080 now\. A new port takes effect at the next start/);
    next();
    await waitFor(() => expect(stepTitle()).toBe('Step 3 of 5: Public URL'));
    expect(updates(fake)).toHaveLength(1);

    // Public URL: the listening URL, the ways to expose it, and a refusal beside the field.
    expect(screen.getByTestId('setup-listening-url').textContent).toBe('http://127.0.0.1:8080');
    expect(document.body.textContent).toMatch(/Forward a port.*cloudflared tunnel --url http:\/\/127\.0\.0\.1:8080.*ngrok http 8080.*tailscale serve 8080/);
    fireEvent.change(screen.getByLabelText('Public URL'), { target: { value: 'ftp://nope' } });
    next();
    const url = screen.getByLabelText('Public URL');
    await waitFor(() => expect(url.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('Must be an http:// or https:// URL')).toBeTruthy();
    expect(stepTitle()).toBe('Step 3 of 5: Public URL');
    fireEvent.change(url, { target: { value: 'https://sb.example.net' } });
    next();
    await waitFor(() => expect(stepTitle()).toBe('Step 4 of 5: A2A key'));
    expect(updates(fake).at(-1)).toEqual({ publicUrl: 'https://sb.example.net' });

    // A2A key: generated and shown once, with copy.
    expect(screen.getByText(/Already made: default \(abcd…wxyz\)/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/^Label/), { target: { value: 'planner' } });
    fireEvent.click(screen.getByRole('button', { name: 'Generate key' }));
    const once = await screen.findByRole('dialog', { name: 'New API key' });
    expect(within(once).getByTestId('secret-api-key').textContent).toBe('sk_FRESHKEY');
    expect(within(once).getByRole('button', { name: 'Copy API key' })).toBeTruthy();
    fireEvent.click(within(once).getByRole('button', { name: 'I have saved it' }));
    expect(screen.getByTestId('setup-key-made').textContent).toContain('planner');
    expect(fake.calls.find((c) => c.method === 'keys.generate')?.input).toEqual({ label: 'planner' });
    next('Next');

    // Chat invite: the token once, with this node's agent id and the URL to hand out (the public one now).
    await waitFor(() => expect(stepTitle()).toBe('Step 5 of 5: Chat invite'));
    expect(screen.getByTestId('setup-agent-id').textContent).toBe('fresh-agent');
    expect(screen.getByTestId('setup-server-url').textContent).toBe('https://sb.example.net');
    fireEvent.click(screen.getByRole('button', { name: 'Create an invite' }));
    const invite = await screen.findByRole('dialog', { name: 'Invite published' });
    expect(within(invite).getByTestId('secret-invite-token').textContent).toBe('inv_FRESH1234');
    expect(within(invite).getByTestId('hand-out-agent-id').textContent).toBe('fresh-agent');
    expect(within(invite).getByTestId('hand-out-server-url').textContent).toBe('https://sb.example.net');
    fireEvent.click(within(invite).getByRole('button', { name: 'I have saved it' }));

    fireEvent.click(screen.getByRole('button', { name: 'Finish' }));
    await waitFor(() => expect(updates(fake).at(-1)).toEqual({ setupDone: true }));
    expect(await screen.findByTestId('node-name')).toBeTruthy();
  });

  it('goes back a step, and jumps to any step from the list', async () => {
    node();
    await screen.findByRole('heading', { level: 1, name: 'Set up this node' });
    fireEvent.click(screen.getByRole('button', { name: 'A2A key' }));
    expect(stepTitle()).toBe('Step 4 of 5: A2A key');
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(stepTitle()).toBe('Step 3 of 5: Public URL');
    expect(screen.getByRole('button', { name: 'Public URL' }).getAttribute('aria-current')).toBe('step');
  });

  it('is offered again from Settings › About', async () => {
    const { fake } = node(fresh({ setupDone: true }));
    expect(await screen.findByTestId('node-name')).toBeTruthy();
    act(() => uiStore.getState().actions.screenSelected('settings'));
    fireEvent.click(await screen.findByRole('button', { name: 'Run setup again' }));
    await waitFor(() => expect(updates(fake)).toEqual([{ setupDone: false }]));
    expect(await screen.findByRole('heading', { level: 1, name: 'Set up this node' })).toBeTruthy();
    expect(uiStore.getState().screen).toBe('dashboard');
  });

  it('is not shown by a node that does not know about it', async () => {
    const legacy = fresh();
    delete (legacy as Partial<NodeSettings>).setupDone;
    node(legacy);
    expect(await screen.findByTestId('node-name')).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByRole('heading', { name: 'Set up this node' })).toBeNull();
  });
});
