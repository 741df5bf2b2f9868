import type { Migration } from './index';

/**
 * The durable outbox: one row per outbound message (the message row holds the text and status), its delivery
 * bookkeeping, every attempt, and per-peer delivery settings (pause, retry policy).
 */
export const m004Outbox: Migration = {
  version: 4,
  name: 'outbox',
  sql: `
    CREATE TABLE outbox (
      message_id INTEGER PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
      peer_id TEXT REFERENCES peers (id) ON DELETE SET NULL,
      state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'retrying', 'delivered', 'dead')),
      attempts INTEGER NOT NULL DEFAULT 0,
      max_attempts INTEGER NOT NULL,
      next_attempt_at INTEGER NOT NULL,
      -- What to send (text, encrypt, wake, keys), as the operator asked: the wire body is built per attempt.
      request TEXT NOT NULL,
      blob_id TEXT,
      last_error TEXT,
      dead_reason TEXT,
      response TEXT,
      replay_of INTEGER REFERENCES messages (id) ON DELETE SET NULL,
      replaced_by INTEGER REFERENCES messages (id) ON DELETE SET NULL,
      discarded_at TEXT,
      delivered_at TEXT,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX outbox_pending ON outbox (peer_id, message_id) WHERE state IN ('queued', 'sending', 'retrying');
    CREATE INDEX outbox_dead ON outbox (message_id) WHERE state = 'dead' AND discarded_at IS NULL;

    CREATE TABLE delivery_attempts (
      id INTEGER PRIMARY KEY,
      message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
      attempt INTEGER NOT NULL,
      started_at TEXT NOT NULL,
      finished_at TEXT,
      outcome TEXT CHECK (outcome IN ('delivered', 'retry', 'failed', 'interrupted')),
      status_code INTEGER,
      error TEXT
    ) STRICT;
    CREATE INDEX delivery_attempts_message ON delivery_attempts (message_id, attempt);

    CREATE TABLE peer_delivery (
      peer_id TEXT PRIMARY KEY REFERENCES peers (id) ON DELETE CASCADE,
      paused INTEGER NOT NULL DEFAULT 0,
      max_attempts INTEGER,
      base_delay_ms INTEGER
    ) STRICT;
  `,
};
