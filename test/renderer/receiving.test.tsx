import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ControlError } from '@shared/control-error';
import type { MessageSummary } from '@shared/domain/message';
import type { ReceivingState } from '@shared/domain/node';
import { App } from '../../src/renderer/src/app/App';
import { uiStore } from '../../src/renderer/src/stores/ui-store';
import { fakeTransport } from './fake-transport';
import { press, tabUntil } from './keyboard';
import { nodeStatus } from './node-status';

function setup({ receiving = { paused: false, since: null } as ReceivingState, delivery = { queued: 4, dead: 2 }, failSet = false } = {}) {
  let current = receiving;
  const fake = fakeTransport({
    'node.status': () => nodeStatus({ receiving: current, delivery }),
    'approvals.list': () => ({ approvals: [], pending: 0 }),
    'receiving.set': (input) => {
      if (failSet) throw new ControlError('internal_error', 'The node could not write its settings (disk full).');
      const { paused } = input as { paused: boolean };
      current = { paused, since: paused ? '2026-11-23T09:15:00Z' : null };
      return current;
    },
    'outbox.list': () => ({ items: [], peers: [] }),
    'deadLetters.list': () => ({ deadLetters: [] }),
    'peers.list': () => ({ peers: [] }),
  });
  render(<App resolved={fake.resolved} />);
  return fake;
}

const setCalls = (fake: ReturnType<typeof fakeTransport>) => fake.calls.filter((call) => call.method === 'receiving.set').map((call) => call.input);
const statusCalls = (fake: ReturnType<typeof fakeTransport>) => fake.calls.filter((call) => call.method === 'node.status').length;

function outbound(id: number, status: MessageSummary['status']): MessageSummary {
  return { id, peerId: 'p1', peerName: 'alice', direction: 'out', protocol: 'secure', traceId: `t-${id}`, idempotencyKey: null, schemaVersion: '2.4', content: 'hi', contentLength: 2, encrypted: false, wake: false, wakeSeen: false, status, createdAt: '2026-11-23T10:00:00Z', delivery: null, contextId: null, taskId: null, taskState: null, statusText: null, attachments: [] };
}

describe('receiving on the Dashboard', () => {
  it('says the node is receiving, and shows what waits to go out and the dead letters, which open Delivery › Dead letters', async () => {
    setup();
    expect((await screen.findByTestId('receiving-state')).textContent).toMatch(/receiving.*Peers’ messages are accepted/);
    expect(screen.queryByRole('region', { name: 'Receiving paused' })).toBeNull();
    expect(screen.getByTestId('queued-count').textContent).toBe('4');
    const dead = screen.getByRole('button', { name: '2 dead letters: open Delivery › Dead letters' });
    fireEvent.click(dead);
    expect(uiStore.getState()).toMatchObject({ screen: 'delivery', deliveryTab: 'dead', openDeadLetterId: null });
    expect(screen.getByRole('tab', { name: /Dead letters/ }).getAttribute('aria-selected')).toBe('true');
  });

  it('opens the outbox from the count of what waits to go out', async () => {
    setup({ delivery: { queued: 1, dead: 0 } });
    const queued = await screen.findByRole('button', { name: '1 waiting to go out: open the outbox' });
    expect(screen.getByRole('button', { name: '0 dead letters: open Delivery › Dead letters' })).toBeTruthy();
    fireEvent.click(queued);
    expect(uiStore.getState()).toMatchObject({ screen: 'delivery', deliveryTab: 'outbox' });
  });

  it('pauses only after a confirm that names the consequence; cancelling changes nothing', async () => {
    const fake = setup();
    fireEvent.click(await screen.findByRole('button', { name: 'Pause receiving…' }));
    const confirm = screen.getByRole('dialog', { name: 'Pause receiving?' });
    expect(confirm.textContent).toContain('Peers’ messages will be refused with “try again later” until you resume; nothing already received is affected.');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(setCalls(fake)).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Pause receiving…' }));
    fireEvent.click(within(screen.getByRole('dialog', { name: 'Pause receiving?' })).getByRole('button', { name: 'Pause receiving' }));
    const notice = await screen.findByRole('region', { name: 'Receiving paused' });
    expect(setCalls(fake)).toEqual([{ paused: true }]);
    expect(notice.textContent).toContain('Receiving is paused since');
    expect(within(notice).getByTestId('paused-since').getAttribute('datetime')).toBe('2026-11-23T09:15:00Z');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByTestId('receiving-state').textContent).toMatch(/paused/);
    expect(screen.queryByRole('button', { name: 'Pause receiving…' })).toBeNull();
    // Where the keyboard goes on: the way back.
    expect(document.activeElement).toBe(within(notice).getByRole('button', { name: 'Resume receiving' }));
  });

  it('resumes from the paused notice at once, without a confirm', async () => {
    const fake = setup({ receiving: { paused: true, since: new Date(Date.now() - 5 * 60_000).toISOString() } });
    const notice = await screen.findByRole('region', { name: 'Receiving paused' });
    expect(notice.textContent).toMatch(/Receiving is paused since .*\(5 min ago\)/);
    expect(screen.getByRole('button', { name: /^Dashboard/ }).textContent).toContain('paused');
    fireEvent.click(within(notice).getByRole('button', { name: 'Resume receiving' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Receiving paused' })).toBeNull());
    expect(setCalls(fake)).toEqual([{ paused: false }]);
    expect(screen.getByRole('button', { name: /^Dashboard/ }).textContent).not.toContain('paused');
    expect(screen.getByRole('button', { name: 'Pause receiving…' })).toBeTruthy();
  });

  it('follows receiving.changed from elsewhere (the tray, the CLI) without asking the node again', async () => {
    const fake = setup();
    await screen.findByTestId('receiving-state');
    act(() => fake.push('receiving.changed', { paused: true, since: '2026-11-23T09:15:00Z' }));
    expect(await screen.findByRole('region', { name: 'Receiving paused' })).toBeTruthy();
    act(() => fake.push('receiving.changed', { paused: false, since: null }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Receiving paused' })).toBeNull());
    expect(statusCalls(fake)).toBe(1);
  });

  it('says so when pausing fails, and stays receiving', async () => {
    setup({ failSet: true });
    fireEvent.click(await screen.findByRole('button', { name: 'Pause receiving…' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Pause receiving' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Could not pause receiving: The node could not write its settings \(disk full\)\./);
    expect(screen.queryByRole('region', { name: 'Receiving paused' })).toBeNull();
  });

  it('asks for the counts again after outbound messages move, once for a burst', async () => {
    const fake = setup();
    await screen.findByTestId('queued-count');
    act(() => {
      fake.push('message.updated', outbound(1, 'sending'));
      fake.push('message.updated', outbound(1, 'dead'));
    });
    await waitFor(() => expect(statusCalls(fake)).toBe(2));
    act(() => {
      fake.push('message.added', outbound(2, 'queued'));
      fake.push('message.added', outbound(3, 'queued'));
    });
    await waitFor(() => expect(statusCalls(fake)).toBe(3));
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(statusCalls(fake)).toBe(3);
  });

  it('asks for the counts again after dead letters are discarded (no event says so)', async () => {
    let dead = 1;
    const fake = fakeTransport({
      'node.status': () => nodeStatus({ delivery: { queued: 0, dead } }),
      'approvals.list': () => ({ approvals: [], pending: 0 }),
      'peers.list': () => ({ peers: [] }),
      'outbox.list': () => ({ items: [], peers: [] }),
      'deadLetters.list': () => ({ deadLetters: dead ? [{ ...outbound(5, 'dead'), content: 'letter 5' }] : [] }),
      'deadLetters.discard': () => {
        dead = 0;
        return { discarded: 1 };
      },
    });
    render(<App resolved={fake.resolved} />);
    expect((await screen.findByTestId('dead-count')).textContent).toBe('1');
    fireEvent.click(screen.getByTestId('dead-count'));
    fireEvent.click(await screen.findByLabelText('Select dead letter 5'));
    fireEvent.click(screen.getByRole('button', { name: 'Discard selected…' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Discard' }));
    await waitFor(() => expect(statusCalls(fake)).toBe(2));
    fireEvent.click(screen.getByRole('button', { name: 'Dashboard' }));
    expect(screen.getByTestId('dead-count').textContent).toBe('0');
  });

  it('is reachable from the keyboard: Tab to Pause, Enter, Tab to confirm, Space; then Enter on Resume', async () => {
    const fake = setup();
    await screen.findByTestId('receiving-state');
    tabUntil((element) => element.textContent === 'Pause receiving…');
    press('Enter');
    const confirm = screen.getByRole('dialog', { name: 'Pause receiving?' });
    expect(confirm.contains(document.activeElement)).toBe(true);
    press('Escape');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement?.textContent).toBe('Pause receiving…');
    press(' ');
    tabUntil((element) => element.textContent === 'Pause receiving');
    press(' ');
    await screen.findByRole('region', { name: 'Receiving paused' });
    expect(document.activeElement?.textContent).toBe('Resume receiving');
    press('Enter');
    await waitFor(() => expect(setCalls(fake)).toEqual([{ paused: true }, { paused: false }]));
  });
});
