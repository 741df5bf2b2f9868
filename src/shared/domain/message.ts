import type { DeliveryAttempt, DeliveryInfo } from './delivery';
import type { PeerProtocol } from './peer';

export type MessageDirection = 'in' | 'out';

/** Inbound messages are `received`; outbound ones move queued → sending → delivered | retrying | dead. */
export type MessageStatus = 'received' | 'queued' | 'sending' | 'retrying' | 'delivered' | 'dead';

export const messageStatuses: readonly MessageStatus[] = ['received', 'queued', 'sending', 'retrying', 'delivered', 'dead'];

/** One row of the timeline. `content` is a preview; the detail view has all of it. */
export interface MessageSummary {
  id: number;
  peerId: string | null;
  peerName: string;
  direction: MessageDirection;
  protocol: PeerProtocol;
  traceId: string;
  idempotencyKey: string | null;
  schemaVersion: string | null;
  content: string;
  contentLength: number;
  encrypted: boolean;
  wake: boolean;
  wakeSeen: boolean;
  status: MessageStatus;
  createdAt: string;
  /** Outbound messages: attempts, next attempt, why it died. */
  delivery: DeliveryInfo | null;
  /** A2A: the conversation (contextId) and task the message belongs to. */
  contextId: string | null;
  taskId: string | null;
}

export interface MessageDetail extends MessageSummary {
  /** Outbound messages: every delivery attempt, oldest first. */
  attempts: DeliveryAttempt[];
  /** The envelope as it travelled, secrets redacted. */
  raw: unknown;
  /** What else the node noted (schema warning, how it was fetched, …). */
  detail: string;
}

export interface MessageFilter {
  peerId?: string | undefined;
  direction?: MessageDirection | undefined;
  status?: MessageStatus | undefined;
  protocol?: PeerProtocol | undefined;
  traceId?: string | undefined;
  text?: string | undefined;
}

export const MESSAGE_PREVIEW_CHARS = 400;

/** The same predicate the database applies, for patching live lists from pushed events. */
export function matchesMessageFilter(message: MessageSummary, filter: MessageFilter): boolean {
  if (filter.peerId && message.peerId !== filter.peerId) return false;
  if (filter.direction && message.direction !== filter.direction) return false;
  if (filter.status && message.status !== filter.status) return false;
  if (filter.protocol && message.protocol !== filter.protocol) return false;
  if (filter.traceId && message.traceId !== filter.traceId) return false;
  if (filter.text && !message.content.toLowerCase().includes(filter.text.toLowerCase())) return false;
  return true;
}
