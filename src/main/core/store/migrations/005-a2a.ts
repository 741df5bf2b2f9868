import type { Migration } from './index';

/**
 * A2A: inbound API keys (digests only, each tied to the peer it identifies), tasks owned by their caller, outbound
 * credentials per URL prefix (sealed), the current conversation per peer, and the approvals inbox.
 */
export const m005A2a: Migration = {
  version: 5,
  name: 'a2a',
  sql: `
    ALTER TABLE messages ADD COLUMN context_id TEXT;
    ALTER TABLE messages ADD COLUMN task_id TEXT;
    CREATE INDEX messages_context ON messages (peer_id, context_id, id);

    ALTER TABLE peers ADD COLUMN gateway_policy TEXT NOT NULL DEFAULT 'ask' CHECK (gateway_policy IN ('ask', 'forward', 'manual'));

    CREATE TABLE a2a_keys (
      id INTEGER PRIMARY KEY,
      label TEXT NOT NULL COLLATE NOCASE UNIQUE,
      peer_id TEXT NOT NULL REFERENCES peers (id) ON DELETE CASCADE,
      digest BLOB NOT NULL UNIQUE,
      hint TEXT NOT NULL,
      created_at TEXT NOT NULL,
      last_used_at TEXT
    ) STRICT;

    CREATE TABLE a2a_tasks (
      owner TEXT NOT NULL,
      id TEXT NOT NULL,
      context_id TEXT NOT NULL,
      state INTEGER NOT NULL,
      status_at INTEGER NOT NULL,
      task TEXT NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (owner, id)
    ) STRICT;
    CREATE INDEX a2a_tasks_list ON a2a_tasks (owner, status_at DESC, id DESC);
    CREATE INDEX a2a_tasks_context ON a2a_tasks (owner, context_id, status_at DESC);
    CREATE INDEX a2a_tasks_age ON a2a_tasks (updated_at);

    CREATE TABLE a2a_credentials (
      id INTEGER PRIMARY KEY,
      prefix TEXT NOT NULL UNIQUE,
      header_names TEXT NOT NULL,
      sealed_headers BLOB NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE a2a_conversations (
      peer_id TEXT PRIMARY KEY REFERENCES peers (id) ON DELETE CASCADE,
      context_id TEXT NOT NULL,
      task_id TEXT,
      task_state TEXT,
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE approvals (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'answered', 'asked', 'expired', 'canceled')),
      peer_id TEXT REFERENCES peers (id) ON DELETE SET NULL,
      peer_name TEXT NOT NULL,
      title TEXT NOT NULL,
      detail TEXT NOT NULL DEFAULT '{}',
      created_at TEXT NOT NULL,
      expires_at TEXT,
      decided_at TEXT,
      decision TEXT
    ) STRICT;
    CREATE INDEX approvals_status ON approvals (status, created_at);
  `,
};
