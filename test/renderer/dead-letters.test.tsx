import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '@shared/domain/message';
import { App } from '../../src/renderer/src/app/App';
import { uiStore } from '../../src/renderer/src/stores/ui-store';
import { fakeTransport } from './fake-transport';
import { nodeStatus } from './node-status';

const status = nodeStatus();

function dead(id: number, overrides: Partial<MessageSummary> = {}): MessageSummary {
  return { id, peerId: 'peer_b', peerName: 'bob', direction: 'out', protocol: 'secure', traceId: `sb-${id}`, idempotencyKey: `k-${id}`, schemaVersion: null, content: `letter ${id}`, contentLength: 8, encrypted: false, wake: false, wakeSeen: false, status: 'dead', createdAt: new Date().toISOString(), contextId: null, taskId: null, taskState: null, statusText: null, attachments: [], delivery: { attempts: 3, maxAttempts: 3, nextAttemptAt: null, lastError: 'ECONNREFUSED', deadReason: 'Gave up after 3 attempts: connection error: ECONNREFUSED. Is bob running and reachable?', nextRedriveAt: null, replayOf: null, replacedBy: null, discarded: false, response: null }, ...overrides };
}

describe('the Dead letters tab', () => {
  it('replays a selection and follows it to a summary with a progress bar', async () => {
    let letters = [dead(1), dead(2), dead(3)];
    const calls: unknown[] = [];
    const fake = fakeTransport({
      'node.status': () => status,
      'peers.list': () => ({ peers: [] }),
      'outbox.list': () => ({ items: [], peers: [] }),
      'deadLetters.list': () => ({ deadLetters: letters }),
      'deadLetters.replay': (input) => {
        calls.push(input);
        const ids = (input as { ids: number[] }).ids;
        letters = letters.filter((letter) => !ids.includes(letter.id));
        return { replayed: ids, skipped: [] };
      },
    });
    render(<App resolved={fake.resolved} />);
    act(() => uiStore.getState().actions.deadLetterShown(null));
    await screen.findByText('letter 3');
    fireEvent.click(screen.getByLabelText('Select dead letter 1'));
    fireEvent.click(screen.getByLabelText('Select dead letter 3'));
    fireEvent.click(screen.getByRole('button', { name: 'Replay selected (2)' }));
    await waitFor(() => expect(calls).toEqual([{ ids: [1, 3] }]));
    const progress = await screen.findByRole('status', { name: 'Replay progress' });
    expect(within(progress).getByTestId('replay-summary').textContent).toBe('0 delivered, 0 dead again, 2 pending');
    act(() => fake.push('message.updated', dead(1, { status: 'delivered' })));
    act(() => fake.push('message.updated', dead(3, { status: 'dead' })));
    await waitFor(() => expect(within(progress).getByTestId('replay-summary').textContent).toBe('1 delivered, 1 dead again, 0 pending'));
    expect(progress.textContent).toContain('Replay finished');
    expect((progress.querySelector('progress') as HTMLProgressElement).value).toBe(2);
  });

  it('asks before discarding, naming the consequence', async () => {
    const calls: unknown[] = [];
    const fake = fakeTransport({
      'node.status': () => status,
      'peers.list': () => ({ peers: [] }),
      'outbox.list': () => ({ items: [], peers: [] }),
      'deadLetters.list': () => ({ deadLetters: [dead(5)] }),
      'deadLetters.discard': (input) => {
        calls.push(input);
        return { discarded: 1 };
      },
    });
    render(<App resolved={fake.resolved} />);
    act(() => uiStore.getState().actions.deadLetterShown(null));
    fireEvent.click(await screen.findByLabelText('Select dead letter 5'));
    fireEvent.click(screen.getByRole('button', { name: 'Discard selected…' }));
    const dialog = screen.getByRole('dialog', { name: 'Discard 1 dead letter?' });
    expect(dialog.textContent).toMatch(/never delivered; they stay in the timeline/);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Discard' }));
    await waitFor(() => expect(calls).toEqual([{ ids: [5] }]));
  });
});
