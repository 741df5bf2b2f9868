import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '@shared/domain/message';
import type { Peer } from '@shared/domain/peer';
import { App } from '../../src/renderer/src/app/App';
import { uiStore } from '../../src/renderer/src/stores/ui-store';
import { fakeTransport } from './fake-transport';
import { nodeStatus } from './node-status';
import { delivery, detail, peer, sent } from './thread-fixtures';

const status = nodeStatus();

describe('a peer’s last seen', () => {
  it('moves from "never" with its health dot when the node pushes peers.changed, without a reload', async () => {
    let bob: Peer = peer();
    const fake = fakeTransport({
      'node.status': () => status,
      'peers.list': () => ({ peers: [bob] }),
      'peers.get': () => bob,
    });
    render(<App resolved={fake.resolved} />);
    act(() => uiStore.getState().actions.screenSelected('peers'));
    const list = await screen.findByRole('list', { name: 'Peer list' });
    await waitFor(() => expect(within(list).getByTestId('peer-last-seen').textContent).toBe('never'));
    expect(within(list).getByTestId('peer-health').getAttribute('aria-label')).toBe('not seen recently');

    // bob delivered to this node: the core moved its last seen and said so.
    bob = { ...bob, lastSeenAt: new Date().toISOString() };
    act(() => fake.push('peers.changed', { peerId: bob.id }));
    await waitFor(() => expect(within(list).getByTestId('peer-last-seen').textContent).toBe('just now'));
    expect(within(list).getByTestId('peer-health').getAttribute('aria-label')).toBe('seen in the last day');
  });
});

describe('replay progress', () => {
  function deadLetters(onReplay: (push: ReturnType<typeof fakeTransport>['push']) => void) {
    const letter = sent({ id: 3, content: 'lost', status: 'dead', delivery: delivery({ attempts: 1, maxAttempts: 1, deadReason: 'Gave up after 1 attempt.' }) });
    let letters: MessageSummary[] = [letter];
    const fake = fakeTransport({
      'node.status': () => status,
      'peers.list': () => ({ peers: [peer()] }),
      'outbox.list': () => ({ items: [], peers: [] }),
      'deadLetters.list': () => ({ deadLetters: letters }),
      'messages.get': (input) => ((input as { id: number }).id === 3 ? detail(letter) : detail(sent({ id: 4, content: 'found', status: 'queued' }))),
      'deadLetters.replay': () => {
        letters = [];
        onReplay(fake.push);
        return { replayed: [3], skipped: [] };
      },
      'deadLetters.editAndReplay': () => {
        letters = [];
        onReplay(fake.push);
        return sent({ id: 4, content: 'found', status: 'queued' });
      },
    });
    render(<App resolved={fake.resolved} />);
    act(() => uiStore.getState().actions.deadLetterShown(3));
    return fake;
  }

  it('counts a delivery whose event arrived before the replay’s answer', async () => {
    // A quick peer: the delivery is pushed while the node is still answering the replay call.
    deadLetters((push) => {
      push('message.updated', sent({ id: 3, content: 'lost', status: 'queued' }));
      push('message.updated', sent({ id: 3, content: 'lost', status: 'delivered' }));
    });
    const letter = await screen.findByRole('complementary', { name: 'Dead letter' });
    fireEvent.click(within(letter).getByRole('button', { name: /^Replay$/ }));
    const progress = await screen.findByRole('status', { name: 'Replay progress' });
    await waitFor(() => expect(within(progress).getByTestId('replay-summary').textContent).toBe('1 delivered, 0 dead again, 0 pending'));
    expect(progress.textContent).toContain('Replay finished');
  });

  it('follows an edited replay to "1 delivered" from message.updated', async () => {
    const fake = deadLetters(() => undefined);
    const letter = await screen.findByRole('complementary', { name: 'Dead letter' });
    fireEvent.click(within(letter).getByRole('button', { name: 'Edit and replay…' }));
    fireEvent.change(within(letter).getByLabelText('Text'), { target: { value: 'found' } });
    fireEvent.click(within(letter).getByRole('button', { name: 'Send edited' }));
    const progress = await screen.findByRole('status', { name: 'Replay progress' });
    expect(within(progress).getByTestId('replay-summary').textContent).toBe('0 delivered, 0 dead again, 1 pending');
    act(() => fake.push('message.updated', sent({ id: 4, content: 'found', status: 'delivered' })));
    await waitFor(() => expect(within(progress).getByTestId('replay-summary').textContent).toBe('1 delivered, 0 dead again, 0 pending'));
  });
});
