import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Peer } from '@shared/domain/peer';
import { App } from '../../src/renderer/src/app/App';
import { uiStore } from '../../src/renderer/src/stores/ui-store';
import { fakeTransport } from './fake-transport';
import { nodeStatus } from './node-status';

const status = nodeStatus({ publicUrl: 'https://sb.example.net' });

function peer(overrides: Partial<Peer> = {}): Peer {
  return { id: 'peer_1', name: 'alice', protocol: 'secure', baseUrl: 'http://alice.example', notes: '', createdAt: '2026-11-23T10:00:00Z', updatedAt: '2026-11-23T10:00:00Z', lastSeenAt: null, hasOutboundSecret: false, hasAesKey: false, inboundSecrets: [], deliveryPaused: false, retryPolicy: null, redrive: null, gatewayPolicy: 'ask', ...overrides };
}

describe('the Peers screen', () => {
  it('says what to do when there are no peers, with the card URL', async () => {
    const fake = fakeTransport({ 'node.status': () => status, 'peers.list': () => ({ peers: [] }) });
    render(<App resolved={fake.resolved} />);
    act(() => uiStore.getState().actions.screenSelected('peers'));
    expect(await screen.findByText(/No peers yet — add one, or share your card URL/)).toBeTruthy();
    expect(screen.getByText('https://sb.example.net/')).toBeTruthy();
  });

  it('adds a peer and shows its generated secret once', async () => {
    const peers: Peer[] = [];
    const fake = fakeTransport({
      'node.status': () => status,
      'peers.list': () => ({ peers }),
      'peers.get': () => peers[0],
      'peers.add': (input) => {
        const created = peer({ name: (input as { name: string }).name, inboundSecrets: [{ id: 1, hint: 'abcd…wxyz', createdAt: '2026-11-23T10:00:00Z', expiresAt: null }] });
        peers.push(created);
        return { peer: created, generated: { inboundSecret: 'abcdGENERATEDSECRETwxyz' } };
      },
    });
    render(<App resolved={fake.resolved} />);
    act(() => uiStore.getState().actions.screenSelected('peers'));
    fireEvent.click(await screen.findByRole('button', { name: 'Add peer' }));
    const dialog = screen.getByRole('dialog', { name: 'Add a peer' });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'alice' } });
    fireEvent.change(within(dialog).getByLabelText('Base URL'), { target: { value: 'http://alice.example' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add peer' }));
    const once = await screen.findByRole('dialog', { name: 'Secrets for alice' });
    expect(within(once).getByText('abcdGENERATEDSECRETwxyz')).toBeTruthy();
    expect(fake.calls.find((call) => call.method === 'peers.add')?.input).toMatchObject({ name: 'alice', baseUrl: 'http://alice.example', inboundSecret: 'generate', protocol: 'secure' });
    fireEvent.click(within(once).getByRole('button', { name: /I have saved it/ }));
    await waitFor(() => expect(screen.queryByText('abcdGENERATEDSECRETwxyz')).toBeNull());
    expect(await screen.findByText('abcd…wxyz')).toBeTruthy();
  });

  it('asks before removing a peer and says what happens to its messages', async () => {
    const fake = fakeTransport({
      'node.status': () => status,
      'peers.list': () => ({ peers: [peer()] }),
      'peers.get': () => peer(),
      'peers.remove': () => ({ removed: peer() }),
    });
    render(<App resolved={fake.resolved} />);
    act(() => uiStore.getState().actions.screenSelected('peers'));
    fireEvent.click(await screen.findByRole('button', { name: /alice/ }));
    fireEvent.click(await screen.findByRole('button', { name: 'Remove…' }));
    const confirm = screen.getByRole('dialog', { name: 'Remove alice?' });
    expect(confirm.textContent).toMatch(/stop working at once.*messages stay in the timeline/);
    fireEvent.keyDown(confirm, { key: 'Escape' });
    expect(fake.calls.some((call) => call.method === 'peers.remove')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Remove…' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Remove peer' }));
    await waitFor(() => expect(fake.calls.some((call) => call.method === 'peers.remove')).toBe(true));
  });

  it('reveals a credential only when asked', async () => {
    const withSecret = peer({ hasOutboundSecret: true });
    const fake = fakeTransport({
      'node.status': () => status,
      'peers.list': () => ({ peers: [withSecret] }),
      'peers.get': () => withSecret,
      'peers.revealCredential': () => ({ value: 'the-outbound-secret' }),
    });
    render(<App resolved={fake.resolved} />);
    act(() => uiStore.getState().actions.screenSelected('peers'));
    fireEvent.click(await screen.findByRole('button', { name: /alice/ }));
    const section = await screen.findByRole('region', { name: 'Outbound secret' });
    expect(section.textContent).not.toContain('the-outbound-secret');
    fireEvent.click(within(section).getByRole('button', { name: 'Reveal' }));
    expect(await within(section).findByText('the-outbound-secret')).toBeTruthy();
    expect(fake.calls.filter((call) => call.method === 'peers.revealCredential')).toEqual([{ method: 'peers.revealCredential', input: { peer: 'peer_1', kind: 'outbound_secret' } }]);
  });
});
