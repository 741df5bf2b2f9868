import { QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Conversation, MessageSummary } from '@shared/domain/message';
import { useUnreadTotal } from '../../src/renderer/src/api/queries';
import { TransportProvider } from '../../src/renderer/src/api/TransportContext';
import { App, createQueryClient } from '../../src/renderer/src/app/App';
import { formatUnread } from '../../src/renderer/src/features/conversations/unread';
import { uiStore } from '../../src/renderer/src/stores/ui-store';
import { fakeTransport } from './fake-transport';
import { nodeStatus } from './node-status';
import { conversation, message, peer, sent } from './thread-fixtures';

const status = nodeStatus();
const bob = peer();
const carol = peer({ id: 'peer_c', name: 'carol', protocol: 'a2a' });
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

function node(initial: Conversation[], threads: Record<string, MessageSummary[]> = {}) {
  let conversations = initial;
  const fake = fakeTransport({
    'node.status': () => status,
    'peers.list': () => ({ peers: [bob, carol] }),
    'peers.get': (input) => [bob, carol].find((p) => p.id === (input as { peer: string }).peer)!,
    'approvals.list': () => ({ approvals: [], pending: 0 }),
    'conversations.list': () => ({ conversations }),
    'conversations.markRead': (input) => {
      const { peerId } = input as { peerId: string };
      conversations = conversations.map((c) => (c.peerId === peerId ? { ...c, unread: 0 } : c));
      return { unread: 0 };
    },
    'messages.list': (input) => {
      const messages = threads[(input as { peerId?: string }).peerId ?? ''] ?? [];
      return { messages, total: messages.length, hasMore: false };
    },
  });
  render(<App resolved={fake.resolved} />);
  act(() => uiStore.getState().actions.screenSelected('conversations'));
  return {
    fake,
    set(next: Conversation[]) {
      conversations = next;
    },
  };
}

const rows = () => screen.queryAllByTestId('conversation-row');
const row = (name: string) => rows().find((element) => element.textContent?.startsWith(name))!;
const listCalls = (fake: ReturnType<typeof fakeTransport>) => fake.calls.filter((call) => call.method === 'conversations.list').length;

describe('the Conversations list', () => {
  it('shows each conversation with its unread count and latest words, newest activity first', async () => {
    node([
      conversation({ peerId: 'peer_c', peerName: 'carol', protocol: 'a2a', unread: 3, lastActivityAt: minutesAgo(2), lastMessage: message({ id: 9, peerId: 'peer_c', content: 'Three\nnew lines' }) }),
      conversation({ unread: 0, lastActivityAt: minutesAgo(90), lastMessage: sent({ id: 4, content: 'see you' }) }),
    ]);
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rows().map((element) => element.querySelector('.peer-name')?.textContent)).toEqual(['carol', 'bob']);
    expect(within(row('carol')).getByTestId('unread-badge').textContent).toBe('3 unread');
    expect(within(row('carol')).getByTestId('conversation-preview').textContent).toBe('Three new lines');
    expect(row('carol').textContent).toContain('2 min ago');
    expect(within(row('bob')).queryByTestId('unread-badge')).toBeNull();
    expect(within(row('bob')).getByTestId('conversation-preview').textContent).toBe('You: see you');
    expect(row('bob').textContent).toContain('1 h ago');
  });

  it('writes a count past 999 as "999+"', () => {
    expect([0, 7, 999, 1000].map(formatUnread)).toEqual(['0', '7', '999', '999+']);
  });

  it('marks a conversation read up to its newest message when it is opened', async () => {
    const thread = [message({ id: 12, peerId: 'peer_c', peerName: 'carol', protocol: 'a2a', content: 'newest' }), message({ id: 11, peerId: 'peer_c', peerName: 'carol', protocol: 'a2a', content: 'older' })];
    const { fake } = node([conversation({ peerId: 'peer_c', peerName: 'carol', protocol: 'a2a', unread: 2, lastActivityAt: minutesAgo(1), lastMessage: thread[0]! }), conversation({ lastActivityAt: null })], { peer_c: thread });
    await waitFor(() => expect(within(row('carol')).getByTestId('unread-badge')).toBeTruthy());
    fireEvent.click(row('carol'));
    await screen.findByText('newest');
    await waitFor(() => expect(fake.calls.filter((call) => call.method === 'conversations.markRead').map((call) => call.input)).toEqual([{ peerId: 'peer_c', upToId: 12 }]));
    await waitFor(() => expect(within(row('carol')).queryByTestId('unread-badge')).toBeNull());

    // A conversation with nothing unread is opened without a call.
    fireEvent.click(row('bob'));
    await screen.findByLabelText('Message to bob');
    expect(fake.calls.filter((call) => call.method === 'conversations.markRead')).toHaveLength(1);
  });

  it('is asked for again, at most once in a burst, when messages arrive, another console reads, or a peer changes', async () => {
    const { fake, set } = node([conversation({ lastActivityAt: minutesAgo(5), lastMessage: message({ id: 1 }) }), conversation({ peerId: 'peer_c', peerName: 'carol', protocol: 'a2a' })]);
    await waitFor(() => expect(rows()).toHaveLength(2));
    const before = listCalls(fake);

    // carol writes three times in a row: her conversation moves to the top with 3 unread, after one refetch.
    set([conversation({ peerId: 'peer_c', peerName: 'carol', protocol: 'a2a', unread: 3, lastActivityAt: minutesAgo(0), lastMessage: message({ id: 4, peerId: 'peer_c', content: 'third' }) }), conversation({ lastActivityAt: minutesAgo(5), lastMessage: message({ id: 1 }) })]);
    act(() => {
      for (const id of [2, 3, 4]) fake.push('message.added', message({ id, peerId: 'peer_c', peerName: 'carol', protocol: 'a2a' }));
    });
    await waitFor(() => expect(rows()[0]!.textContent).toMatch(/^carol/));
    expect(listCalls(fake)).toBe(before + 1);
    expect(within(row('carol')).getByTestId('unread-badge').textContent).toBe('3 unread');

    // Another console read it.
    set([conversation({ peerId: 'peer_c', peerName: 'carol', protocol: 'a2a', unread: 0, lastActivityAt: minutesAgo(0), lastMessage: message({ id: 4, peerId: 'peer_c', content: 'third' }) }), conversation({ lastActivityAt: minutesAgo(5), lastMessage: message({ id: 1 }) })]);
    act(() => fake.push('conversations.changed', { peerId: 'peer_c' }));
    await waitFor(() => expect(within(row('carol')).queryByTestId('unread-badge')).toBeNull());

    // bob was renamed.
    set([conversation({ peerId: 'peer_c', peerName: 'carol', protocol: 'a2a', lastActivityAt: minutesAgo(0) }), conversation({ peerName: 'robert', lastActivityAt: minutesAgo(5) })]);
    act(() => fake.push('peers.changed', { peerId: 'peer_b' }));
    await waitFor(() => expect(row('robert')).toBeTruthy());
  });
});

function UnreadTotal() {
  return <output aria-label="unread total">{useUnreadTotal()}</output>;
}

describe('useUnreadTotal', () => {
  it('adds up every conversation’s unread count and follows the list', async () => {
    let conversations = [conversation({ unread: 2 }), conversation({ peerId: 'peer_c', unread: 5 })];
    const fake = fakeTransport({ 'conversations.list': () => ({ conversations }) });
    const client = createQueryClient();
    const { connectEventsToCache } = await import('../../src/renderer/src/api/event-bridge');
    const disconnect = connectEventsToCache(fake.resolved.transport, client);
    render(
      <QueryClientProvider client={client}>
        <TransportProvider value={fake.resolved}>
          <UnreadTotal />
        </TransportProvider>
      </QueryClientProvider>,
    );
    await waitFor(() => expect(screen.getByLabelText('unread total').textContent).toBe('7'));
    conversations = [conversation({ unread: 0 }), conversation({ peerId: 'peer_c', unread: 5 })];
    act(() => fake.push('conversations.changed', { peerId: 'peer_b' }));
    await waitFor(() => expect(screen.getByLabelText('unread total').textContent).toBe('5'));
    disconnect();
  });
});
