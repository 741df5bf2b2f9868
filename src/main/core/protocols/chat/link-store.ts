import type { ChatLinkInfo, ChatLinkState } from '../../../../shared/domain/chat';
import { isoAt, type Clock } from '../../clock';
import type { Vault } from '../../crypto/vault';
import type { Db } from '../../store/database';

interface LinkRow {
  peer_id: string;
  my_agent_id: string;
  remote_agent_id: string;
  sealed_invite: Buffer;
  sealed_api_key: Buffer | null;
  key_id: string | null;
  state: ChatLinkState;
  request_id: string | null;
  request_expires_at: string | null;
  session_id: string | null;
  sealed_token: Buffer | null;
  token_expires_at: string | null;
  rotated_at: string | null;
  poll_cursor: string | null;
  poll_after: string | null;
  last_error: string | null;
  updated_at: string;
}

/** A link as the requester side works with it: secrets opened, nothing of it ever sent to the UI. */
export interface Link {
  peerId: string;
  myAgentId: string;
  remoteAgentId: string;
  inviteToken: string;
  apiKey: string | null;
  state: ChatLinkState;
  requestId: string | null;
  requestExpiresAt: string | null;
  sessionId: string | null;
  sessionToken: string | null;
  tokenExpiresAt: string | null;
  rotatedAt: string | null;
  pollCursor: string | null;
  pollAfter: string | null;
  lastError: string | null;
  updatedAt: string;
}

export type LinkPatch = Partial<Omit<Link, 'peerId' | 'updatedAt'>>;

const columns: Record<keyof LinkPatch, string> = {
  myAgentId: 'my_agent_id',
  remoteAgentId: 'remote_agent_id',
  inviteToken: 'sealed_invite',
  apiKey: 'sealed_api_key',
  state: 'state',
  requestId: 'request_id',
  requestExpiresAt: 'request_expires_at',
  sessionId: 'session_id',
  sessionToken: 'sealed_token',
  tokenExpiresAt: 'token_expires_at',
  rotatedAt: 'rotated_at',
  pollCursor: 'poll_cursor',
  pollAfter: 'poll_after',
  lastError: 'last_error',
};
const sealedFields = new Set<keyof LinkPatch>(['inviteToken', 'apiKey', 'sessionToken']);

/** This node's links to chat peers on other servers (requester role); keys and tokens sealed by the vault. */
export function createLinkStore(deps: { db: Db; vault: Vault; clock: Clock }) {
  const { db, vault, clock } = deps;
  const s = {
    insert: db.prepare("INSERT INTO chat_links (peer_id, my_agent_id, remote_agent_id, sealed_invite, state, updated_at) VALUES (?, ?, ?, ?, 'joining', ?)"),
    get: db.prepare('SELECT * FROM chat_links WHERE peer_id = ?'),
    all: db.prepare('SELECT peer_id FROM chat_links'),
  };
  const open = (value: Buffer | null) => (value ? vault.open(value) : null);
  const toLink = (row: LinkRow): Link => ({
    peerId: row.peer_id,
    myAgentId: row.my_agent_id,
    remoteAgentId: row.remote_agent_id,
    inviteToken: vault.open(row.sealed_invite),
    apiKey: open(row.sealed_api_key),
    state: row.state,
    requestId: row.request_id,
    requestExpiresAt: row.request_expires_at,
    sessionId: row.session_id,
    sessionToken: open(row.sealed_token),
    tokenExpiresAt: row.token_expires_at,
    rotatedAt: row.rotated_at,
    pollCursor: row.poll_cursor,
    pollAfter: row.poll_after,
    lastError: row.last_error,
    updatedAt: row.updated_at,
  });

  return {
    create(peerId: string, input: { myAgentId: string; remoteAgentId: string; inviteToken: string }): Link {
      s.insert.run(peerId, input.myAgentId, input.remoteAgentId, vault.seal(input.inviteToken), isoAt(clock));
      return this.get(peerId)!;
    },
    get(peerId: string): Link | null {
      const row = s.get.get(peerId) as LinkRow | undefined;
      return row ? toLink(row) : null;
    },
    peerIds: () => (s.all.all() as { peer_id: string }[]).map((r) => r.peer_id),
    /** Changes the link; null when it is gone (its peer was removed meanwhile). */
    update(peerId: string, patch: LinkPatch): Link | null {
      const entries = Object.entries(patch).filter(([, v]) => v !== undefined) as [keyof LinkPatch, unknown][];
      const sets = entries.map(([key]) => `${columns[key]} = ?`);
      const values = entries.map(([key, value]) => (sealedFields.has(key) && typeof value === 'string' ? vault.seal(value) : value));
      db.prepare(`UPDATE chat_links SET ${[...sets, 'updated_at = ?'].join(', ')} WHERE peer_id = ?`).run(...values, isoAt(clock), peerId);
      return this.get(peerId);
    },
    info(link: Link, stream: ChatLinkInfo['stream']): ChatLinkInfo {
      return {
        peerId: link.peerId,
        myAgentId: link.myAgentId,
        remoteAgentId: link.remoteAgentId,
        state: link.state,
        requestId: link.requestId,
        requestExpiresAt: link.requestExpiresAt,
        sessionId: link.sessionId,
        tokenExpiresAt: link.tokenExpiresAt,
        rotatedAt: link.rotatedAt,
        stream,
        lastError: link.lastError,
        updatedAt: link.updatedAt,
      };
    },
  };
}

export type LinkStore = ReturnType<typeof createLinkStore>;
