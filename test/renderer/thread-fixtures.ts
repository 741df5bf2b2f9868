import type { Conversation, MessageDetail, MessageSummary } from '@shared/domain/message';
import type { DeliveryInfo } from '@shared/domain/delivery';
import type { Peer } from '@shared/domain/peer';

/** Peers, messages and conversations as the thread, drawer and Conversations tests need them; each test overrides what it is about. */
export function peer(overrides: Partial<Peer> = {}): Peer {
  return { id: 'peer_b', name: 'bob', protocol: 'secure', baseUrl: 'http://bob.example', notes: '', createdAt: '', updatedAt: '', lastSeenAt: null, hasOutboundSecret: true, hasAesKey: false, inboundSecrets: [], deliveryPaused: false, retryPolicy: null, redrive: null, gatewayPolicy: 'ask', ...overrides };
}

export function delivery(overrides: Partial<DeliveryInfo> = {}): DeliveryInfo {
  return { attempts: 1, maxAttempts: 3, nextAttemptAt: null, lastError: null, deadReason: null, nextRedriveAt: null, replayOf: null, replacedBy: null, discarded: false, response: null, ...overrides };
}

export function message(overrides: Partial<MessageSummary> = {}): MessageSummary {
  const content = overrides.content ?? `text ${overrides.id ?? 1}`;
  return {
    id: 1,
    peerId: 'peer_b',
    peerName: 'bob',
    direction: 'in',
    protocol: 'secure',
    traceId: `sb-${overrides.id ?? 1}`,
    idempotencyKey: null,
    schemaVersion: null,
    content,
    contentLength: content.length,
    encrypted: false,
    wake: false,
    wakeSeen: false,
    status: 'received',
    createdAt: new Date().toISOString(),
    delivery: null,
    contextId: null,
    taskId: null,
    taskState: null,
    statusText: null, attachments: [],
    ...overrides,
  };
}

export function sent(overrides: Partial<MessageSummary> = {}): MessageSummary {
  return message({ direction: 'out', status: 'delivered', delivery: delivery(), ...overrides });
}

export function detail(summary: MessageSummary, overrides: Partial<MessageDetail> = {}): MessageDetail {
  return { ...summary, attempts: [], sentAs: null, parts: null, raw: {}, detail: '', ...overrides };
}

export function conversation(overrides: Partial<Conversation> = {}): Conversation {
  return { peerId: 'peer_b', peerName: 'bob', protocol: 'secure', lastMessage: null, unread: 0, lastActivityAt: null, ...overrides };
}
