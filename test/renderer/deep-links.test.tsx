import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { EventPayload } from '@shared/contract';
import type { Peer } from '@shared/domain/peer';
import { App } from '../../src/renderer/src/app/App';
import { inspectorStore } from '../../src/renderer/src/stores/inspector-store';
import { uiStore } from '../../src/renderer/src/stores/ui-store';
import { desktopState, nodeSettings } from './desktop-fixtures';
import { fakeTransport } from './fake-transport';
import { inspectionReport } from './inspector-fixtures';
import { nodeStatus } from './node-status';

function peer(overrides: Partial<Peer> = {}): Peer {
  return { id: 'peer_b', name: 'Bob', protocol: 'secure', baseUrl: 'http://bob.example:8080', notes: '', createdAt: '2026-11-23T10:00:00Z', updatedAt: '2026-11-23T10:00:00Z', lastSeenAt: null, hasOutboundSecret: false, hasAesKey: false, inboundSecrets: [], deliveryPaused: false, retryPolicy: null, redrive: null, gatewayPolicy: 'ask', ...overrides };
}

const peers = [peer(), peer({ id: 'peer_c', name: 'carol', baseUrl: 'http://carol.example' })];

/** The desktop app, with a node that answers what the routed screens ask for. */
function desktop({ peersList = () => ({ peers }) }: { peersList?: () => unknown } = {}) {
  const fake = fakeTransport(
    {
      'node.status': () => nodeStatus(),
      'approvals.list': () => ({ approvals: [], pending: 0 }),
      'peers.list': peersList,
      'peers.get': (input) => peers.find((p) => p.id === (input as { peer: string }).peer),
      'outbox.list': () => ({ items: [], peers: [] }),
      'deadLetters.list': () => ({ deadLetters: [] }),
      'inspector.inspect': (input) => inspectionReport({ target: { url: (input as { target: { url: string } }).target.url, peerId: null, peerName: null, self: false } }),
      'inspector.watches': () => ({ watches: [] }),
      'inspector.versions': () => ({ versions: [] }),
      'inspector.exchanges': () => ({ exchanges: [] }),
      'inspector.latest': () => ({ report: null }),
      'settings.get': () => nodeSettings(),
      'keys.list': () => ({ keys: [] }),
      'credentials.list': () => ({ credentials: [] }),
      'invites.list': () => ({ invites: [] }),
      'messages.list': () => ({ messages: [], total: 0, hasMore: false }),
      'desktop.get': () => desktopState(),
    },
    { kind: 'ipc' },
  );
  render(<App resolved={fake.resolved} />);
  const show = (request: EventPayload<'ui.show'>) => act(() => fake.push('ui.show', request));
  return { fake, show };
}

const heading = () => screen.getByRole('heading', { level: 1 }).textContent;

describe('ui.show from the desktop shell (notifications, the tray, switchboard:// links)', () => {
  it('opens each plain screen by name', async () => {
    const { show } = desktop();
    await screen.findByTestId('node-name');
    for (const [name, title] of [
      ['timeline', 'Timeline'],
      ['keys', 'Keys'],
      ['settings', 'Settings'],
      ['peers', 'Peers'],
      ['delivery', 'Delivery'],
      ['inspector', 'Inspector'],
      ['approvals', 'Approvals'],
      ['dashboard', 'Dashboard'],
    ] as const) {
      show({ screen: name });
      await waitFor(() => expect(heading()).toBe(title));
      expect(uiStore.getState().screen).toBe(name);
    }
  });

  it('opens Approvals on the approval it names', async () => {
    const { show } = desktop();
    await screen.findByTestId('node-name');
    show({ screen: 'approvals', approvalId: 'apr_7' });
    expect(uiStore.getState()).toMatchObject({ screen: 'approvals', focusApprovalId: 'apr_7' });
  });

  it('opens the Inspector on a URL and inspects it, without probes even when the probe box was ticked', async () => {
    const { fake, show } = desktop();
    await screen.findByTestId('node-name');
    act(() => inspectorStore.getState().actions.probeToggled(true));
    show({ screen: 'inspector', url: 'https://agent.example/.well-known/agent-card.json' });
    expect(await screen.findByTestId('verdict-line')).toBeTruthy();
    expect(heading()).toBe('Inspector');
    expect(fake.calls.filter((call) => call.method === 'inspector.inspect').map((call) => call.input)).toEqual([
      { target: { url: 'https://agent.example/.well-known/agent-card.json' }, probe: false },
    ]);
    expect((screen.getByRole('textbox', { name: 'Agent URL' }) as HTMLInputElement).value).toBe('https://agent.example/.well-known/agent-card.json');
    // A second link to the same URL is a new inspection, not the old report.
    show({ screen: 'inspector', url: 'https://agent.example/.well-known/agent-card.json' });
    await waitFor(() => expect(fake.calls.filter((call) => call.method === 'inspector.inspect')).toHaveLength(2));
  });

  it('opens the Inspector History on a card change', async () => {
    const { show } = desktop();
    await screen.findByTestId('node-name');
    show({ screen: 'inspector', card: { url: 'https://echo.example', peerId: null, from: 3, to: 4 } });
    expect(inspectorStore.getState()).toMatchObject({ tab: 'history', versions: { from: 3, to: 4 }, request: { target: { url: 'https://echo.example' }, run: 0 } });
    expect(uiStore.getState().screen).toBe('inspector');
  });

  it('opens a peer named by its name, in any case, or by its id', async () => {
    const { show } = desktop();
    await screen.findByTestId('node-name');
    show({ screen: 'peers', peer: 'bob' });
    expect(await screen.findByRole('heading', { level: 2, name: 'Bob' })).toBeTruthy();
    expect(uiStore.getState()).toMatchObject({ screen: 'peers', selectedPeerId: 'peer_b', missingPeer: null });
    show({ screen: 'peers', peer: 'peer_c' });
    expect(await screen.findByRole('heading', { level: 2, name: 'carol' })).toBeTruthy();
    expect(screen.queryByTestId('missing-peer')).toBeNull();
  });

  it('says when no peer has that name, until the operator moves on', async () => {
    const { show } = desktop();
    await screen.findByTestId('node-name');
    act(() => uiStore.getState().actions.peerSelected('peer_c'));
    show({ screen: 'peers', peer: 'dave' });
    const notice = await screen.findByTestId('missing-peer');
    expect(notice.textContent).toContain('No peer named “dave”.');
    expect(heading()).toBe('Peers');
    expect(screen.queryByRole('heading', { level: 2, name: 'carol' })).toBeNull();
    fireEvent.click(within(notice).getByRole('button', { name: /^Dismiss/ }));
    expect(screen.queryByTestId('missing-peer')).toBeNull();

    show({ screen: 'peers', peer: 'dave' });
    await screen.findByTestId('missing-peer');
    fireEvent.click(screen.getByRole('button', { name: 'Dashboard' }));
    fireEvent.click(screen.getByRole('button', { name: 'Peers' }));
    expect(screen.queryByTestId('missing-peer')).toBeNull();
  });

  it('says when the address book could not be read, rather than that the peer is missing', async () => {
    const { show } = desktop({
      peersList: () => {
        throw new Error('The node is not answering. Is it still running?');
      },
    });
    await screen.findByTestId('node-name');
    show({ screen: 'peers', peer: 'bob' });
    const notice = await screen.findByTestId('missing-peer', {}, { timeout: 4000 });
    expect(notice.textContent).toContain('Could not open the peer “bob”: The node is not answering. Is it still running?');
    expect(notice.textContent).not.toContain('No peer named');
  });

  it('opens Delivery on its dead letters tab, or on the outbox', async () => {
    const { show } = desktop();
    await screen.findByTestId('node-name');
    show({ screen: 'delivery', tab: 'deadLetters' });
    expect(screen.getByRole('tab', { name: /Dead letters/ }).getAttribute('aria-selected')).toBe('true');
    show({ screen: 'dashboard' });
    act(() => uiStore.getState().actions.deliveryTabSelected('outbox'));
    show({ screen: 'delivery', tab: 'deadLetters' });
    expect(uiStore.getState()).toMatchObject({ screen: 'delivery', deliveryTab: 'dead' });
    show({ screen: 'dashboard' });
    act(() => uiStore.getState().actions.deliveryTabSelected('outbox'));
    show({ screen: 'delivery' });
    expect(screen.getByRole('tab', { name: /Outbox/ }).getAttribute('aria-selected')).toBe('true');
  });
});
