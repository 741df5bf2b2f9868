import type { Migration } from './index';

/**
 * a2achat (seed 003) both ways. Hosting: agents that joined this node (key digests), the operator's invite tokens
 * (digests), handshake requests, sessions, session tokens (digests; the requester's sealed copy is kept only until
 * its first use, so a lost claim response can be retried) and each session's messages in cursor order. Requesting:
 * one link per chat peer on another server, its credentials sealed.
 */
export const m006Chat: Migration = {
  version: 6,
  name: 'chat',
  sql: `
    CREATE TABLE chat_agents (
      agent_id TEXT PRIMARY KEY,
      key_id TEXT NOT NULL UNIQUE,
      key_digest BLOB NOT NULL UNIQUE,
      scopes TEXT NOT NULL,
      peer_id TEXT REFERENCES peers (id) ON DELETE SET NULL,
      created_at TEXT NOT NULL,
      last_seen_at TEXT
    ) STRICT;

    CREATE TABLE chat_invites (
      id INTEGER PRIMARY KEY,
      digest BLOB NOT NULL UNIQUE,
      hint TEXT NOT NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT,
      max_uses INTEGER,
      uses INTEGER NOT NULL DEFAULT 0,
      revoked_at TEXT
    ) STRICT;

    CREATE TABLE chat_handshakes (
      request_id TEXT PRIMARY KEY,
      inviter_agent_id TEXT NOT NULL,
      requester_agent_id TEXT NOT NULL REFERENCES chat_agents (agent_id) ON DELETE CASCADE,
      invite_id INTEGER REFERENCES chat_invites (id) ON DELETE SET NULL,
      status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'expired')),
      approval_id TEXT,
      session_id TEXT,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      decided_at TEXT
    ) STRICT;
    CREATE INDEX chat_handshakes_pending ON chat_handshakes (inviter_agent_id, status);

    CREATE TABLE chat_sessions (
      session_id TEXT PRIMARY KEY,
      request_id TEXT NOT NULL,
      inviter_agent_id TEXT NOT NULL,
      requester_agent_id TEXT NOT NULL,
      peer_id TEXT REFERENCES peers (id) ON DELETE SET NULL,
      created_at TEXT NOT NULL,
      ended_at TEXT,
      requester_rotated_at TEXT
    ) STRICT;
    CREATE INDEX chat_sessions_peer ON chat_sessions (peer_id, ended_at);

    CREATE TABLE chat_tokens (
      id INTEGER PRIMARY KEY,
      session_id TEXT NOT NULL REFERENCES chat_sessions (session_id) ON DELETE CASCADE,
      agent_id TEXT NOT NULL,
      digest BLOB NOT NULL UNIQUE,
      sealed BLOB,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      retire_at TEXT,
      first_used_at TEXT
    ) STRICT;
    CREATE INDEX chat_tokens_session ON chat_tokens (session_id, agent_id);

    CREATE TABLE chat_messages (
      cursor INTEGER PRIMARY KEY AUTOINCREMENT,
      message_id TEXT NOT NULL UNIQUE,
      session_id TEXT NOT NULL REFERENCES chat_sessions (session_id) ON DELETE CASCADE,
      sender_agent_id TEXT NOT NULL,
      recipient_agent_id TEXT NOT NULL,
      content TEXT NOT NULL,
      idempotency_key TEXT,
      created_at TEXT NOT NULL,
      UNIQUE (session_id, sender_agent_id, idempotency_key)
    ) STRICT;
    CREATE INDEX chat_messages_session ON chat_messages (session_id, cursor);

    CREATE TABLE chat_links (
      peer_id TEXT PRIMARY KEY REFERENCES peers (id) ON DELETE CASCADE,
      my_agent_id TEXT NOT NULL,
      remote_agent_id TEXT NOT NULL,
      sealed_invite BLOB NOT NULL,
      sealed_api_key BLOB,
      key_id TEXT,
      state TEXT NOT NULL,
      request_id TEXT,
      request_expires_at TEXT,
      session_id TEXT,
      sealed_token BLOB,
      token_expires_at TEXT,
      rotated_at TEXT,
      poll_cursor TEXT,
      poll_after TEXT,
      last_error TEXT,
      updated_at TEXT NOT NULL
    ) STRICT;

  `,
};
