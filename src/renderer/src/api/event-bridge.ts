import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { ControlTransport } from '@shared/contract';
import { matchesMessageFilter, type MessageFilter, type MessageSummary } from '@shared/domain/message';
import type { NodeStatus } from '@shared/domain/node';
import { queryKeys } from './query-keys';

const DELIVERY_COUNTS_INTERVAL_MS = 500;
/** The Conversations list is a query per peer in the core: asked for again at most this often. */
const CONVERSATIONS_INTERVAL_MS = 300;

type TimelinePage = { messages: MessageSummary[]; total: number; hasMore: boolean };

/** Adds a new message to every loaded timeline whose filter it matches (at the newest end). */
function addToTimelines(client: QueryClient, message: MessageSummary): void {
  for (const [key, data] of client.getQueriesData<InfiniteData<TimelinePage, number>>({ queryKey: queryKeys.timeline })) {
    const filter = (key[2] ?? {}) as MessageFilter;
    if (!data || !matchesMessageFilter(message, filter)) continue;
    const [first, ...rest] = data.pages;
    if (!first || first.messages.some((m) => m.id === message.id)) continue;
    client.setQueryData<InfiniteData<TimelinePage, number>>(key, { ...data, pages: [{ ...first, messages: [message, ...first.messages], total: first.total + 1 }, ...rest] });
  }
}

/** Replaces a changed message wherever it is shown (status moves, wake seen). */
function updateInTimelines(client: QueryClient, message: MessageSummary): void {
  for (const [key, data] of client.getQueriesData<InfiniteData<TimelinePage, number>>({ queryKey: queryKeys.timeline })) {
    if (!data) continue;
    const pages = data.pages.map((page) => ({ ...page, messages: page.messages.map((m) => (m.id === message.id ? message : m)) }));
    client.setQueryData(key, { ...data, pages });
  }
  void client.invalidateQueries({ queryKey: queryKeys.message(message.id) });
}

function cardLookedAt(client: QueryClient, { url }: { url: string; peerId: string | null }): void {
  void client.invalidateQueries({ queryKey: queryKeys.inspectorVersions(url) });
  void client.invalidateQueries({ queryKey: queryKeys.inspectorWatches });
  // The core keeps the latest report per URL, and an inspection by URL names no peer: any peer at that URL may
  // have a new latest. Only the shown ones (a peer page, the Inspector) are fetched again.
  void client.invalidateQueries({ queryKey: queryKeys.inspectorLatests });
}

/**
 * The one place pushed events meet the query cache: each event patches or invalidates exactly the keys it
 * affects. Events notify; queries own the data.
 */
export function connectEventsToCache(transport: ControlTransport, client: QueryClient): () => void {
  // The queued and dead-letter counts in the node's status move with every outbound message, and no event carries
  // them: the status is asked for again, at most once per interval however busy the outbox is.
  let statusTimer: ReturnType<typeof setTimeout> | null = null;
  const deliveryCountsMoved = () => {
    statusTimer ??= setTimeout(() => {
      statusTimer = null;
      void client.invalidateQueries({ queryKey: queryKeys.nodeStatus });
    }, DELIVERY_COUNTS_INTERVAL_MS);
  };
  // Unread counts and last-message previews move with every message, a read in another console, and a peer's
  // change (renamed, removed): the list is asked for again, at most once per interval.
  let conversationsTimer: ReturnType<typeof setTimeout> | null = null;
  const conversationsMoved = () => {
    conversationsTimer ??= setTimeout(() => {
      conversationsTimer = null;
      void client.invalidateQueries({ queryKey: queryKeys.conversations });
    }, CONVERSATIONS_INTERVAL_MS);
  };
  const offs = [
    transport.on('node.countsChanged', ({ counts }) => {
      client.setQueryData<NodeStatus>(queryKeys.nodeStatus, (old) => (old ? { ...old, counts } : old));
    }),
    transport.on('audit.appended', () => void client.invalidateQueries({ queryKey: queryKeys.audit })),
    transport.on('settings.changed', (settings) => {
      client.setQueryData(queryKeys.settings, settings);
      void client.invalidateQueries({ queryKey: queryKeys.nodeStatus });
    }),
    transport.on('peers.changed', () => {
      void client.invalidateQueries({ queryKey: queryKeys.peers });
      conversationsMoved();
    }),
    transport.on('conversations.changed', conversationsMoved),
    transport.on('message.added', (message) => {
      addToTimelines(client, message);
      conversationsMoved();
      if (message.direction === 'out') {
        void client.invalidateQueries({ queryKey: queryKeys.outbox });
        deliveryCountsMoved();
      }
    }),
    transport.on('message.updated', (message) => {
      updateInTimelines(client, message);
      // The list's previews carry the latest message's status and task state.
      conversationsMoved();
      if (message.direction === 'out') {
        void client.invalidateQueries({ queryKey: queryKeys.outbox });
        void client.invalidateQueries({ queryKey: queryKeys.deadLetters });
        deliveryCountsMoved();
      }
    }),
    transport.on('approvals.changed', () => void client.invalidateQueries({ queryKey: queryKeys.approvals })),
    transport.on('keys.changed', () => {
      void client.invalidateQueries({ queryKey: queryKeys.keys });
      void client.invalidateQueries({ queryKey: queryKeys.peers });
    }),
    transport.on('chat.changed', ({ peerId }) => void client.invalidateQueries({ queryKey: peerId ? queryKeys.chatStatus(peerId) : queryKeys.chat })),
    // An inspection or a watch looked at a card (and maybe found a new one): latest reports, the URL's versions and
    // the watch's last check may have moved. Reports on the Inspector stay as they are: they are what was asked for.
    transport.on('inspector.checked', (event) => cardLookedAt(client, event)),
    transport.on('inspector.cardChanged', (event) => cardLookedAt(client, event)),
    transport.on('delivery.changed', () => {
      void client.invalidateQueries({ queryKey: queryKeys.outbox });
      void client.invalidateQueries({ queryKey: queryKeys.peers });
    }),
    transport.on('receiving.changed', (receiving) => {
      client.setQueryData<NodeStatus>(queryKeys.nodeStatus, (old) => (old ? { ...old, receiving } : old));
    }),
    transport.on('storage.changed', (storage) => {
      client.setQueryData<NodeStatus>(queryKeys.nodeStatus, (old) => (old ? { ...old, storage } : old));
    }),
    transport.on('desktop.changed', (state) => client.setQueryData(queryKeys.desktop, state)),
  ];
  return () => {
    offs.forEach((off) => off());
    if (statusTimer) clearTimeout(statusTimer);
    if (conversationsTimer) clearTimeout(conversationsTimer);
  };
}
