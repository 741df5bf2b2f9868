import type { AttachmentInfo } from './attachment';
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
  /**
   * A2A: where the task stands (`submitted`, `working`, `input-required`, `completed`, `canceled`, `failed`,
   * `rejected`, …) on the message that started or continued it; null for other messages.
   */
  taskState: string | null;
  /** A2A: the peer's latest interim status text for that task ("Received. A person is looking at it…"), shown as a status line. */
  statusText: string | null;
  /** Files that came (or go) with the message: name, type, size; their bytes are fetched on demand. */
  attachments: AttachmentInfo[];
}

/** A part of a message as received or sent: text, structured data, or a file described (never run). */
export type MessagePart =
  | { kind: 'text'; text: string }
  | { kind: 'data'; data: unknown }
  | { kind: 'file'; name: string | null; mediaType: string | null; size: number | null; url: string | null };

/** What an outbound message was sent as: the options the operator chose and the wire body of the last attempt. */
export interface SentAs {
  wake: boolean;
  encrypted: boolean;
  /** The request body of the latest attempt as it went on the wire, secrets redacted; null before the first attempt. */
  envelope: unknown;
  /** Where it was sent (the peer's endpoint), when known. */
  url: string | null;
}

export interface MessageDetail extends MessageSummary {
  /** Outbound messages: every delivery attempt, oldest first (of this message; a replay has its own). */
  attempts: DeliveryAttempt[];
  /** Outbound messages: how they were sent; null for received ones. */
  sentAs: SentAs | null;
  /** The message's parts when it had more than text (A2A data and file parts); null when it was plain text. */
  parts: MessagePart[] | null;
  /** The envelope as it travelled, secrets redacted. */
  raw: unknown;
  /** What else the node noted (schema warning, how it was fetched, …). */
  detail: string;
}

/** A message as `messages.export` writes it: whole text, one row per message, oldest first. */
export interface ExportRow {
  id: number;
  createdAt: string;
  direction: MessageDirection;
  protocol: PeerProtocol;
  peerName: string;
  traceId: string;
  idempotencyKey: string | null;
  status: MessageStatus;
  taskState: string | null;
  contextId: string | null;
  taskId: string | null;
  encrypted: boolean;
  content: string;
  /** What files came with it (their bytes stay in the node: `messages attachments ID --save DIR`). */
  attachments: Pick<AttachmentInfo, 'name' | 'mediaType' | 'size' | 'sha256' | 'url'>[];
}

/** One peer's conversation, for the Conversations list: its latest message and what the operator has not read. */
export interface Conversation {
  peerId: string;
  peerName: string;
  protocol: PeerProtocol;
  lastMessage: MessageSummary | null;
  /** Received messages after the last one the operator read in this conversation. */
  unread: number;
  /** The latest message's time (null when there is none yet). */
  lastActivityAt: string | null;
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
