import { queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { ControlTransport, MethodInput, MethodName, MethodResult } from '@shared/contract';
import type { DesktopSettingsPatch, DesktopState } from '@shared/domain/desktop';
import type { InspectionReport } from '@shared/domain/inspector';
import type { ApprovalStatus } from '@shared/domain/approval';
import type { ExportRow, MessageFilter } from '@shared/domain/message';
import type { NodeStatus, ReceivingState } from '@shared/domain/node';
import { builtInProtocols, type ProtocolInfo } from '@shared/protocols';
import { queryKeys } from './query-keys';
import { useTransport, useTransportKind } from './TransportContext';

/** Node identity, listener and counts; kept fresh by `node.countsChanged`, never by polling. */
export function useNodeStatus() {
  const transport = useTransport();
  return useQuery({ queryKey: queryKeys.nodeStatus, queryFn: () => transport.call('node.status', {}) });
}

/**
 * The protocols the node speaks (its registry), for labels and choices. Until the node answers, or if it cannot,
 * the built-in list stands in: labels and filters never wait on this call.
 */
export function useProtocols(): readonly ProtocolInfo[] {
  const transport = useTransport();
  const protocols = useQuery({ queryKey: queryKeys.protocols, queryFn: async () => (await transport.call('protocols.list', {})).protocols });
  return protocols.data ?? builtInProtocols;
}

/** Pause or resume receiving; the answer (and `receiving.changed`) patches the node's status in place. */
export function useSetReceiving() {
  const transport = useTransport();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (paused: boolean) => transport.call('receiving.set', { paused }),
    onSuccess: (receiving: ReceivingState) => client.setQueryData<NodeStatus>(queryKeys.nodeStatus, (old) => (old ? { ...old, receiving } : old)),
  });
}

/**
 * The desktop app's preferences, keychain, login item and update status; kept fresh by `desktop.changed`. Asked
 * for only in the desktop app: the web console has none of it (the node answers "unavailable" there).
 */
export function useDesktopState() {
  const transport = useTransport();
  const kind = useTransportKind();
  return useQuery({ queryKey: queryKeys.desktop, queryFn: () => transport.call('desktop.get', {}), enabled: kind === 'ipc' });
}

/**
 * Changes desktop preferences by part (only what changed travels). The answer is the state as the desktop kept
 * it; after a failure the state is asked for again rather than guessed.
 */
export function useDesktopUpdate() {
  const transport = useTransport();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: DesktopSettingsPatch) => transport.call('desktop.update', patch),
    onSuccess: (state: DesktopState) => client.setQueryData(queryKeys.desktop, state),
    onError: () => void client.invalidateQueries({ queryKey: queryKeys.desktop }),
  });
}

/** Looks for a newer release now; progress arrives as `desktop.changed`, the answer is where the check ended. */
export function useCheckForUpdates() {
  const transport = useTransport();
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => transport.call('desktop.checkForUpdates', {}),
    onSuccess: (updates) => client.setQueryData<DesktopState>(queryKeys.desktop, (old) => (old ? { ...old, updates } : old)),
  });
}

export function useInstallUpdate() {
  const transport = useTransport();
  return useMutation({ mutationFn: () => transport.call('desktop.installUpdate', {}) });
}

export function useSettings() {
  const transport = useTransport();
  return useQuery({ queryKey: queryKeys.settings, queryFn: () => transport.call('settings.get', {}) });
}

/** The address book (or what matches a search); shared by the Peers screen and code outside components. */
export function peerListQuery(transport: ControlTransport, search = '') {
  return queryOptions({ queryKey: queryKeys.peerList(search), queryFn: async () => (await transport.call('peers.list', search ? { search } : {})).peers });
}

export function usePeers(search = '') {
  const transport = useTransport();
  return useQuery(peerListQuery(transport, search));
}

export function usePeer(id: string | null) {
  const transport = useTransport();
  return useQuery({ queryKey: queryKeys.peer(id ?? ''), queryFn: () => transport.call('peers.get', { peer: id! }), enabled: id !== null });
}

export const TIMELINE_PAGE = 200;

/** Newest first, page by page backwards through history; the screen shows them oldest at the top. */
export function useTimeline(filter: MessageFilter) {
  const transport = useTransport();
  return useInfiniteQuery({
    queryKey: queryKeys.timelinePage(filter),
    queryFn: ({ pageParam }) =>
      transport.call('messages.list', { ...filter, limit: TIMELINE_PAGE, ...(pageParam ? { beforeId: pageParam } : {}) } as MethodInput<'messages.list'>),
    initialPageParam: 0,
    getNextPageParam: (last) => (last.hasMore ? last.messages.at(-1)?.id : undefined),
  });
}

/** One message in full (summaries carry a preview); shared by the drawer and a bubble's "Show more". */
export function messageQuery(transport: ControlTransport, id: number) {
  return queryOptions({ queryKey: queryKeys.message(id), queryFn: () => transport.call('messages.get', { id }) });
}

/** `enabled` false reads what is already loaded without asking (a collapsed bubble). */
export function useMessage(id: number | null, enabled = true) {
  const transport = useTransport();
  return useQuery({ ...messageQuery(transport, id ?? 0), enabled: id !== null && enabled });
}

/** How often the Dashboard asks for its plots while it is shown (a poll: a busy node pushes too many events to follow). */
export const DASHBOARD_INTERVAL_MS = 2000;

/**
 * The last hour a minute at a time, dead letters' top reasons, approvals waiting, last errors. Asked for every
 * DASHBOARD_INTERVAL_MS while a Dashboard is mounted and the window is visible (React Query pauses the interval
 * in the background), never per event: thousands of messages a second cost one call every two seconds.
 */
export function useDashboard(enabled = true) {
  const transport = useTransport();
  return useQuery({ queryKey: queryKeys.dashboard, queryFn: () => transport.call('metrics.dashboard', {}), refetchInterval: DASHBOARD_INTERVAL_MS, enabled });
}

export const EXPORT_PAGE = 1000;

/**
 * Reads the timeline for an export: pages `messages.export` (oldest first, whole texts) from the start to its end,
 * or to `upToId` (what the operator saw when they asked: messages arriving meanwhile are left for the next export),
 * handing each page to `onPage`. Stops between pages once `signal` aborts; a page in flight is then dropped.
 */
export function useExportMessages() {
  const transport = useTransport();
  return useCallback(
    async (filter: MessageFilter, { upToId, signal, onPage }: { upToId: number | null; signal: AbortSignal; onPage: (rows: ExportRow[]) => void }): Promise<void> => {
      const defined = Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined && value !== '')) as MessageFilter;
      let afterId = 0;
      while (!signal.aborted) {
        const page = await transport.call('messages.export', { ...defined, afterId, limit: EXPORT_PAGE } as MethodInput<'messages.export'>);
        if (signal.aborted) return;
        const rows = upToId === null ? page.rows : page.rows.filter((row) => row.id <= upToId);
        if (rows.length > 0) onPage(rows);
        if (page.nextAfterId === null || rows.length < page.rows.length) return;
        afterId = page.nextAfterId;
      }
    },
    [transport],
  );
}

/** Every peer's conversation, newest activity first, with unread counts; kept fresh by the event bridge. */
export function useConversations() {
  const transport = useTransport();
  return useQuery({ queryKey: queryKeys.conversations, queryFn: async () => (await transport.call('conversations.list', {})).conversations });
}

/**
 * Received messages the operator has not read, over every conversation (for the sidebar's badge). Each
 * conversation's count stops at 999, so the total is a lower bound past that; `formatUnread` writes "999+".
 */
export function useUnreadTotal(): number {
  const transport = useTransport();
  const conversations = useQuery({
    queryKey: queryKeys.conversations,
    queryFn: async () => (await transport.call('conversations.list', {})).conversations,
    select: (list) => list.reduce((total, conversation) => total + conversation.unread, 0),
  });
  return conversations.data ?? 0;
}

export function useOutbox() {
  const transport = useTransport();
  return useQuery({ queryKey: queryKeys.outbox, queryFn: () => transport.call('outbox.list', {}) });
}

export function useDeadLetters(peerId: string) {
  const transport = useTransport();
  return useQuery({
    queryKey: queryKeys.deadLetterList(peerId),
    queryFn: async () => (await transport.call('deadLetters.list', peerId ? { peerId, limit: 1000 } : { limit: 1000 })).deadLetters,
  });
}

/** The inbox: every status, pending first (the core's order); `pending` feeds the sidebar badge. */
export function useApprovals(status: ApprovalStatus | '' = '') {
  const transport = useTransport();
  return useQuery({ queryKey: queryKeys.approvalList(status), queryFn: () => transport.call('approvals.list', status ? { status, limit: 500 } : { limit: 500 }) });
}

export function useApiKeys() {
  const transport = useTransport();
  return useQuery({ queryKey: queryKeys.apiKeys, queryFn: async () => (await transport.call('keys.list', {})).keys });
}

export function useCredentials() {
  const transport = useTransport();
  return useQuery({ queryKey: queryKeys.credentials, queryFn: async () => (await transport.call('credentials.list', {})).credentials });
}

export function useInvites() {
  const transport = useTransport();
  return useQuery({ queryKey: queryKeys.invites, queryFn: async () => (await transport.call('invites.list', {})).invites });
}

/** A chat peer's handshake and session, refreshed by `chat.changed`. */
export function useChatStatus(peerId: string) {
  const transport = useTransport();
  return useQuery({ queryKey: queryKeys.chatStatus(peerId), queryFn: () => transport.call('chat.status', { peer: peerId }) });
}

/**
 * One inspection the operator asked for (see InspectionRequest: every Inspect is a new run). Never retried: a
 * retry would fetch and probe the target again; an unreachable target is a report, not an error. While a new run
 * of the same target loads, the previous report stays on screen.
 */
export function useInspection(request: { target: MethodInput<'inspector.inspect'>['target']; probe: boolean; run: number } | null, enabled = true) {
  const transport = useTransport();
  const target = request?.target ?? null;
  return useQuery({
    queryKey: queryKeys.inspection(target, request?.probe ?? false, request?.run ?? 0),
    queryFn: () => transport.call('inspector.inspect', { target: request!.target, probe: request!.probe }),
    enabled: request !== null && enabled,
    retry: false,
    placeholderData: (previous, previousQuery) => (previousQuery && JSON.stringify(previousQuery.queryKey[2]) === JSON.stringify(target) ? previous : undefined),
  });
}

/** A peer's last inspection (made when it was added, its URL changed, or by a watch); refreshed by `inspector.checked`. */
export function useLatestInspection(peerId: string | null, enabled = true) {
  const transport = useTransport();
  return useQuery({
    queryKey: queryKeys.inspectorLatest(peerId ?? ''),
    queryFn: async () => (await transport.call('inspector.latest', { peer: peerId! })).report,
    enabled: peerId !== null && enabled,
  });
}

/** "Inspect now" on a peer's page: the fresh report becomes what the page shows as the peer's latest. */
export function useInspectPeerNow(peerId: string) {
  const transport = useTransport();
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => transport.call('inspector.inspect', { target: { peer: peerId }, probe: false }),
    onSuccess: (report: InspectionReport) => client.setQueryData(queryKeys.inspectorLatest(peerId), report),
  });
}

export function useCardWatches() {
  const transport = useTransport();
  return useQuery({ queryKey: queryKeys.inspectorWatches, queryFn: async () => (await transport.call('inspector.watches', {})).watches });
}

/** The distinct cards a URL has published, newest first. */
export function useCardVersions(url: string | null) {
  const transport = useTransport();
  return useQuery({ queryKey: queryKeys.inspectorVersions(url ?? ''), queryFn: async () => (await transport.call('inspector.versions', { url: url! })).versions, enabled: url !== null });
}

/** What changed between two versions (versions never change, so neither does their diff). */
export function useCardDiff(from: number | null, to: number | null) {
  const transport = useTransport();
  return useQuery({
    queryKey: queryKeys.inspectorDiff(from ?? 0, to ?? 0),
    queryFn: async () => (await transport.call('inspector.diff', { from: from!, to: to! })).changes,
    enabled: from !== null && to !== null && from !== to,
  });
}

/** Earlier "Try it" exchanges with a URL, newest first. */
export function useTryItExchanges(url: string, limit = 20) {
  const transport = useTransport();
  return useQuery({ queryKey: queryKeys.inspectorExchangeList(url), queryFn: async () => (await transport.call('inspector.exchanges', { url, limit })).exchanges });
}

/** The JSON-RPC request "Try it" would send, and the masked credentials that would go with it; nothing is sent. */
export function useTryItPreview() {
  const transport = useTransport();
  return useMutation({ mutationFn: (input: MethodInput<'inspector.preview'>) => transport.call('inspector.preview', input) });
}

/** What a successful call of a method namespace (`peers.…`, `outbox.…`) may have changed, by query key. */
const invalidatedBy: Readonly<Record<string, readonly (readonly unknown[])[]>> = {
  peers: [queryKeys.peers],
  approvals: [queryKeys.approvals],
  keys: [queryKeys.keys],
  credentials: [queryKeys.keys],
  invites: [queryKeys.keys],
  chat: [queryKeys.chat],
  // The node's status holds the queued and dead-letter counts the Dashboard shows.
  outbox: [queryKeys.outbox, queryKeys.deadLetters, queryKeys.nodeStatus],
  deadLetters: [queryKeys.outbox, queryKeys.deadLetters, queryKeys.nodeStatus],
  inspector: [queryKeys.inspectorWatches],
};

/** A mutation for one control method; events refresh what it changed, so no manual invalidation is needed. */
export function useControlMutation<M extends MethodName>(method: M, options: { onSuccess?: (result: MethodResult<M>) => void } = {}) {
  const transport = useTransport();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: MethodInput<M>) => transport.call(method, input),
    onSuccess: (result) => {
      options.onSuccess?.(result);
      // Over IPC or HTTP the event normally arrives first; this covers a dropped event channel.
      for (const queryKey of invalidatedBy[method.split('.')[0] ?? ''] ?? []) void client.invalidateQueries({ queryKey });
    },
  });
}
