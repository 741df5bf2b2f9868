import type { Migration } from './index';

/**
 * Dead letters that heal themselves: whether a dead letter's cause was transient (a connection error, a timeout, a
 * 5xx or 429 — worth trying again later) or a refusal, when it first died and when it is tried next; and a peer's
 * own redrive policy (null columns: the node's).
 */
export const m012Redrive: Migration = {
  version: 12,
  name: 'redrive',
  sql: `
    ALTER TABLE outbox ADD COLUMN redrivable INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE outbox ADD COLUMN first_dead_at INTEGER;
    ALTER TABLE outbox ADD COLUMN next_redrive_at INTEGER;
    CREATE INDEX outbox_redrive ON outbox (next_redrive_at) WHERE state = 'dead' AND redrivable = 1 AND discarded_at IS NULL;
    ALTER TABLE peer_delivery ADD COLUMN redrive_enabled INTEGER;
    ALTER TABLE peer_delivery ADD COLUMN redrive_interval_ms INTEGER;
    ALTER TABLE peer_delivery ADD COLUMN redrive_window_ms INTEGER;
  `,
};
