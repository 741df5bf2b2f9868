import type { ChatInvite, HostedChatSession } from '../../../../shared/domain/chat';
import { isoAt, type Clock } from '../../clock';
import { sha256 } from '../../crypto/tokens';
import type { Vault } from '../../crypto/vault';
import type { Db } from '../../store/database';
import { createTouchThrottle } from '../../throttle';

export interface AgentRow {
  agent_id: string;
  key_id: string;
  scopes: string;
  peer_id: string | null;
  created_at: string;
}

export interface HandshakeRow {
  request_id: string;
  inviter_agent_id: string;
  requester_agent_id: string;
  invite_id: number | null;
  status: 'pending' | 'approved' | 'rejected' | 'expired';
  approval_id: string | null;
  session_id: string | null;
  created_at: string;
  expires_at: string;
  decided_at: string | null;
}

export interface SessionRow {
  session_id: string;
  request_id: string;
  inviter_agent_id: string;
  requester_agent_id: string;
  peer_id: string | null;
  created_at: string;
  ended_at: string | null;
  requester_rotated_at: string | null;
}

export interface TokenRow {
  id: number;
  session_id: string;
  agent_id: string;
  sealed: Buffer | null;
  created_at: string;
  expires_at: string;
  retire_at: string | null;
  first_used_at: string | null;
}

export interface ChatMessageRow {
  cursor: number;
  message_id: string;
  session_id: string;
  sender_agent_id: string;
  recipient_agent_id: string;
  content: string;
  idempotency_key: string | null;
  created_at: string;
  trace_id: string | null;
}

interface InviteRow {
  id: number;
  hint: string;
  created_at: string;
  expires_at: string | null;
  max_uses: number | null;
  uses: number;
  revoked_at: string | null;
}

/** The hosting side's tables (seed 003 as a server): every credential kept as a SHA-256 digest. */
export function createChatHostStore(deps: { db: Db; vault: Vault; clock: Clock }) {
  const { db, vault, clock } = deps;
  const s = {
    insertAgent: db.prepare('INSERT INTO chat_agents (agent_id, key_id, key_digest, scopes, created_at) VALUES (?, ?, ?, ?, ?)'),
    agentById: db.prepare('SELECT agent_id, key_id, scopes, peer_id, created_at FROM chat_agents WHERE agent_id = ?'),
    agentByKey: db.prepare('SELECT agent_id, key_id, scopes, peer_id, created_at FROM chat_agents WHERE key_digest = ?'),
    replaceKey: db.prepare('UPDATE chat_agents SET key_id = ?, key_digest = ?, scopes = ? WHERE agent_id = ?'),
    touchAgent: db.prepare('UPDATE chat_agents SET last_seen_at = ? WHERE agent_id = ?'),
    setAgentPeer: db.prepare('UPDATE chat_agents SET peer_id = ? WHERE agent_id = ?'),
    agentCount: db.prepare('SELECT COUNT(*) AS n FROM chat_agents'),

    insertInvite: db.prepare('INSERT INTO chat_invites (digest, hint, created_at, expires_at, max_uses) VALUES (?, ?, ?, ?, ?)'),
    inviteByDigest: db.prepare('SELECT id, hint, created_at, expires_at, max_uses, uses, revoked_at FROM chat_invites WHERE digest = ?'),
    inviteById: db.prepare('SELECT id, hint, created_at, expires_at, max_uses, uses, revoked_at FROM chat_invites WHERE id = ?'),
    invites: db.prepare('SELECT id, hint, created_at, expires_at, max_uses, uses, revoked_at FROM chat_invites ORDER BY id DESC'),
    useInvite: db.prepare('UPDATE chat_invites SET uses = uses + 1 WHERE id = ?'),
    revokeInvite: db.prepare('UPDATE chat_invites SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),

    insertHandshake: db.prepare(
      "INSERT INTO chat_handshakes (request_id, inviter_agent_id, requester_agent_id, invite_id, status, created_at, expires_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)",
    ),
    handshake: db.prepare('SELECT * FROM chat_handshakes WHERE request_id = ?'),
    pendingFrom: db.prepare("SELECT * FROM chat_handshakes WHERE requester_agent_id = ? AND inviter_agent_id = ? AND status = 'pending' AND expires_at > ?"),
    pendingFor: db.prepare("SELECT * FROM chat_handshakes WHERE inviter_agent_id = ? AND status = 'pending' AND expires_at > ? ORDER BY created_at"),
    setApproval: db.prepare('UPDATE chat_handshakes SET approval_id = ? WHERE request_id = ?'),
    decideHandshake: db.prepare("UPDATE chat_handshakes SET status = ?, session_id = ?, decided_at = ? WHERE request_id = ? AND status = 'pending'"),
    handshakeCounts: db.prepare('SELECT status, COUNT(*) AS n FROM chat_handshakes GROUP BY status'),

    insertSession: db.prepare('INSERT INTO chat_sessions (session_id, request_id, inviter_agent_id, requester_agent_id, peer_id, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
    session: db.prepare('SELECT * FROM chat_sessions WHERE session_id = ?'),
    sessionsForPeer: db.prepare('SELECT * FROM chat_sessions WHERE peer_id = ? ORDER BY created_at DESC LIMIT 20'),
    activeForPeer: db.prepare('SELECT * FROM chat_sessions WHERE peer_id = ? AND ended_at IS NULL ORDER BY created_at DESC LIMIT 1'),
    endSession: db.prepare('UPDATE chat_sessions SET ended_at = ? WHERE session_id = ? AND ended_at IS NULL'),
    activeSessions: db.prepare('SELECT COUNT(*) AS n FROM chat_sessions WHERE ended_at IS NULL'),

    insertToken: db.prepare('INSERT INTO chat_tokens (session_id, agent_id, digest, sealed, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)'),
    tokenByDigest: db.prepare('SELECT id, session_id, agent_id, sealed, created_at, expires_at, retire_at, first_used_at FROM chat_tokens WHERE digest = ?'),
    currentToken: db.prepare(
      'SELECT id, session_id, agent_id, sealed, created_at, expires_at, retire_at, first_used_at FROM chat_tokens WHERE session_id = ? AND agent_id = ? AND retire_at IS NULL ORDER BY id DESC LIMIT 1',
    ),
    markRotated: db.prepare('UPDATE chat_sessions SET requester_rotated_at = ? WHERE session_id = ? AND requester_agent_id = ?'),
    firstUse: db.prepare('UPDATE chat_tokens SET first_used_at = ?, sealed = NULL WHERE id = ? AND first_used_at IS NULL'),
    retireTokens: db.prepare('UPDATE chat_tokens SET retire_at = ?, sealed = NULL WHERE session_id = ? AND agent_id = ? AND retire_at IS NULL'),
    retireAll: db.prepare('UPDATE chat_tokens SET retire_at = ?, sealed = NULL WHERE session_id = ? AND (retire_at IS NULL OR retire_at > ?)'),
    dropOldTokens: db.prepare('DELETE FROM chat_tokens WHERE expires_at < ? OR retire_at < ?'),

    insertMessage: db.prepare(
      'INSERT INTO chat_messages (message_id, session_id, sender_agent_id, recipient_agent_id, content, idempotency_key, created_at, trace_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    messageByKey: db.prepare('SELECT * FROM chat_messages WHERE session_id = ? AND sender_agent_id = ? AND idempotency_key = ?'),
    messageByCursor: db.prepare('SELECT * FROM chat_messages WHERE cursor = ?'),
    messagesAfter: db.prepare('SELECT * FROM chat_messages WHERE session_id = ? AND recipient_agent_id = ? AND cursor > ? ORDER BY cursor LIMIT ?'),
    messagesAfterTime: db.prepare('SELECT * FROM chat_messages WHERE session_id = ? AND recipient_agent_id = ? AND created_at > ? ORDER BY cursor LIMIT ?'),
    messageCount: db.prepare('SELECT COUNT(*) AS n FROM chat_messages'),
  };

  // Every authenticated request would otherwise write this row: the stamp is kept to the minute.
  const lastSeen = createTouchThrottle<string>(clock, 60_000, (agentId, now) => s.touchAgent.run(new Date(now).toISOString(), agentId));

  const inviteState = (row: InviteRow): ChatInvite['state'] => {
    if (row.revoked_at) return 'revoked';
    if (row.expires_at && row.expires_at <= isoAt(clock)) return 'expired';
    if (row.max_uses !== null && row.uses >= row.max_uses) return 'used';
    return 'active';
  };
  const toInvite = (row: InviteRow): ChatInvite => ({
    id: row.id,
    hint: row.hint,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    maxUses: row.max_uses,
    uses: row.uses,
    revokedAt: row.revoked_at,
    state: inviteState(row),
  });

  return {
    // Agents
    insertAgent: (agentId: string, keyId: string, key: string, scopes: string[]) => s.insertAgent.run(agentId, keyId, sha256(key), scopes.join(' '), isoAt(clock)),
    replaceKey: (agentId: string, keyId: string, key: string, scopes: string[]) => s.replaceKey.run(keyId, sha256(key), scopes.join(' '), agentId).changes > 0,
    agent: (agentId: string) => (s.agentById.get(agentId) as AgentRow | undefined) ?? null,
    agentByKey: (key: string) => (s.agentByKey.get(sha256(key)) as AgentRow | undefined) ?? null,
    touchAgent: (agentId: string) => lastSeen.touch(agentId),
    setAgentPeer: (agentId: string, peerId: string) => s.setAgentPeer.run(peerId, agentId),

    // Invites
    insertInvite: (token: string, hint: string, expiresAt: string | null, maxUses: number | null): ChatInvite => {
      const { lastInsertRowid } = s.insertInvite.run(sha256(token), hint, isoAt(clock), expiresAt, maxUses);
      return toInvite(s.inviteById.get(Number(lastInsertRowid)) as InviteRow);
    },
    inviteByToken: (token: string) => {
      const row = s.inviteByDigest.get(sha256(token)) as InviteRow | undefined;
      return row ? toInvite(row) : null;
    },
    inviteById: (id: number) => {
      const row = s.inviteById.get(id) as InviteRow | undefined;
      return row ? toInvite(row) : null;
    },
    invites: () => (s.invites.all() as InviteRow[]).map(toInvite),
    useInvite: (id: number) => s.useInvite.run(id),
    revokeInvite: (id: number) => s.revokeInvite.run(isoAt(clock), id).changes > 0,

    // Handshakes
    insertHandshake: (row: { requestId: string; inviter: string; requester: string; inviteId: number; expiresAt: string }) =>
      s.insertHandshake.run(row.requestId, row.inviter, row.requester, row.inviteId, isoAt(clock), row.expiresAt),
    handshake: (requestId: string) => (s.handshake.get(requestId) as HandshakeRow | undefined) ?? null,
    pendingFrom: (requester: string, inviter: string) => (s.pendingFrom.get(requester, inviter, isoAt(clock)) as HandshakeRow | undefined) ?? null,
    pendingFor: (inviter: string) => s.pendingFor.all(inviter, isoAt(clock)) as HandshakeRow[],
    setApproval: (requestId: string, approvalId: string) => s.setApproval.run(approvalId, requestId),
    decideHandshake: (requestId: string, status: HandshakeRow['status'], sessionId: string | null) => s.decideHandshake.run(status, sessionId, isoAt(clock), requestId).changes > 0,

    // Sessions and tokens
    insertSession: (row: { sessionId: string; requestId: string; inviter: string; requester: string; peerId: string | null }) =>
      s.insertSession.run(row.sessionId, row.requestId, row.inviter, row.requester, row.peerId, isoAt(clock)),
    session: (sessionId: string) => (s.session.get(sessionId) as SessionRow | undefined) ?? null,
    activeSessionForPeer: (peerId: string) => (s.activeForPeer.get(peerId) as SessionRow | undefined) ?? null,
    endSession: (sessionId: string) => {
      const now = isoAt(clock);
      return db.transaction(() => {
        const ended = s.endSession.run(now, sessionId).changes > 0;
        s.retireAll.run(now, sessionId, now);
        return ended;
      })();
    },
    /** A token for `agentId` in the session; `keepSealed` keeps a recoverable copy until its first use. */
    insertToken: (sessionId: string, agentId: string, token: string, expiresAt: string, keepSealed: boolean) =>
      s.insertToken.run(sessionId, agentId, sha256(token), keepSealed ? vault.seal(token) : null, isoAt(clock), expiresAt),
    tokenByValue: (token: string) => (s.tokenByDigest.get(sha256(token)) as TokenRow | undefined) ?? null,
    currentToken: (sessionId: string, agentId: string) => (s.currentToken.get(sessionId, agentId) as TokenRow | undefined) ?? null,
    openSealed: (row: TokenRow) => (row.sealed ? vault.open(row.sealed) : null),
    markUsed: (tokenId: number) => s.firstUse.run(isoAt(clock), tokenId),
    retireTokens: (sessionId: string, agentId: string, retireAt: string) => s.retireTokens.run(retireAt, sessionId, agentId),
    /** Notes a rotation by the requester (shown on the peer page). */
    markRotated: (sessionId: string, agentId: string) => s.markRotated.run(isoAt(clock), sessionId, agentId),
    dropOldTokens: () => {
      const now = isoAt(clock);
      return s.dropOldTokens.run(now, now).changes;
    },
    hostedSessions: (peerId: string): HostedChatSession[] =>
      (s.sessionsForPeer.all(peerId) as SessionRow[]).map((row) => {
        const token = s.currentToken.get(row.session_id, row.requester_agent_id) as TokenRow | undefined;
        return {
          sessionId: row.session_id,
          requesterAgentId: row.requester_agent_id,
          peerId: row.peer_id,
          createdAt: row.created_at,
          endedAt: row.ended_at,
          tokenExpiresAt: row.ended_at ? null : (token?.expires_at ?? null),
          lastRotatedAt: row.requester_rotated_at,
        };
      }),

    // Messages
    insertMessage: (row: { messageId: string; sessionId: string; sender: string; recipient: string; content: string; idempotencyKey: string | null; traceId: string | null }): ChatMessageRow => {
      const { lastInsertRowid } = s.insertMessage.run(row.messageId, row.sessionId, row.sender, row.recipient, row.content, row.idempotencyKey, isoAt(clock), row.traceId);
      return s.messageByCursor.get(Number(lastInsertRowid)) as ChatMessageRow;
    },
    messageByKey: (sessionId: string, sender: string, key: string) => (s.messageByKey.get(sessionId, sender, key) as ChatMessageRow | undefined) ?? null,
    messagesAfter: (sessionId: string, recipient: string, cursor: number, limit: number) => s.messagesAfter.all(sessionId, recipient, cursor, limit) as ChatMessageRow[],
    messagesAfterTime: (sessionId: string, recipient: string, after: string, limit: number) => s.messagesAfterTime.all(sessionId, recipient, after, limit) as ChatMessageRow[],

    counts: () => ({
      agents: (s.agentCount.get() as { n: number }).n,
      activeSessions: (s.activeSessions.get() as { n: number }).n,
      messages: (s.messageCount.get() as { n: number }).n,
      handshakes: Object.fromEntries((s.handshakeCounts.all() as { status: string; n: number }[]).map((r) => [r.status, r.n])) as Record<string, number>,
    }),
  };
}

export type ChatHostStore = ReturnType<typeof createChatHostStore>;
