import type { MessageFilter } from '@shared/domain/message';

/** Every query key comes from here, so events can invalidate exactly what they change. */
export const queryKeys = {
  nodeStatus: ['node', 'status'] as const,
  protocols: ['protocols'] as const,
  settings: ['settings'] as const,
  /** The desktop app's own state (only ever fetched over IPC). */
  desktop: ['desktop'] as const,
  audit: ['audit'] as const,
  peers: ['peers'] as const,
  peerList: (search: string) => ['peers', 'list', search] as const,
  peer: (id: string) => ['peers', 'one', id] as const,
  timeline: ['timeline'] as const,
  timelinePage: (filter: MessageFilter) => ['timeline', 'pages', filter] as const,
  message: (id: number) => ['message', id] as const,
  /** A stored file's bytes (for a preview): they never change once stored. */
  attachmentContent: (id: number) => ['attachments', 'content', id] as const,
  conversations: ['conversations'] as const,
  /** The Dashboard's plots and what needs the operator: polled while shown, never invalidated by events. */
  dashboard: ['metrics', 'dashboard'] as const,
  outbox: ['outbox'] as const,
  deadLetters: ['deadLetters'] as const,
  deadLetterList: (peerId: string) => ['deadLetters', 'list', peerId] as const,
  approvals: ['approvals'] as const,
  approvalList: (status: string) => ['approvals', 'list', status] as const,
  apiKeys: ['keys', 'api'] as const,
  credentials: ['keys', 'credentials'] as const,
  keys: ['keys'] as const,
  invites: ['keys', 'invites'] as const,
  chat: ['chat'] as const,
  chatStatus: (peerId: string) => ['chat', peerId] as const,
  // The inspector has no key for all of it on purpose: invalidating a report would fetch the card (and probe) again.
  inspection: (target: unknown, probe: boolean, run: number) => ['inspector', 'report', target, probe, run] as const,
  inspectorLatests: ['inspector', 'latest'] as const,
  inspectorLatest: (peerId: string) => ['inspector', 'latest', peerId] as const,
  inspectorWatches: ['inspector', 'watches'] as const,
  inspectorVersions: (url: string) => ['inspector', 'versions', url] as const,
  inspectorDiff: (from: number, to: number) => ['inspector', 'diff', from, to] as const,
  inspectorExchanges: ['inspector', 'exchanges'] as const,
  inspectorExchangeList: (url: string) => ['inspector', 'exchanges', url] as const,
};
