import type { Migration } from './index';

/** The peer address book, per-peer credentials, the full message row, idempotency, blobs and counters. */
export const m002PeersMessages: Migration = {
  version: 2,
  name: 'peers-messages',
  sql: `
    CREATE TABLE peers (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL COLLATE NOCASE UNIQUE,
      protocol TEXT NOT NULL CHECK (protocol IN ('secure', 'a2a', 'chat')),
      base_url TEXT NOT NULL,
      notes TEXT NOT NULL DEFAULT '',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      last_seen_at TEXT
    ) STRICT;

    -- Secrets the node must be able to use again (sent to the peer, or keys): sealed by the vault.
    CREATE TABLE peer_credentials (
      peer_id TEXT NOT NULL REFERENCES peers (id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('outbound_secret', 'aes_key')),
      sealed BLOB NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (peer_id, kind)
    ) STRICT;

    -- Secrets peers present to us: only their SHA-256 digests are kept. An old secret stays valid until
    -- expires_at during a rotation's grace period.
    CREATE TABLE inbound_secrets (
      id INTEGER PRIMARY KEY,
      peer_id TEXT NOT NULL REFERENCES peers (id) ON DELETE CASCADE,
      digest BLOB NOT NULL UNIQUE,
      hint TEXT NOT NULL,
      created_at TEXT NOT NULL,
      expires_at INTEGER
    ) STRICT;
    CREATE INDEX inbound_secrets_peer ON inbound_secrets (peer_id);

    ALTER TABLE messages ADD COLUMN peer_id TEXT REFERENCES peers (id) ON DELETE SET NULL;
    ALTER TABLE messages ADD COLUMN peer_name TEXT NOT NULL DEFAULT '';
    ALTER TABLE messages ADD COLUMN idempotency_key TEXT;
    ALTER TABLE messages ADD COLUMN schema_version TEXT;
    ALTER TABLE messages ADD COLUMN encrypted INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE messages ADD COLUMN wake INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE messages ADD COLUMN wake_seen_at TEXT;
    ALTER TABLE messages ADD COLUMN raw TEXT NOT NULL DEFAULT '{}';
    ALTER TABLE messages ADD COLUMN detail TEXT NOT NULL DEFAULT '';
    CREATE INDEX messages_peer ON messages (peer_id, id);
    CREATE INDEX messages_status ON messages (status, id);
    CREATE INDEX messages_protocol ON messages (protocol, id);
    CREATE INDEX messages_unseen_wake ON messages (wake, wake_seen_at) WHERE wake = 1 AND wake_seen_at IS NULL;

    -- Idempotency is scoped per peer and endpoint; the key is stored as a digest (keys are data, never paths).
    CREATE TABLE idempotency_records (
      scope TEXT NOT NULL,
      endpoint TEXT NOT NULL,
      key_digest BLOB NOT NULL,
      content_digest BLOB NOT NULL,
      response TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      PRIMARY KEY (scope, endpoint, key_digest)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX idempotency_created ON idempotency_records (created_at);

    -- Store-and-fetch blobs: ciphertext envelopes, single use, with a TTL.
    CREATE TABLE blobs (
      id TEXT PRIMARY KEY,
      owner_peer_id TEXT REFERENCES peers (id) ON DELETE CASCADE,
      recipient_peer_id TEXT REFERENCES peers (id) ON DELETE CASCADE,
      body TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX blobs_expiry ON blobs (expires_at);

    CREATE TABLE counters (
      name TEXT PRIMARY KEY,
      value INTEGER NOT NULL
    ) STRICT;
  `,
};
