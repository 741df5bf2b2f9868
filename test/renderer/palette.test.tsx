import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Peer } from '@shared/domain/peer';
import { App } from '../../src/renderer/src/app/App';
import { looksLikeTraceId, paletteCommands } from '../../src/renderer/src/app/palette-commands';
import { uiStore } from '../../src/renderer/src/stores/ui-store';
import { fakeTransport } from './fake-transport';
import { nodeStatus } from './node-status';

function peer(overrides: Partial<Peer> = {}): Peer {
  return { id: 'peer_b', name: 'Bob', protocol: 'secure', baseUrl: 'http://bob.example:8080', notes: '', createdAt: '2026-11-23T10:00:00Z', updatedAt: '2026-11-23T10:00:00Z', lastSeenAt: null, hasOutboundSecret: false, hasAesKey: false, inboundSecrets: [], deliveryPaused: false, retryPolicy: null, redrive: null, gatewayPolicy: 'ask', ...overrides };
}

const peers = [peer(), peer({ id: 'peer_c', name: 'carol', baseUrl: 'http://carol.example' })];

function console_() {
  const fake = fakeTransport({
    'node.status': () => nodeStatus(),
    'approvals.list': () => ({ approvals: [], pending: 0 }),
    'peers.list': () => ({ peers }),
    'peers.get': (input) => peers.find((p) => p.id === (input as { peer: string }).peer),
    'messages.list': () => ({ messages: [], total: 0, hasMore: false }),
    'chat.status': () => ({}),
  });
  render(<App resolved={fake.resolved} />);
  return fake;
}

const ctrlK = () => fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
const key = (k: string) => fireEvent.keyDown(document.activeElement!, { key: k });

async function openPalette() {
  ctrlK();
  const dialog = await screen.findByRole('dialog', { name: 'Command palette' });
  const input = within(dialog).getByRole('combobox', { name: 'Command' });
  await waitFor(() => expect(document.activeElement).toBe(input));
  return { dialog, input };
}

/** The option the combobox says is active (aria-activedescendant), checked against the listbox's selected one. */
function activeOption(input: HTMLElement): string {
  const id = input.getAttribute('aria-activedescendant');
  const option = id ? document.getElementById(id) : null;
  expect(option?.getAttribute('role')).toBe('option');
  expect(option?.getAttribute('aria-selected')).toBe('true');
  expect(screen.getAllByRole('option', { selected: true })).toEqual([option]);
  return option!.textContent ?? '';
}

describe('what the command palette offers', () => {
  it('ranks a peer first when its name is typed, and offers a trace id only for what looks like one', () => {
    expect(paletteCommands('car', peers).map((c) => c.label)).toEqual(['carol', 'New message to carol']);
    expect(paletteCommands('', peers).slice(0, 2).map((c) => c.label)).toEqual(['Dashboard', 'Conversations']);
    expect(paletteCommands('zen-1700000000-ab12', peers)[0]?.label).toBe('Show trace zen-1700000000-ab12 in Timeline');
    expect(looksLikeTraceId('sb-1796127810-d621fe1c65e4')).toBe(true);
    expect(looksLikeTraceId('carol')).toBe(false);
    expect(looksLikeTraceId('two words 123')).toBe(false);
    expect(paletteCommands('message bob', peers).map((c) => c.label)).toEqual(['New message to Bob']);
  });
});

describe('the command palette (Ctrl/⌘-K)', () => {
  it('opens on Ctrl-K with the search focused, moves with the arrows, and opens the chosen peer with Enter', async () => {
    console_();
    await screen.findByTestId('node-name');
    const { input } = await openPalette();
    expect(input.getAttribute('aria-expanded')).toBe('true');
    expect(input.getAttribute('aria-controls')).toBe(screen.getByRole('listbox', { name: 'Commands' }).id);
    expect(activeOption(input)).toContain('Dashboard');
    key('ArrowDown');
    expect(activeOption(input)).toContain('Conversations');
    key('ArrowUp');
    key('ArrowUp');
    // Up from the first wraps to the last.
    expect(activeOption(input)).toContain('New message to carol');

    fireEvent.change(input, { target: { value: 'car' } });
    await waitFor(() => expect(activeOption(input)).toContain('carol'));
    expect(activeOption(input)).toContain('Open peer');
    key('Enter');
    expect(screen.queryByRole('dialog', { name: 'Command palette' })).toBeNull();
    expect(uiStore.getState()).toMatchObject({ screen: 'peers', selectedPeerId: 'peer_c' });
    expect(await screen.findByRole('heading', { level: 2, name: 'carol' })).toBeTruthy();
  });

  it('shows a pasted trace id in the Timeline', async () => {
    console_();
    await screen.findByTestId('node-name');
    const { input } = await openPalette();
    fireEvent.change(input, { target: { value: '  zen-1700000000-e2e00001 ' } });
    expect(activeOption(input)).toContain('Show trace zen-1700000000-e2e00001 in Timeline');
    key('Enter');
    expect(uiStore.getState()).toMatchObject({ screen: 'timeline', timelineFilter: { traceId: 'zen-1700000000-e2e00001' }, openMessageId: null });
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Timeline'));
  });

  it('closes on Esc and gives the focus back to where it was', async () => {
    console_();
    await screen.findByTestId('node-name');
    const keys = screen.getByRole('button', { name: 'Keys' });
    act(() => keys.focus());
    await openPalette();
    key('Escape');
    expect(screen.queryByRole('dialog', { name: 'Command palette' })).toBeNull();
    expect(document.activeElement).toBe(keys);
    expect(uiStore.getState().screen).toBe('dashboard');
  });

  it('says when nothing matches, and Enter then does nothing', async () => {
    console_();
    await screen.findByTestId('node-name');
    const { input } = await openPalette();
    fireEvent.change(input, { target: { value: 'zzz' } });
    expect(screen.getByRole('status').textContent).toContain('Nothing matches “zzz”');
    expect(input.getAttribute('aria-activedescendant')).toBeNull();
    key('Enter');
    expect(screen.getByRole('dialog', { name: 'Command palette' })).toBeTruthy();
  });

  it('starts a new message: the conversation opens with its composer focused', async () => {
    console_();
    await screen.findByTestId('node-name');
    const { input } = await openPalette();
    fireEvent.change(input, { target: { value: 'new message bob' } });
    expect(activeOption(input)).toContain('New message to Bob');
    key('Enter');
    expect(uiStore.getState()).toMatchObject({ screen: 'conversations', chatPeerId: 'peer_b' });
    const composer = await screen.findByRole('textbox', { name: 'Message to Bob' });
    await waitFor(() => expect(document.activeElement).toBe(composer));
  });

  it('opens from the sidebar too, and a pick with the mouse works like Enter', async () => {
    console_();
    await screen.findByTestId('node-name');
    fireEvent.click(screen.getByRole('button', { name: /^Search/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Command palette' });
    fireEvent.click(within(dialog).getByRole('option', { name: /^Settings/ }));
    expect(uiStore.getState().screen).toBe('settings');
  });
});
