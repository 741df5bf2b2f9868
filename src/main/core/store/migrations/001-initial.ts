import type { Migration } from './index';

export const m001Initial: Migration = {
  version: 1,
  name: 'initial',
  sql: `
    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      event TEXT NOT NULL,
      details TEXT NOT NULL DEFAULT '{}'
    ) STRICT;
    CREATE INDEX audit_log_event ON audit_log (event, id);

    CREATE TABLE messages (
      id INTEGER PRIMARY KEY,
      direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
      protocol TEXT NOT NULL CHECK (protocol IN ('secure', 'a2a', 'chat')),
      trace_id TEXT NOT NULL,
      content TEXT NOT NULL,
      status TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX messages_direction ON messages (direction);
    CREATE INDEX messages_trace ON messages (trace_id);
  `,
};
