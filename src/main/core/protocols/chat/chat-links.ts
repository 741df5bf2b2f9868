import type WebSocket from 'ws';
import { z } from 'zod';
import type { ChatLinkInfo } from '../../../../shared/domain/chat';
import type { SendRequest } from '../../../../shared/domain/delivery';
import type { MessageSummary } from '../../../../shared/domain/message';
import type { Peer } from '../../../../shared/domain/peer';
import { CoreError } from '../../errors';
import { isoAt, type Clock } from '../../clock';
import type { Logger } from '../../logger';
import { classifyStatus, type AttemptResult } from '../../outbox/retry-policy';
import { parseFrame } from '../../server/ws-frame';
import type { AuditLog } from '../../store/audit-log';
import type { UnitOfWork } from '../../store/unit-of-work';
import type { MessageStore } from '../../store/message-store';
import type { PeerStore } from '../../store/peer-store';
import { ChatCallError, createChatClient, remoteMessage, type RemoteMessage } from './chat-client';
import { recordInboundChat } from './chat-inbound';
import type { Link, LinkStore } from './link-store';

export interface ChatTimings {
  /** How often a pending handshake's status is asked. */
  statusPollMs: number;
  /** How often messages are polled while the WebSocket is down. */
  pollMs: number;
  /** The longest wait between WebSocket reconnects. */
  reconnectMaxMs: number;
}

export const DEFAULT_CHAT_TIMINGS: ChatTimings = { statusPollMs: 3_000, pollMs: 5_000, reconnectMaxMs: 30_000 };
const RETRY_LATER_MS = 15_000;
const SEED_TOKEN_MINUTES = 15;

/** What a session's WebSocket carries: our server's `ready` and `message` envelopes, or the hosted service's bare messages. */
const streamFrame = z.union([
  z.object({ type: z.literal('ready') }).passthrough(),
  z.object({ type: z.literal('message'), message: z.unknown() }).passthrough(),
  z.object({ message_id: z.unknown() }).passthrough(),
]);

/** The node is stopping, or the link's peer was removed: whatever was under way just ends. */
class StoppedError extends Error {
  constructor(why = 'the node is stopping') {
    super(why);
  }
}

interface Live {
  timer: NodeJS.Timeout | null;
  rotation: NodeJS.Timeout | null;
  poller: NodeJS.Timeout | null;
  reconnect: NodeJS.Timeout | null;
  socket: WebSocket | null;
  stream: ChatLinkInfo['stream'];
  reconnectDelay: number;
  chain: Promise<unknown>;
}

/** When to rotate: a third of the token's life before it expires (about 10 min into the service's 15), at least a minute early. */
export function rotationDelay(expiresAt: string, issuedAt: number, now: number): number {
  const expires = Date.parse(expiresAt);
  const lead = Math.max(60_000, (expires - issuedAt) / 3);
  return Math.max(0, expires - lead - now);
}

/**
 * This node as requester on a2achat servers (seed 003): per chat peer it joins (the key sealed at once), asks for
 * a handshake with the peer's invite, waits for the inviter's approval, claims the session token, rotates it
 * before it expires, and keeps a WebSocket open for live messages — cursor polling while it is down, reconnecting
 * with backoff. Everything it receives is a remote party's text: stored and shown, never followed.
 */
export function createChatLinks(deps: {
  store: LinkStore;
  uow: UnitOfWork;
  peers: PeerStore;
  messages: MessageStore;
  clock: Clock;
  logger: Logger;
  audit: AuditLog;
  timings: () => ChatTimings;
  onMessage: (message: MessageSummary) => void;
  onChange: (peerId: string) => void;
  /** A session opened: messages waiting in the outbox for this peer can go now. */
  onActive: (peerId: string) => void;
}) {
  const live = new Map<string, Live>();
  let stopped = false;

  const liveFor = (peerId: string): Live => {
    let entry = live.get(peerId);
    if (!entry) {
      entry = { timer: null, rotation: null, poller: null, reconnect: null, socket: null, stream: 'offline', reconnectDelay: 1_000, chain: Promise.resolve() };
      live.set(peerId, entry);
    }
    return entry;
  };

  const update = (peerId: string, patch: Parameters<LinkStore['update']>[1]): Link => {
    // A network answer arriving after the node stopped must not touch the (closed) database.
    if (stopped) throw new StoppedError();
    const link = deps.store.update(peerId, patch);
    if (!link) throw new StoppedError('the peer was removed');
    deps.onChange(peerId);
    return link;
  };
  /** A step worth recording: the link's new state and its audit entry, as one change. */
  const updateAudited = (peerId: string, patch: Parameters<LinkStore['update']>[1], event: string, details: Record<string, unknown>): Link =>
    deps.uow.run(event, () => {
      const link = update(peerId, patch);
      deps.audit.audit(event, details);
      return link;
    });

  // A server that does not say when a token expires is taken at the seed's word: 15 minutes.
  const assumedExpiry = () => new Date(deps.clock.now() + SEED_TOKEN_MINUTES * 60_000).toISOString();
  const clientFor = (peer: Peer) => createChatClient(peer.baseUrl, deps.clock.now);
  const credentials = (link: Link) => ({ apiKey: link.apiKey ?? '', sessionToken: link.sessionToken ?? undefined });

  /** Runs one step at a time per peer, in order. */
  const serial = <T>(peerId: string, step: () => Promise<T>): Promise<T> => {
    const entry = liveFor(peerId);
    const next = entry.chain.then(step, step);
    entry.chain = next.catch(() => undefined);
    return next;
  };

  const later = (peerId: string, ms: number) => {
    const entry = liveFor(peerId);
    if (entry.timer) clearTimeout(entry.timer);
    if (stopped) return;
    entry.timer = setTimeout(() => void advance(peerId), ms);
    entry.timer.unref();
  };

  const closeStream = (peerId: string) => {
    const entry = liveFor(peerId);
    for (const timer of [entry.rotation, entry.poller, entry.reconnect]) if (timer) clearTimeout(timer);
    entry.rotation = null;
    entry.poller = null;
    entry.reconnect = null;
    const socket = entry.socket;
    entry.socket = null;
    entry.stream = 'offline';
    socket?.removeAllListeners();
    socket?.on('error', () => undefined);
    socket?.terminate();
  };

  /** One message from the peer's server, whatever way it came: parsed first, and skipped (said, not thrown) if it is not one. */
  const receive = (peer: Peer, raw: unknown) => {
    if (stopped) return;
    const link = deps.store.get(peer.id);
    if (!link) return;
    const parsed = remoteMessage.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      deps.logger.warn('a chat server sent a message this node cannot read; it was skipped', { peer: peer.name, issue: `${issue?.path.join('.') || 'message'}: ${issue?.message ?? 'invalid'}` });
      deps.store.update(peer.id, { lastError: `${peer.name}'s server sent a message without the fields a2achat messages have (${issue?.path.join('.') || 'message'}); it was skipped.` });
      deps.onChange(peer.id);
      return;
    }
    const message: RemoteMessage = parsed.data;
    // The message and the cursor past it move together: after a crash, polling resumes exactly after it.
    deps.uow.run('chat.receive', () => {
      if (!deps.messages.hasInboundMessageId(peer.id, message.message_id)) {
        recordInboundChat(deps, peer, { messageId: message.message_id, traceId: typeof message.trace_id === 'string' ? message.trace_id : null, idempotencyKey: null, content: message.content, sessionId: message.session_id ?? link.sessionId, raw: message });
      }
      deps.store.update(peer.id, {
        ...(message.cursor ? { pollCursor: message.cursor } : {}),
        ...(message.created_at ? { pollAfter: message.created_at } : {}),
      });
    });
  };

  const poll = async (peer: Peer) => {
    for (let page = 0; page < 20; page++) {
      const link = deps.store.get(peer.id);
      if (!link || link.state !== 'active' || !link.sessionId) return;
      const answer = await clientFor(peer).poll(credentials(link), {
        session_id: link.sessionId,
        agent_id: link.myAgentId,
        ...(link.pollCursor ? { cursor: link.pollCursor } : link.pollAfter ? { after: link.pollAfter } : {}),
      });
      for (const message of answer.messages ?? []) receive(peer, message);
      if (!answer.has_more) return;
    }
  };

  const schedulePoll = (peerId: string) => {
    const entry = liveFor(peerId);
    if (entry.poller || stopped) return;
    entry.poller = setTimeout(() => {
      entry.poller = null;
      if (stopped) return;
      const peer = deps.peers.get(peerId);
      if (!peer || entry.stream === 'websocket') return;
      void serial(peerId, () => poll(peer))
        .catch((error: unknown) => handleSessionError(peerId, error))
        .finally(() => {
          if (!stopped && entry.stream !== 'websocket' && deps.store.get(peerId)?.state === 'active') schedulePoll(peerId);
        });
    }, deps.timings().pollMs);
    entry.poller.unref();
  };

  const openStream = (peer: Peer, link: Link) => {
    const entry = liveFor(peer.id);
    if (entry.socket || stopped || !link.sessionId) return;
    const socket = clientFor(peer).stream(credentials(link), link.sessionId, link.myAgentId, link.pollCursor ?? '0');
    entry.socket = socket;
    socket.on('message', (data) => {
      const frame = parseFrame(data, streamFrame);
      if (!frame) return deps.logger.debug('chat stream frame that is not JSON of a known shape', { peer: peer.name });
      try {
        if (frame.type === 'ready') {
          entry.stream = 'websocket';
          entry.reconnectDelay = 1_000;
          deps.onChange(peer.id);
        } else if (frame.type === 'message') receive(peer, frame.message);
        // The hosted service sends bare messages (no envelope).
        else receive(peer, frame);
      } catch (error) {
        // A socket handler that throws would take the process down; a message that cannot be stored comes again by poll.
        if (!(error instanceof StoppedError)) deps.logger.warn('a chat stream message could not be stored', { peer: peer.name, error: error instanceof Error ? error.message : String(error) });
      }
    });
    socket.on('error', (error) => deps.logger.debug('chat stream error', { peer: peer.name, error: error.message }));
    socket.on('close', (code) => {
      if (entry.socket !== socket) return;
      entry.socket = null;
      entry.stream = 'polling';
      deps.onChange(peer.id);
      if (stopped) return;
      schedulePoll(peer.id);
      const delay = entry.reconnectDelay;
      entry.reconnectDelay = Math.min(entry.reconnectDelay * 2, deps.timings().reconnectMaxMs);
      // A token the server no longer takes is rotated (or the session re-requested) before reconnecting.
      const reconnect = () => {
        if (stopped) return;
        const current = deps.store.get(peer.id);
        if (current?.state === 'active' && !entry.socket) openStream(peer, current);
      };
      if (entry.reconnect) clearTimeout(entry.reconnect);
      entry.reconnect = setTimeout(() => {
        entry.reconnect = null;
        if (code === 4401) void serial(peer.id, () => rotate(peer.id)).then(reconnect, (error: unknown) => handleSessionError(peer.id, error));
        else reconnect();
      }, delay);
      entry.reconnect.unref();
    });
  };

  const scheduleRotation = (peerId: string, link: Link) => {
    const entry = liveFor(peerId);
    if (entry.rotation) clearTimeout(entry.rotation);
    if (!link.tokenExpiresAt || stopped) return;
    const issued = Date.parse(link.rotatedAt ?? link.updatedAt);
    entry.rotation = setTimeout(() => void serial(peerId, () => rotate(peerId)).catch((error: unknown) => handleSessionError(peerId, error)), rotationDelay(link.tokenExpiresAt, issued, deps.clock.now()));
    entry.rotation.unref();
  };

  const activate = (peer: Peer, link: Link) => {
    scheduleRotation(peer.id, link);
    openStream(peer, link);
    // Whatever arrived while this node was down comes by poll too (the stream only carries what is new).
    void serial(peer.id, () => poll(peer)).catch((error: unknown) => handleSessionError(peer.id, error));
  };

  async function rotate(peerId: string): Promise<Link> {
    const peer = deps.peers.get(peerId);
    const link = deps.store.get(peerId);
    if (!peer || !link?.sessionId || !link.sessionToken) throw new ChatCallError(401, 'no_session', 'there is no session to rotate');
    const answer = await clientFor(peer).rotate(credentials(link), link.sessionId, link.myAgentId);
    const next = updateAudited(peerId, { sessionToken: answer.session_token, tokenExpiresAt: answer.expires_at ?? assumedExpiry(), rotatedAt: isoAt(deps.clock), lastError: null }, 'chat.token_rotated', { peer: peer.name });
    closeStream(peerId);
    scheduleRotation(peerId, next);
    openStream(peer, next);
    return next;
  }

  /** A session that stopped working: the token is gone, so the handshake starts again (the inviter approves anew). */
  const handleSessionError = (peerId: string, error: unknown) => {
    // It runs at the end of detached chains (polls, rotations, reconnects), so nothing may escape it: a link
    // removed meanwhile, or a node stopping, simply ends the chain.
    if (stopped || error instanceof StoppedError || !deps.store.get(peerId)) return;
    try {
      recover(peerId, error);
    } catch (failed) {
      if (!(failed instanceof StoppedError)) deps.logger.warn('chat link could not record a failed step', { peerId, error: failed instanceof Error ? failed.message : String(failed) });
    }
  };
  const recover = (peerId: string, error: unknown) => {
    const failure = error instanceof ChatCallError ? error : null;
    deps.logger.debug('chat session step failed', { peerId, error: error instanceof Error ? error.message : String(error) });
    if (failure && (failure.status === 401 || failure.status === 404)) {
      closeStream(peerId);
      update(peerId, { state: 'requesting', sessionId: null, sessionToken: null, tokenExpiresAt: null, requestId: null, lastError: `The session ended (${failure.code}); a new handshake was requested.` });
      later(peerId, 0);
    } else if (failure) {
      update(peerId, { lastError: failure.message });
    }
  };

  /** One step of the handshake, from wherever the link stands. */
  async function step(peerId: string): Promise<void> {
    const peer = deps.peers.get(peerId);
    let link = deps.store.get(peerId);
    if (!peer || !link || stopped) return;
    if (!peer.baseUrl) {
      update(peerId, { state: 'error', lastError: 'The peer has no server URL.' });
      return;
    }
    const client = clientFor(peer);
    try {
      if (!link.apiKey) {
        const joined = await client.join(link.myAgentId);
        link = updateAudited(peerId, { apiKey: joined.api_key, state: 'requesting', lastError: null }, 'chat.joined', { peer: peer.name, agentId: link.myAgentId });
      }
      if (link.state === 'joining' || link.state === 'requesting') {
        const requested = await client.request(credentials(link), { inviter_agent_id: link.remoteAgentId, requester_agent_id: link.myAgentId, invite_token: link.inviteToken });
        link = update(peerId, { state: 'pending', requestId: requested.request_id, requestExpiresAt: requested.expires_at ?? null, lastError: null });
      }
      if (link.state === 'pending' && link.requestId) {
        const status = await client.status(credentials(link), link.requestId, link.myAgentId);
        if (status.status === 'pending') return later(peerId, deps.timings().statusPollMs);
        if (status.status === 'rejected') {
          update(peerId, { state: 'rejected', lastError: `${link.remoteAgentId} declined the handshake.` });
          return;
        }
        if (status.status === 'approved' && status.session_token && status.session_id) {
          // Stored before anything else: the hosted service hands the token out once.
          link = updateAudited(
            peerId,
            {
              state: 'active',
              sessionId: status.session_id,
              sessionToken: status.session_token,
              tokenExpiresAt: status.expires_at ?? assumedExpiry(),
              rotatedAt: null,
              pollCursor: null,
              pollAfter: null,
              lastError: null,
            },
            'chat.session_opened',
            { peer: peer.name, sessionId: status.session_id },
          );
          deps.onActive(peerId);
        } else {
          update(peerId, { state: 'error', lastError: 'The session was approved but its token was already claimed elsewhere; request the handshake again.' });
          return;
        }
      }
      if (link.state === 'active') activate(peer, link);
    } catch (error) {
      if (stopped) return;
      if (!(error instanceof ChatCallError)) throw error;
      if (error.code === 'agent_id_taken') {
        update(peerId, { state: 'error', lastError: `The agent id ${link.myAgentId} is taken on ${client.base}; choose another on this peer's page.` });
      } else if (error.code === 'request_expired' || (error.status === 404 && link.state === 'pending')) {
        update(peerId, { state: 'expired', lastError: 'The handshake request expired before it was approved.' });
      } else if (error.status === 401 && link.state !== 'active') {
        // The key is no longer taken (the server forgot us): join again.
        update(peerId, { apiKey: null, state: 'joining', lastError: error.message });
        later(peerId, RETRY_LATER_MS);
      } else if (error.status !== null && error.status < 500 && error.status !== 429) {
        update(peerId, { state: 'error', lastError: `${error.message} (${error.status})` });
      } else {
        update(peerId, { lastError: error.message });
        later(peerId, error.retryAfterMs ?? RETRY_LATER_MS);
      }
    }
  }

  const advance = (peerId: string) =>
    serial(peerId, () => step(peerId)).catch((error: unknown) => {
      if (!stopped && !(error instanceof StoppedError)) deps.logger.warn('chat link step failed', { peerId, error: error instanceof Error ? error.message : String(error) });
    });

  return {
    /** Stores a new link (inside the caller's unit of work); `advance` starts its handshake once committed. */
    create(peer: Peer, input: { myAgentId: string; remoteAgentId: string; inviteToken: string }) {
      deps.store.create(peer.id, input);
    },
    advance(peerId: string) {
      void advance(peerId);
    },
    has: (peerId: string) => deps.store.get(peerId) !== null,
    info(peerId: string): ChatLinkInfo | null {
      const link = deps.store.get(peerId);
      return link ? deps.store.info(link, live.get(peerId)?.stream ?? 'offline') : null;
    },

    start() {
      stopped = false;
      for (const peerId of deps.store.peerIds()) void advance(peerId);
    },
    stop() {
      stopped = true;
      for (const [peerId, entry] of live) {
        if (entry.timer) clearTimeout(entry.timer);
        closeStream(peerId);
      }
    },

    /**
     * Other agent ids or a new invite (inside the caller's unit of work): the session and request named the old
     * ones, so they are dropped and a new handshake starts once committed; a new own id must join again.
     */
    changeIdentity(peerId: string, change: { remoteAgentId?: string | undefined; myAgentId?: string | undefined; inviteToken?: string | undefined }) {
      const link = deps.store.get(peerId);
      if (!link) throw new CoreError('invalid_input', 'This peer is not a chat link this node requested.');
      const rejoin = change.myAgentId !== undefined && change.myAgentId !== link.myAgentId;
      deps.store.update(peerId, {
        ...change,
        ...(rejoin ? { apiKey: null } : {}),
        state: rejoin || !link.apiKey ? 'joining' : 'requesting',
        requestId: null,
        requestExpiresAt: null,
        sessionId: null,
        sessionToken: null,
        tokenExpiresAt: null,
        lastError: null,
      });
      deps.uow.afterCommit(() => {
        closeStream(peerId);
        void advance(peerId);
      });
    },

    /** Asks again: a new handshake request (joining first when the key is gone). */
    async retryHandshake(peerId: string) {
      const link = deps.store.get(peerId);
      if (!link) throw new CoreError('invalid_input', 'This peer is not a chat link this node requested.');
      closeStream(peerId);
      update(peerId, { state: link.apiKey ? 'requesting' : 'joining', requestId: null, requestExpiresAt: null, sessionId: null, sessionToken: null, tokenExpiresAt: null, lastError: null });
      await advance(peerId);
    },
    endSession(peerId: string) {
      updateAudited(peerId, { state: 'ended', sessionToken: null, tokenExpiresAt: null, lastError: null }, 'chat.session_left', { peerId });
      // Only once "ended" is on disk does the stream stop (a rolled-back end leaves the session running).
      deps.uow.afterCommit(() => closeStream(peerId));
    },
    /** The peer is going: nothing more is sent or fetched for it (its link row goes with the peer). */
    forget(peerId: string) {
      const entry = live.get(peerId);
      if (entry?.timer) clearTimeout(entry.timer);
      closeStream(peerId);
      live.delete(peerId);
    },
    rotateNow: (peerId: string) => serial(peerId, () => rotate(peerId)),

    /** The outbox's delivery to a linked chat peer; a rejected token gets one rotation before the message dies. */
    async deliver(peer: Peer, request: SendRequest, recordSent?: (url: string, body: unknown) => void): Promise<AttemptResult> {
      const link = deps.store.get(peer.id);
      if (!link || link.state !== 'active' || !link.sessionId || !link.sessionToken) {
        const why = link?.state === 'pending' ? `waiting for ${peer.name} to approve the handshake` : `no open session with ${peer.name} (${link?.state ?? 'not linked'})`;
        return { kind: 'retry', statusCode: null, error: why, retryAfterMs: RETRY_LATER_MS };
      }
      const body = { session_id: link.sessionId, sender_agent_id: link.myAgentId, recipient_agent_id: link.remoteAgentId, content: request.text, idempotency_key: request.idempotencyKey, trace_id: request.traceId };
      recordSent?.(`${peer.baseUrl}/v1/messages/send`, body);
      try {
        const answer = await clientFor(peer).send(credentials(link), body);
        return { kind: 'delivered', statusCode: 200, response: answer };
      } catch (error) {
        if (!(error instanceof ChatCallError)) throw error;
        if (error.status === 401) {
          try {
            await serial(peer.id, () => rotate(peer.id));
            return { kind: 'retry', statusCode: 401, error: `${error.message}; the session token was rotated, sending again`, retryAfterMs: 0 };
          } catch (rotation) {
            handleSessionError(peer.id, rotation);
            return { kind: 'failed', statusCode: null, error: `${peer.name}'s server refused the session (${error.code}) and it could not be renewed; a new handshake was requested. Replay this message once it is approved.` };
          }
        }
        if (error.status === null) return { kind: 'retry', statusCode: null, error: `connection error: ${error.message}` };
        const kind = classifyStatus(error.status);
        if (kind === 'retry') return { kind, statusCode: error.status, error: `${error.status} ${error.code}: ${error.message}`, ...(error.retryAfterMs !== null ? { retryAfterMs: error.retryAfterMs } : {}) };
        return { kind: 'failed', statusCode: error.status, error: `${peer.name}'s server refused the message (${error.status} ${error.code}): ${error.message}` };
      }
    },
  };
}

export type ChatLinks = ReturnType<typeof createChatLinks>;
