import type { Migration } from './index';

/**
 * Which protocols exist is the protocol registry's to say, checked at the boundary: the `CHECK (protocol IN …)`
 * of migrations 001 and 002 would make every new protocol a table rebuild. This rebuilds `peers` and `messages`
 * once, without them, keeping every row (same ids, so every reference stays valid), every index and the counting
 * triggers (SQLite's documented procedure for a changed table definition: create, copy, drop, rename).
 */
export const m007OpenProtocols: Migration = {
  version: 7,
  name: 'open-protocols',
  foreignKeysOff: true,
  sql: `
    CREATE TABLE peers_rebuilt (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL COLLATE NOCASE UNIQUE,
      protocol TEXT NOT NULL,
      base_url TEXT NOT NULL,
      notes TEXT NOT NULL DEFAULT '',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      last_seen_at TEXT,
      gateway_policy TEXT NOT NULL DEFAULT 'ask' CHECK (gateway_policy IN ('ask', 'forward', 'manual'))
    ) STRICT;
    INSERT INTO peers_rebuilt (id, name, protocol, base_url, notes, created_at, updated_at, last_seen_at, gateway_policy)
      SELECT id, name, protocol, base_url, notes, created_at, updated_at, last_seen_at, gateway_policy FROM peers;
    DROP TABLE peers;
    ALTER TABLE peers_rebuilt RENAME TO peers;

    CREATE TABLE messages_rebuilt (
      id INTEGER PRIMARY KEY,
      direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
      protocol TEXT NOT NULL,
      trace_id TEXT NOT NULL,
      content TEXT NOT NULL,
      status TEXT NOT NULL,
      created_at TEXT NOT NULL,
      peer_id TEXT REFERENCES peers (id) ON DELETE SET NULL,
      peer_name TEXT NOT NULL DEFAULT '',
      idempotency_key TEXT,
      schema_version TEXT,
      encrypted INTEGER NOT NULL DEFAULT 0,
      wake INTEGER NOT NULL DEFAULT 0,
      wake_seen_at TEXT,
      raw TEXT NOT NULL DEFAULT '{}',
      detail TEXT NOT NULL DEFAULT '',
      context_id TEXT,
      task_id TEXT
    ) STRICT;
    INSERT INTO messages_rebuilt (id, direction, protocol, trace_id, content, status, created_at, peer_id, peer_name, idempotency_key, schema_version, encrypted, wake, wake_seen_at, raw, detail, context_id, task_id)
      SELECT id, direction, protocol, trace_id, content, status, created_at, peer_id, peer_name, idempotency_key, schema_version, encrypted, wake, wake_seen_at, raw, detail, context_id, task_id FROM messages;
    DROP TABLE messages;
    ALTER TABLE messages_rebuilt RENAME TO messages;
    CREATE INDEX messages_direction ON messages (direction);
    CREATE INDEX messages_trace ON messages (trace_id);
    CREATE INDEX messages_peer ON messages (peer_id, id);
    CREATE INDEX messages_status ON messages (status, id);
    CREATE INDEX messages_protocol ON messages (protocol, id);
    CREATE INDEX messages_unseen_wake ON messages (wake, wake_seen_at) WHERE wake = 1 AND wake_seen_at IS NULL;
    CREATE INDEX messages_context ON messages (peer_id, context_id, id);

    CREATE TRIGGER messages_counted_insert AFTER INSERT ON messages BEGIN
      UPDATE counters SET value = value + 1 WHERE name = CASE NEW.direction WHEN 'in' THEN 'messages.in' ELSE 'messages.out' END;
      UPDATE counters SET value = value + 1 WHERE name = 'messages.unseen_wakes' AND NEW.wake = 1 AND NEW.wake_seen_at IS NULL;
    END;
    CREATE TRIGGER messages_counted_delete AFTER DELETE ON messages BEGIN
      UPDATE counters SET value = value - 1 WHERE name = CASE OLD.direction WHEN 'in' THEN 'messages.in' ELSE 'messages.out' END;
      UPDATE counters SET value = value - 1 WHERE name = 'messages.unseen_wakes' AND OLD.wake = 1 AND OLD.wake_seen_at IS NULL;
    END;
    CREATE TRIGGER messages_counted_wake AFTER UPDATE OF wake, wake_seen_at ON messages BEGIN
      UPDATE counters SET value = value
        - (OLD.wake = 1 AND OLD.wake_seen_at IS NULL)
        + (NEW.wake = 1 AND NEW.wake_seen_at IS NULL)
        WHERE name = 'messages.unseen_wakes';
    END;
  `,
};
