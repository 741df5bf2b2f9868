import type { Migration } from './index';

/**
 * The capability-card inspector: every distinct card a URL has published (by protocol, with its ETag), the
 * watches (they survive restarts), the latest report per URL (a peer's page shows it), and "Try it" exchanges.
 */
export const m008Inspector: Migration = {
  version: 8,
  name: 'inspector',
  sql: `
    CREATE TABLE inspector_versions (
      id INTEGER PRIMARY KEY,
      url TEXT NOT NULL,
      protocol TEXT NOT NULL,
      hash TEXT NOT NULL,
      card TEXT NOT NULL,
      etag TEXT,
      first_seen_at TEXT NOT NULL,
      UNIQUE (url, protocol, hash)
    ) STRICT;
    CREATE INDEX inspector_versions_url ON inspector_versions (url, protocol, id);

    CREATE TABLE inspector_watches (
      url TEXT PRIMARY KEY,
      peer_id TEXT REFERENCES peers (id) ON DELETE SET NULL,
      interval_seconds INTEGER NOT NULL,
      enabled INTEGER NOT NULL,
      last_checked_at TEXT,
      last_verdict TEXT,
      last_version_id INTEGER,
      last_error TEXT,
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE inspector_reports (
      url TEXT PRIMARY KEY,
      report TEXT NOT NULL,
      checked_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE inspector_exchanges (
      id INTEGER PRIMARY KEY,
      url TEXT NOT NULL,
      peer_id TEXT REFERENCES peers (id) ON DELETE SET NULL,
      request TEXT NOT NULL,
      responses TEXT NOT NULL,
      reply_text TEXT NOT NULL,
      outcome TEXT NOT NULL,
      saved INTEGER NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX inspector_exchanges_url ON inspector_exchanges (url, id);
  `,
};
