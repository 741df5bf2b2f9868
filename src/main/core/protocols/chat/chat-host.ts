import type { ChatInvite, ChatSettings } from '../../../../shared/domain/chat';
import type { MessageSummary } from '../../../../shared/domain/message';
import type { Peer } from '../../../../shared/domain/peer';
import { CoreError } from '../../errors';
import { z } from 'zod';
import type { ApprovalKindSpec } from '../../approvals/approval-kind';
import type { ApprovalsService } from '../../approvals/approvals-service';
import { isoAt, type Clock } from '../../clock';
import { prefixedId as prefixed } from '../../crypto/ids';
import { randomToken } from '../../crypto/tokens';
import type { Logger } from '../../logger';
import type { AuditLog } from '../../store/audit-log';
import type { MessageStore } from '../../store/message-store';
import type { PeerStore } from '../../store/peer-store';
import { secretHint } from '../../store/peer-store';
import type { UnitOfWork } from '../../store/unit-of-work';
import { recordInboundChat } from './chat-inbound';
import type { AgentRow, ChatHostStore, ChatMessageRow, HandshakeRow, SessionRow } from './host-store';

export const CHAT_SCOPES = ['chat:write', 'chat:read'] as const;
export type ChatScope = (typeof CHAT_SCOPES)[number];

/** How long a rotated-out token keeps working, so messages in flight with it still land. */
export const ROTATION_OVERLAP_MS = 60_000;
const POLL_LIMIT_MAX = 200;

/** An answer of the a2achat contract other than 200: its status, a stable `error` code and a sentence. */
export class ChatError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 413 | 415 | 422 | 426 | 429,
    readonly error: string,
    message: string,
  ) {
    super(message);
    this.name = 'ChatError';
  }
}

export interface WireMessage {
  message_id: string;
  session_id: string;
  sender_agent_id: string;
  recipient_agent_id: string;
  content: string;
  created_at: string;
  cursor: string;
  /** Switchboard's extension: the exchange's trace id (a2achat servers and clients that do not know it ignore it). */
  trace_id?: string;
}

export function wireMessage(row: ChatMessageRow): WireMessage {
  return {
    message_id: row.message_id,
    session_id: row.session_id,
    sender_agent_id: row.sender_agent_id,
    recipient_agent_id: row.recipient_agent_id,
    content: row.content,
    created_at: row.created_at,
    cursor: String(row.cursor),
    ...(row.trace_id ? { trace_id: row.trace_id } : {}),
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** What a handshake request in the inbox holds (parsed whenever it is read back). */
const handshakeDetail = z.object({ requestId: z.string().min(1), requester: z.string(), invite: z.string().optional(), inviteId: z.number().optional(), joinedAt: z.string().optional() });

/** A peer name for an agent id (peer names allow fewer characters than agent ids). */
function peerNameFor(agentId: string): string {
  return agentId.replace(/[^\p{L}\p{N} ._@-]+/gu, '-').replace(/^[^\p{L}\p{N}]+/u, '').slice(0, 64) || 'chat-agent';
}

/**
 * This node as an a2achat server (seed 003). Its operator is the one inviter: agents join, present one of the
 * operator's invite tokens, and wait in the Approvals inbox until the operator approves by click; each side then
 * holds its own short-lived session token, rotated before it expires. Messages to the operator land in the
 * timeline; the operator's own go out through the outbox into the session, where the requester polls or streams.
 */
export function createChatHost(deps: {
  store: ChatHostStore;
  uow: UnitOfWork;
  peers: PeerStore;
  messages: MessageStore;
  approvals: ApprovalsService;
  settings: () => ChatSettings;
  clock: Clock;
  audit: AuditLog;
  logger: Logger;
  onMessage: (message: MessageSummary) => void;
  onChange: (peerId: string | null) => void;
}) {
  const { store, clock } = deps;
  /** `respond` calls under way, by request id, and the inviter token their approval made (its value is never stored). */
  const responding = new Map<string, { token: string; expiresAt: string } | null>();
  const listeners = new Map<string, Set<{ agentId: string; push: (message: WireMessage) => void; close: (reason: string) => void }>>();
  const own = () => deps.settings().agentId;

  const publish = (row: ChatMessageRow) => {
    for (const listener of listeners.get(row.session_id) ?? []) {
      if (listener.agentId === row.recipient_agent_id) listener.push(wireMessage(row));
    }
  };

  const peerForAgent = (agent: AgentRow): Peer => {
    const linked = agent.peer_id ? deps.peers.get(agent.peer_id) : null;
    if (linked) return linked;
    const base = peerNameFor(agent.agent_id);
    const taken = deps.peers.getByName(base);
    const name = !taken ? base : `${base.slice(0, 57)} (chat)`;
    const peer = deps.peers.getByName(name) ?? deps.peers.add({ name, protocol: 'chat', baseUrl: '', notes: `a2achat agent ${agent.agent_id}, connected to this node by handshake.` });
    store.setAgentPeer(agent.agent_id, peer.id);
    return peer;
  };

  const issueToken = (sessionId: string, agentId: string, keepSealed: boolean) => {
    const token = `st_${randomToken(32)}`;
    const expiresAt = iso(clock.now() + deps.settings().sessionMinutes * 60_000);
    store.insertToken(sessionId, agentId, token, expiresAt, keepSealed);
    return { token, expiresAt };
  };

  /**
   * A handshake waiting for the operator. Approving opens the session (tokens for both sides, a peer for the
   * requester); the session, its tokens and the handshake's outcome are written with the decision, in one unit.
   */
  const handshakeKind: ApprovalKindSpec<z.output<typeof handshakeDetail>> = {
    kind: 'chat.handshake',
    label: 'chat handshake',
    verb: 'wants to connect',
    detail: handshakeDetail,
    actions: () => ['approve', 'reject'],
    decide(_approval, detail, decision) {
      const { requestId } = detail;
      const handshake = store.handshake(requestId);
      if (!handshake || handshake.status !== 'pending') return { status: decision.action === 'approve' ? 'approved' : 'rejected' };
      if (decision.action === 'approve') {
        const agent = store.agent(handshake.requester_agent_id);
        if (!agent) throw new CoreError('not_found', `${handshake.requester_agent_id} no longer exists on this node.`);
        return {
          status: 'approved',
          commit() {
            const sessionId = prefixed('sess_');
            const peer = peerForAgent(agent);
            store.insertSession({ sessionId, requestId, inviter: handshake.inviter_agent_id, requester: handshake.requester_agent_id, peerId: peer.id });
            // Only the inviter's digest is kept; its value goes to a `respond` waiting for this decision, if any.
            const inviterToken = issueToken(sessionId, handshake.inviter_agent_id, false);
            if (responding.has(requestId)) responding.set(requestId, inviterToken);
            issueToken(sessionId, handshake.requester_agent_id, true);
            if (!store.decideHandshake(requestId, 'approved', sessionId)) throw new CoreError('conflict', 'This handshake request was decided meanwhile.');
            deps.audit.audit('chat.handshake_approved', { requestId, requester: handshake.requester_agent_id, sessionId });
            deps.onChange(peer.id);
          },
        };
      }
      const status = decision.action === 'expire' ? 'expired' : 'rejected';
      return {
        status,
        commit() {
          store.decideHandshake(requestId, status, null);
          deps.audit.audit(`chat.handshake_${status}`, { requestId, requester: handshake.requester_agent_id });
        },
      };
    },
  };
  deps.approvals.register(handshakeKind);

  /** The session a token opens, for this agent: every way it can fail is a clear 401/403/404. */
  const sessionFor = (agent: AgentRow, sessionId: unknown, token: string | undefined): SessionRow => {
    if (typeof sessionId !== 'string' || !sessionId) throw new ChatError(422, 'validation_error', 'session_id is required.');
    const session = store.session(sessionId);
    if (!session) throw new ChatError(404, 'unknown_session', `There is no session ${sessionId.slice(0, 80)}.`);
    if (session.inviter_agent_id !== agent.agent_id && session.requester_agent_id !== agent.agent_id) {
      throw new ChatError(403, 'not_a_participant', `${agent.agent_id} is not a participant of this session.`);
    }
    if (!token) throw new ChatError(401, 'missing_session_token', 'Send the session token in X-Session-Token.');
    const row = store.tokenByValue(token);
    if (!row || row.session_id !== session.session_id || row.agent_id !== agent.agent_id) throw new ChatError(401, 'invalid_session_token', 'The session token is not valid for this session and agent.');
    if (session.ended_at) throw new ChatError(401, 'session_ended', 'This session was ended; request a new handshake.');
    const now = isoAt(clock);
    if (row.retire_at && row.retire_at <= now) throw new ChatError(401, 'session_token_rotated', 'This session token was replaced by a rotation; use the new one.');
    if (row.expires_at <= now) throw new ChatError(401, 'session_token_expired', 'The session token expired; rotate before expiry, or request a new handshake.');
    if (!row.first_used_at) store.markUsed(row.id);
    return session;
  };

  /** Expired, whether or not the expiry sweep has marked it yet. */
  const lapsed = (handshake: HandshakeRow) => handshake.status === 'expired' || (handshake.status === 'pending' && handshake.expires_at <= isoAt(clock));

  const otherParty = (session: SessionRow, agentId: string) => (session.inviter_agent_id === agentId ? session.requester_agent_id : session.inviter_agent_id);

  /** Stores one message (once per idempotency key) and, when it is for this node's operator, shows it. */
  const store1 = (session: SessionRow, sender: string, content: string, idempotencyKey: string | null, traceId: string | null = null): { row: ChatMessageRow; duplicate: boolean } => {
    if (idempotencyKey) {
      const existing = store.messageByKey(session.session_id, sender, idempotencyKey);
      if (existing) return { row: existing, duplicate: true };
    }
    const recipient = otherParty(session, sender);
    const row = store.insertMessage({ messageId: prefixed('msg_', 12), sessionId: session.session_id, sender, recipient, content, idempotencyKey, traceId });
    if (recipient === session.inviter_agent_id && session.peer_id) {
      const peer = deps.peers.get(session.peer_id);
      if (peer) {
        const raw = { session_id: row.session_id, message_id: row.message_id, sender_agent_id: sender, recipient_agent_id: recipient, created_at: row.created_at };
        recordInboundChat(deps, peer, { messageId: row.message_id, traceId: row.trace_id, idempotencyKey, content, sessionId: row.session_id, raw });
      }
    }
    return { row, duplicate: false };
  };

  const checkContent = (content: unknown, field = 'content'): string => {
    if (typeof content !== 'string' || content.length === 0) throw new ChatError(422, 'validation_error', `${field} must be a non-empty string.`);
    if (content.length > 64_000) throw new ChatError(422, 'validation_error', `${field} is longer than 64000 characters.`);
    return content;
  };

  return {
    own,
    hosting: () => deps.settings().hosting,

    join(agentId: string, scopes: readonly ChatScope[]) {
      if (agentId === own()) throw new ChatError(400, 'agent_id_taken', `The agent id ${agentId} is taken on this node.`);
      if (store.agent(agentId)) throw new ChatError(400, 'agent_id_taken', `The agent id ${agentId} is taken on this node; choose another.`);
      const apiKey = `ak_a2a_chat_${randomToken(32)}`;
      const keyId = prefixed('key_', 8);
      deps.uow.run('chat.join', () => {
        store.insertAgent(agentId, keyId, apiKey, [...scopes]);
        deps.audit.audit('chat.agent_joined', { agentId, keyId });
      });
      return { status: 'joined', agent_id: agentId, api_key: apiKey, key_id: keyId, scopes: [...scopes] };
    },

    authenticate(apiKey: string): AgentRow | null {
      const agent = store.agentByKey(apiKey);
      if (agent) store.touchAgent(agent.agent_id);
      return agent;
    },

    /** The operator's key for this node's own agent (to answer handshakes over the API from elsewhere). */
    issueInviterKey(): { agentId: string; apiKey: string; keyId: string } {
      const agentId = own();
      const apiKey = `ak_a2a_chat_${randomToken(32)}`;
      const keyId = prefixed('key_', 8);
      if (!store.replaceKey(agentId, keyId, apiKey, [...CHAT_SCOPES])) store.insertAgent(agentId, keyId, apiKey, [...CHAT_SCOPES]);
      deps.audit.audit('chat.inviter_key_issued', { agentId, keyId });
      return { agentId, apiKey, keyId };
    },

    request(agent: AgentRow, body: { inviter_agent_id: string; requester_agent_id: string; invite_token: string }) {
      if (body.requester_agent_id !== agent.agent_id) throw new ChatError(403, 'agent_mismatch', 'requester_agent_id must be the agent this API key belongs to.');
      if (body.inviter_agent_id !== own()) throw new ChatError(404, 'unknown_inviter', `There is no inviter ${body.inviter_agent_id.slice(0, 80)} on this node.`);
      const invite = store.inviteByToken(body.invite_token);
      if (!invite) throw new ChatError(403, 'invalid_invite', 'The invite token is not one this agent published.');
      if (invite.state !== 'active') throw new ChatError(403, 'invalid_invite', `The invite token is ${invite.state === 'used' ? 'used up' : invite.state}.`);
      const existing = store.pendingFrom(agent.agent_id, body.inviter_agent_id);
      if (existing) return { request_id: existing.request_id, status: 'pending', expires_at: existing.expires_at };
      const requestId = prefixed('req_');
      const expiresInMs = deps.settings().handshakeMinutes * 60_000;
      const expiresAt = iso(clock.now() + expiresInMs);
      // The request, the invite's use and the inbox item are one change: a crash leaves all of it or none.
      deps.uow.run('chat.handshake_request', () => {
        store.insertHandshake({ requestId, inviter: body.inviter_agent_id, requester: agent.agent_id, inviteId: invite.id, expiresAt });
        store.useInvite(invite.id);
        const approval = deps.approvals.create({
          kind: handshakeKind.kind,
          peerId: agent.peer_id,
          peerName: agent.agent_id,
          title: `${agent.agent_id} wants to chat`,
          detail: { requestId, requester: agent.agent_id, invite: invite.hint, inviteId: invite.id, joinedAt: agent.created_at },
          expiresInMs,
        });
        store.setApproval(requestId, approval.id);
      });
      return { request_id: requestId, status: 'pending', expires_at: expiresAt };
    },

    pending(agent: AgentRow, agentId: string) {
      if (agentId !== agent.agent_id) throw new ChatError(403, 'agent_mismatch', 'agent_id must be the agent this API key belongs to.');
      const pending = store.pendingFor(agentId).map((h) => ({ request_id: h.request_id, requester_agent_id: h.requester_agent_id, expires_at: h.expires_at }));
      return { pending, count: pending.length };
    },

    async respond(agent: AgentRow, body: { request_id: string; inviter_agent_id: string; approve: boolean }) {
      if (body.inviter_agent_id !== agent.agent_id) throw new ChatError(403, 'agent_mismatch', 'inviter_agent_id must be the agent this API key belongs to.');
      const handshake = store.handshake(body.request_id);
      if (!handshake || handshake.inviter_agent_id !== agent.agent_id) throw new ChatError(404, 'unknown_request', `There is no handshake request ${body.request_id.slice(0, 80)} for you.`);
      if (lapsed(handshake)) throw new ChatError(404, 'request_expired', 'This handshake request expired.');
      if (handshake.status !== 'pending' || !handshake.approval_id) throw new ChatError(400, 'already_decided', `This handshake request was already ${handshake.status}.`);
      responding.set(body.request_id, null);
      try {
        await deps.approvals.decide(handshake.approval_id, { action: body.approve ? 'approve' : 'reject' });
        if (!body.approve) return { status: 'rejected', request_id: body.request_id };
        // The inviter's token was made with the session, in the decision's own unit of work.
        const issued = responding.get(body.request_id);
        if (!issued) throw new ChatError(400, 'already_decided', 'This handshake request was decided meanwhile.');
        const { token, expiresAt } = issued;
        return { status: 'approved', request_id: body.request_id, session_id: store.handshake(body.request_id)!.session_id, session_token: token, expires_at: expiresAt };
      } finally {
        responding.delete(body.request_id);
      }
    },

    /** The requester learns the outcome and claims its token; the claim can be retried until the token is used. */
    status(agent: AgentRow, requestId: string, agentId: string) {
      if (agentId !== agent.agent_id) throw new ChatError(403, 'agent_mismatch', 'agent_id must be the agent this API key belongs to.');
      const handshake = store.handshake(requestId);
      if (!handshake) throw new ChatError(404, 'unknown_request', `There is no handshake request ${requestId.slice(0, 80)}.`);
      if (handshake.requester_agent_id !== agentId && handshake.inviter_agent_id !== agentId) throw new ChatError(403, 'not_a_participant', 'This handshake request is not yours.');
      if (lapsed(handshake)) {
        throw new ChatError(404, 'request_expired', 'This handshake request expired before it was approved; request a new one.');
      }
      if (handshake.status === 'pending') return { status: 'pending', request_id: requestId, expires_at: handshake.expires_at };
      if (handshake.status === 'rejected') return { status: 'rejected', request_id: requestId };
      const session = store.session(handshake.session_id!)!;
      const token = store.currentToken(session.session_id, agentId);
      const sealed = token ? store.openSealed(token) : null;
      if (session.ended_at) return { status: 'ended', request_id: requestId, session_id: session.session_id };
      if (!sealed) {
        return {
          status: 'approved',
          request_id: requestId,
          session_id: session.session_id,
          session_token: null,
          expires_at: token?.expires_at ?? null,
          detail: 'The session token was claimed and has been used; rotate it with /v1/sessions/rotate-token.',
        };
      }
      return { status: 'approved', request_id: requestId, session_id: session.session_id, session_token: sealed, expires_at: token!.expires_at };
    },

    rotate(agent: AgentRow, token: string | undefined, body: { session_id: string; agent_id: string }) {
      if (body.agent_id !== agent.agent_id) throw new ChatError(403, 'agent_mismatch', 'agent_id must be the agent this API key belongs to.');
      const session = sessionFor(agent, body.session_id, token);
      const next = deps.uow.run('chat.rotate', () => {
        store.retireTokens(session.session_id, agent.agent_id, iso(clock.now() + ROTATION_OVERLAP_MS));
        store.markRotated(session.session_id, agent.agent_id);
        deps.onChange(session.peer_id);
        return issueToken(session.session_id, agent.agent_id, false);
      });
      return { session_id: session.session_id, session_token: next.token, expires_at: next.expiresAt };
    },

    send(agent: AgentRow, token: string | undefined, body: { session_id: string; sender_agent_id: string; recipient_agent_id: string; content: string; idempotency_key?: string | undefined; trace_id?: string | undefined }) {
      if (body.sender_agent_id !== agent.agent_id) throw new ChatError(403, 'agent_mismatch', 'sender_agent_id must be the agent this API key belongs to.');
      const session = sessionFor(agent, body.session_id, token);
      if (body.recipient_agent_id !== otherParty(session, agent.agent_id)) throw new ChatError(403, 'not_a_participant', `${body.recipient_agent_id.slice(0, 80)} is not the other participant of this session.`);
      const { row, duplicate } = deps.uow.run('chat.send', () => store1(session, agent.agent_id, checkContent(body.content), body.idempotency_key ?? null, body.trace_id ?? null));
      if (!duplicate) publish(row);
      return { status: 'sent', duplicate, ...wireMessage(row) };
    },

    /** All or nothing: every message is checked first, then all are stored in one transaction. */
    batch(agent: AgentRow, token: string | undefined, body: { session_id: string; sender_agent_id: string; messages: { recipient_agent_id?: string | undefined; content: string; idempotency_key?: string | undefined }[] }) {
      if (body.sender_agent_id !== agent.agent_id) throw new ChatError(403, 'agent_mismatch', 'sender_agent_id must be the agent this API key belongs to.');
      const session = sessionFor(agent, body.session_id, token);
      const recipient = otherParty(session, agent.agent_id);
      body.messages.forEach((message, index) => {
        checkContent(message.content, `messages[${index}].content`);
        if (message.recipient_agent_id !== undefined && message.recipient_agent_id !== recipient) throw new ChatError(403, 'not_a_participant', `messages[${index}].recipient_agent_id is not the other participant.`);
      });
      const stored = deps.uow.run('chat.batch', () => body.messages.map((message) => store1(session, agent.agent_id, message.content, message.idempotency_key ?? null)));
      for (const { row, duplicate } of stored) if (!duplicate) publish(row);
      return { status: 'sent', count: stored.length, messages: stored.map(({ row }) => wireMessage(row)) };
    },

    poll(agent: AgentRow, token: string | undefined, query: { session_id: string; agent_id: string; cursor?: string | undefined; after?: string | undefined; limit?: number | undefined }) {
      if (query.agent_id !== agent.agent_id) throw new ChatError(403, 'agent_mismatch', 'agent_id must be the agent this API key belongs to.');
      const session = sessionFor(agent, query.session_id, token);
      const limit = Math.min(query.limit ?? 100, POLL_LIMIT_MAX);
      const rows =
        query.cursor !== undefined
          ? store.messagesAfter(session.session_id, agent.agent_id, Number(query.cursor), limit + 1)
          : query.after !== undefined
            ? store.messagesAfterTime(session.session_id, agent.agent_id, new Date(query.after).toISOString(), limit + 1)
            : store.messagesAfter(session.session_id, agent.agent_id, 0, limit + 1);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return { messages: page.map(wireMessage), count: page.length, has_more: rows.length > limit, next_cursor: last ? String(last.cursor) : (query.cursor ?? null) };
    },

    /** A WebSocket's view of a session: the backlog after `cursor`, then each new message for this agent. */
    subscribe(agent: AgentRow | null, token: string, sessionId: string, agentId: string) {
      const viewer = agent ?? store.agent(agentId);
      if (!viewer || viewer.agent_id !== agentId) throw new ChatError(401, 'invalid_session_token', 'The session token is not valid for this session and agent.');
      const session = sessionFor(viewer, sessionId, token);
      const row = store.tokenByValue(token)!;
      return {
        agentId,
        session,
        tokenExpiresAt: Date.parse(row.retire_at ?? row.expires_at),
        backlog: (cursor: number) => store.messagesAfter(session.session_id, agentId, cursor, POLL_LIMIT_MAX).map(wireMessage),
        listen(push: (message: WireMessage) => void, close: (reason: string) => void) {
          const set = listeners.get(session.session_id) ?? new Set();
          listeners.set(session.session_id, set);
          const entry = { agentId, push, close };
          set.add(entry);
          return () => {
            set.delete(entry);
            if (set.size === 0) listeners.delete(session.session_id);
          };
        },
      };
    },

    /** The operator's message to a hosted session's requester (the outbox's delivery for such peers). */
    deliverLocal(peer: Peer, content: string, idempotencyKey: string, traceId: string | null = null): ChatMessageRow {
      const session = store.activeSessionForPeer(peer.id);
      if (!session) throw new ChatError(404, 'no_session', `${peer.name} has no open session with you; it needs a new handshake.`);
      const { row, duplicate } = deps.uow.run('chat.deliver_local', () => store1(session, session.inviter_agent_id, content, idempotencyKey, traceId));
      if (!duplicate) publish(row);
      return row;
    },

    hostedSessions: (peerId: string) => store.hostedSessions(peerId),

    /** Ends the peer's open sessions here (its tokens stop working); part of the caller's unit of work. */
    endSessions(peerId: string): number {
      return deps.uow.run('chat.end_sessions', () => {
        let ended = 0;
        for (const session of store.hostedSessions(peerId)) {
          if (!session.endedAt && store.endSession(session.sessionId)) {
            ended += 1;
            // Live streams close once the end is on disk.
            deps.uow.afterCommit(() => {
              for (const listener of [...(listeners.get(session.sessionId) ?? [])]) listener.close('session_ended');
              listeners.delete(session.sessionId);
            });
          }
        }
        if (ended > 0) deps.audit.audit('chat.session_ended', { peerId, ended });
        return ended;
      });
    },

    // Invites (the operator's)
    publishInvite(token: string, options: { expiresInSeconds?: number | undefined; maxUses?: number | undefined }): ChatInvite {
      if (store.inviteByToken(token)) throw new CoreError('conflict', 'That invite token is already published.');
      const expiresAt = options.expiresInSeconds ? iso(clock.now() + options.expiresInSeconds * 1000) : null;
      const invite = store.insertInvite(token, secretHint(token), expiresAt, options.maxUses ?? null);
      deps.audit.audit('chat.invite_published', { id: invite.id, hint: invite.hint, expiresAt, maxUses: options.maxUses ?? null });
      return invite;
    },
    invites: () => store.invites(),
    revokeInvite(target: { id?: number | undefined; token?: string | undefined }): ChatInvite {
      const invite = target.id !== undefined ? store.inviteById(target.id) : target.token ? store.inviteByToken(target.token) : null;
      if (!invite) throw new CoreError('not_found', 'There is no such invite.');
      if (!store.revokeInvite(invite.id)) throw new CoreError('conflict', 'That invite is already revoked.');
      deps.audit.audit('chat.invite_revoked', { id: invite.id, hint: invite.hint });
      return store.inviteById(invite.id)!;
    },

    sweep: () => store.dropOldTokens(),

    metrics(extra: Record<string, number>): string {
      const counts = store.counts();
      const lines: string[] = [];
      const metric = (name: string, help: string, type: 'gauge' | 'counter', samples: [Record<string, string>, number][]) => {
        lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
        for (const [labels, value] of samples) {
          const rendered = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',');
          lines.push(`${name}${rendered ? `{${rendered}}` : ''} ${value}`);
        }
      };
      metric('switchboard_chat_agents', 'Agents that joined this node.', 'gauge', [[{}, counts.agents]]);
      metric('switchboard_chat_sessions_active', 'Open chat sessions.', 'gauge', [[{}, counts.activeSessions]]);
      metric('switchboard_chat_messages_total', 'Messages stored in chat sessions.', 'counter', [[{}, counts.messages]]);
      metric(
        'switchboard_chat_handshakes',
        'Handshake requests by status.',
        'gauge',
        (['pending', 'approved', 'rejected', 'expired'] as const).map((status) => [{ status }, counts.handshakes[status] ?? 0]),
      );
      for (const [name, value] of Object.entries(extra)) metric(`switchboard_${name}`, name.replace(/_/g, ' '), name.endsWith('_total') ? 'counter' : 'gauge', [[{}, value]]);
      return `${lines.join('\n')}\n`;
    },
  };
}

export type ChatHost = ReturnType<typeof createChatHost>;
