import type { ChatPeerStatus } from '../../../../shared/domain/chat';
import type { SendRequest } from '../../../../shared/domain/delivery';
import type { Peer } from '../../../../shared/domain/peer';
import { ControlError } from '../../../../shared/control-error';
import { randomToken } from '../../crypto/tokens';
import type { AttemptResult } from '../../outbox/retry-policy';
import { ChatError, createChatHost } from './chat-host';
import { createChatLinks, DEFAULT_CHAT_TIMINGS, type ChatTimings } from './chat-links';
import { registerChatRoutes, type ChatLimits } from './chat-routes';
import { createChatHostStore } from './host-store';
import { createLinkStore } from './link-store';
import type { ProtocolContext } from '../protocol-context';

export const DEFAULT_CHAT_LIMITS: ChatLimits = { joinsPerMinute: 10, requestsPerMinute: 120 };

/** a2achat both ways, assembled: the hosted API on the public listener, the requester links, and delivery. */
export function createChatProtocol(deps: ProtocolContext & {
  limits?: ChatLimits | undefined;
  timings?: Partial<ChatTimings> | undefined;
  extraMetrics: () => Record<string, number>;
  /** A requested session opened: what waits in the outbox for that peer can go now. */
  onSessionReady: (peerId: string) => void;
}) {
  const changed = (peerId: string | null) => deps.events.emit('chat.changed', { peerId });
  const host = createChatHost({
    store: createChatHostStore({ db: deps.db, vault: deps.vault, clock: deps.clock }),
    peers: deps.peers,
    messages: deps.messages,
    approvals: deps.approvals,
    settings: () => deps.settings.chat(),
    clock: deps.clock,
    audit: deps.audit,
    logger: deps.logger,
    onMessage: deps.onMessage,
    onChange: (peerId) => {
      changed(peerId);
      deps.events.emit('peers.changed', { peerId });
    },
  });
  const timings = { ...DEFAULT_CHAT_TIMINGS, ...deps.timings };
  const links = createChatLinks({
    store: createLinkStore({ db: deps.db, vault: deps.vault, clock: deps.clock }),
    peers: deps.peers,
    messages: deps.messages,
    clock: deps.clock,
    logger: deps.logger,
    audit: deps.audit,
    timings: () => timings,
    onMessage: deps.onMessage,
    onChange: changed,
    onActive: deps.onSessionReady,
  });
  registerChatRoutes(deps.app, { host, limits: () => deps.limits ?? DEFAULT_CHAT_LIMITS, audit: deps.audit, logger: deps.logger, now: () => deps.clock.now(), extraMetrics: deps.extraMetrics });

  const status = (peer: Peer): ChatPeerStatus => ({ link: links.info(peer.id), hosted: host.hostedSessions(peer.id) });
  const chatPeer = (peerRef: string) => {
    const peer = deps.peers.resolve(peerRef);
    if (peer.protocol !== 'chat') throw new ControlError('invalid_input', `${peer.name} is not a chat peer.`);
    return peer;
  };

  return {
    host,
    links,
    status: (peerRef: string) => status(chatPeer(peerRef)),

    /** A new chat peer on another server: the link starts joining and requesting at once. */
    link(peer: Peer, input: { remoteAgentId: string; inviteToken: string; myAgentId?: string | undefined }) {
      links.create(peer, { remoteAgentId: input.remoteAgentId, inviteToken: input.inviteToken, myAgentId: input.myAgentId ?? deps.settings.chat().agentId });
    },

    endSession(peerRef: string): ChatPeerStatus {
      const peer = chatPeer(peerRef);
      if (links.has(peer.id)) links.endSession(peer.id);
      else if (host.endSessions(peer.id) === 0) throw new ControlError('conflict', `${peer.name} has no open session.`);
      changed(peer.id);
      return status(peer);
    },

    async retryHandshake(peerRef: string): Promise<ChatPeerStatus> {
      const peer = chatPeer(peerRef);
      if (!links.has(peer.id)) throw new ControlError('invalid_input', `${peer.name} connected to you; it requests its own handshakes.`);
      await links.retryHandshake(peer.id);
      return status(peer);
    },

    publishInvite(input: { token?: string | undefined; expiresInSeconds?: number | undefined; maxUses?: number | undefined }) {
      const token = input.token ?? `inv_${randomToken(18)}`;
      const invite = host.publishInvite(token, input);
      deps.events.emit('keys.changed', {});
      return { invite, token };
    },
    revokeInvite(target: { id?: number | undefined; token?: string | undefined }) {
      const invite = host.revokeInvite(target);
      deps.events.emit('keys.changed', {});
      return invite;
    },

    /** Delivery for chat peers: over the link's session, or into the session this node hosts for the peer. */
    async deliver(peer: Peer, request: SendRequest): Promise<AttemptResult> {
      if (links.has(peer.id)) return links.deliver(peer, request);
      try {
        const row = host.deliverLocal(peer, request.text, request.idempotencyKey);
        return { kind: 'delivered', statusCode: 200, response: { message_id: row.message_id, session_id: row.session_id, cursor: String(row.cursor) } };
      } catch (error) {
        if (error instanceof ChatError) return { kind: 'failed', statusCode: null, error: error.message };
        throw error;
      }
    },

    start() {
      links.start();
    },
    stop() {
      links.stop();
    },
    sweep: () => host.sweep(),
  };
}

export type ChatProtocol = ReturnType<typeof createChatProtocol>;
