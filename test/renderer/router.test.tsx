import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Peer } from '@shared/domain/peer';
import { App } from '../../src/renderer/src/app/App';
import { formatRoute, isNewEntry, parseRoute, type Route } from '../../src/renderer/src/app/route';
import { takeTokenFromLocation } from '../../src/renderer/src/api/transport';
import { inspectorStore } from '../../src/renderer/src/stores/inspector-store';
import { uiStore } from '../../src/renderer/src/stores/ui-store';
import { fakeTransport } from './fake-transport';
import { inspectionReport } from './inspector-fixtures';
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
    'messages.get': () => {
      throw new Error('not in this test');
    },
    'outbox.list': () => ({ items: [], peers: [] }),
    'deadLetters.list': () => ({ deadLetters: [] }),
    'inspector.inspect': (input) => inspectionReport({ target: { url: (input as { target: { url: string } }).target.url, peerId: null, peerName: null, self: false } }),
    'inspector.watches': () => ({ watches: [] }),
    'inspector.versions': () => ({ versions: [] }),
    'inspector.exchanges': () => ({ exchanges: [] }),
    'inspector.latest': () => ({ report: null }),
    'chat.status': () => ({}),
  });
  return { fake, ...render(<App resolved={fake.resolved} />) };
}

const ui = () => uiStore.getState().actions;
const heading = () => screen.getByRole('heading', { level: 1 }).textContent;

describe('addresses: one per screen and selection', () => {
  it('writes and reads back every kind of route', () => {
    const routes: [Route, string][] = [
      [{ screen: 'dashboard' }, '#/dashboard'],
      [{ screen: 'keys' }, '#/keys'],
      [{ screen: 'conversations', peerId: 'peer_b' }, '#/conversations/peer_b'],
      [{ screen: 'peers', peerId: 'peer with/slash' }, '#/peers/peer%20with%2Fslash'],
      [{ screen: 'timeline', filter: { peerId: 'peer_b', traceId: 'zen-1-a', direction: 'in', status: 'dead' }, messageId: 42 }, '#/timeline?peer=peer_b&dir=in&status=dead&trace=zen-1-a&msg=42'],
      [{ screen: 'approvals', approvalId: 'apr_7' }, '#/approvals/apr_7'],
      [{ screen: 'delivery', tab: 'outbox', deadLetterId: null }, '#/delivery'],
      [{ screen: 'delivery', tab: 'dead', deadLetterId: 9 }, '#/delivery/dead/9'],
      [{ screen: 'inspector', target: { url: 'https://agent.example/a?b=c' } }, '#/inspector?url=https%3A%2F%2Fagent.example%2Fa%3Fb%3Dc'],
      [{ screen: 'inspector', target: { self: true } }, '#/inspector?self=1'],
    ];
    for (const [route, address] of routes) {
      expect(formatRoute(route)).toBe(address);
      expect(parseRoute(address)).toEqual(route);
    }
  });

  it('names nothing for the token, an empty fragment or an unknown screen, and drops values it cannot use', () => {
    expect(parseRoute(`#token=${'a'.repeat(43)}`)).toBeNull();
    expect(parseRoute('')).toBeNull();
    expect(parseRoute('#/nowhere')).toBeNull();
    expect(parseRoute('#/timeline?status=lost&dir=sideways&msg=-3')).toEqual({ screen: 'timeline', filter: {}, messageId: null });
    expect(parseRoute('#/delivery/dead/abc')).toEqual({ screen: 'delivery', tab: 'dead', deadLetterId: null });
  });

  it('makes a new history entry for a new screen or selection, and replaces it for filter typing', () => {
    expect(isNewEntry('#/dashboard', '#/peers')).toBe(true);
    expect(isNewEntry('#/peers', '#/peers/peer_b')).toBe(true);
    expect(isNewEntry('#/timeline?peer=a', '#/timeline?peer=a&text=hel')).toBe(false);
    expect(isNewEntry('#/timeline?peer=a', '#/timeline?peer=a&msg=3')).toBe(true);
    expect(isNewEntry('#/approvals/apr_7', '#/approvals')).toBe(false);
    expect(isNewEntry('#/inspector', '#/inspector?url=https%3A%2F%2Fa.example')).toBe(false);
  });
});

describe('the address bar follows the console, and the console follows the address bar', () => {
  it('starts on the Dashboard at an address that names nothing, with the token already taken out', async () => {
    window.history.replaceState(null, '', `/#token=${'T'.repeat(43)}`);
    expect(takeTokenFromLocation(window.location, window.history, window.sessionStorage)).toBe('T'.repeat(43));
    console_();
    await screen.findByTestId('node-name');
    expect(window.location.hash).toBe('#/dashboard');
    expect(window.location.href).not.toContain('token');
    // A reload finds the token where transport.ts keeps it, not in the address.
    expect(takeTokenFromLocation(window.location, window.history, window.sessionStorage)).toBe('T'.repeat(43));
  });

  it('writes the address as the operator moves: screens and selections as new entries, filter typing in place', async () => {
    console_();
    await screen.findByTestId('node-name');
    const entries = () => window.history.length;
    const start = entries();

    act(() => ui().peerShown('peer_b'));
    expect(window.location.hash).toBe('#/peers/peer_b');
    act(() => ui().timelineShown({ peerId: 'peer_b' }));
    expect(window.location.hash).toBe('#/timeline?peer=peer_b');
    expect(entries()).toBe(start + 2);

    act(() => ui().timelineFiltered({ peerId: 'peer_b', text: 'hel' }));
    expect(window.location.hash).toBe('#/timeline?peer=peer_b&text=hel');
    expect(entries()).toBe(start + 2);

    act(() => ui().deadLetterShown(7));
    expect(window.location.hash).toBe('#/delivery/dead/7');
    act(() => ui().chatOpened('peer_c'));
    expect(window.location.hash).toBe('#/conversations/peer_c');
    act(() => inspectorStore.getState().actions.linkInspected('https://agent.example'));
    expect(window.location.hash).toBe('#/inspector?url=https%3A%2F%2Fagent.example');
    expect(entries()).toBe(start + 5);
  });

  it('opens the screen and selection an address names when the console starts (a reload)', async () => {
    window.history.replaceState(null, '', '/#/peers/peer_c');
    console_();
    expect(await screen.findByRole('heading', { level: 2, name: 'carol' })).toBeTruthy();
    expect(heading()).toBe('Peers');
    expect(uiStore.getState()).toMatchObject({ screen: 'peers', selectedPeerId: 'peer_c' });
    expect(window.location.hash).toBe('#/peers/peer_c');
  });

  it('follows an address edited by hand, and replaces one that names nothing', async () => {
    console_();
    await screen.findByTestId('node-name');
    act(() => {
      window.location.hash = '#/timeline?trace=zen-1700000000-abc&msg=4';
    });
    await waitFor(() => expect(uiStore.getState()).toMatchObject({ screen: 'timeline', timelineFilter: { traceId: 'zen-1700000000-abc' }, openMessageId: 4 }));
    // The screen itself follows at a lower priority than the store (AppShell defers the swap).
    await waitFor(() => expect(heading()).toBe('Timeline'));

    act(() => {
      window.location.hash = '#/nowhere';
    });
    await waitFor(() => expect(window.location.hash).toBe('#/timeline?trace=zen-1700000000-abc&msg=4'));
    expect(uiStore.getState().screen).toBe('timeline');
  });

  it('goes back and forward through screens and selections (popstate)', async () => {
    console_();
    await screen.findByTestId('node-name');
    act(() => ui().screenSelected('peers'));
    act(() => ui().peerSelected('peer_b'));
    act(() => ui().screenSelected('keys'));

    act(() => window.history.back());
    await waitFor(() => expect(uiStore.getState()).toMatchObject({ screen: 'peers', selectedPeerId: 'peer_b' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Bob' })).toBeTruthy();
    act(() => window.history.back());
    await waitFor(() => expect(uiStore.getState()).toMatchObject({ screen: 'peers', selectedPeerId: null }));
    act(() => window.history.back());
    await waitFor(() => expect(heading()).toBe('Dashboard'));
    act(() => window.history.forward());
    await waitFor(() => expect(uiStore.getState().screen).toBe('peers'));
    // Following the address wrote no entries of its own: forward still leads on to the peer.
    act(() => window.history.forward());
    await waitFor(() => expect(uiStore.getState().selectedPeerId).toBe('peer_b'));
  });

  it('opens the Timeline from the sidebar without the filter another screen set, and says a filter in words', async () => {
    console_();
    await screen.findByTestId('node-name');
    act(() => ui().timelineShown({ peerId: 'peer_b' }));
    await waitFor(() => expect(screen.getByTestId('timeline-filter-summary').textContent).toContain('peer Bob'));
    fireEvent.click(screen.getByRole('button', { name: /^Timeline/ }));
    expect(uiStore.getState().timelineFilter).toEqual({});
    expect(screen.queryByTestId('timeline-filter-summary')).toBeNull();
    expect(window.location.hash).toBe('#/timeline');
  });
});

describe('the sidebar', () => {
  it('folds to a rail and remembers it, keeping every screen named', async () => {
    const first = console_();
    await screen.findByTestId('node-name');
    fireEvent.click(screen.getByRole('button', { name: 'Collapse the sidebar' }));
    const nav = screen.getByRole('navigation', { name: 'Screens' });
    expect(nav.classList.contains('collapsed')).toBe(true);
    expect(screen.getByRole('button', { name: 'Peers' })).toBeTruthy();
    expect(window.localStorage.getItem('switchboard.sidebarCollapsed')).toBe('true');
    first.unmount();

    act(() => ui().sidebarCollapsedSet(false));
    console_();
    await screen.findByTestId('node-name');
    expect(screen.getByRole('navigation', { name: 'Screens' }).classList.contains('collapsed')).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Expand the sidebar' }));
    expect(screen.getByRole('navigation', { name: 'Screens' }).classList.contains('collapsed')).toBe(false);
    expect(window.localStorage.getItem('switchboard.sidebarCollapsed')).toBe('false');
  });

  it('names the Dashboard’s approvals count', async () => {
    console_();
    expect((await screen.findByTestId('pending-approvals')).getAttribute('aria-label')).toBe('Open Approvals: 0 waiting');
  });
});
