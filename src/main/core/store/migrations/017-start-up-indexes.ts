import type { Migration } from './index';

/**
 * What the node reads once at every start, indexed (issue 15: ready with a million messages). Recovering
 * interrupted deliveries asked for the outbox rows still 'sending' and the attempts never finished; neither had an
 * index it could use (outbox_pending's `state IN (…)` does not cover `state = 'sending'` for SQLite's planner), so
 * each start scanned the outbox — 450,000 rows and ~65–110 ms on the seeded million. Both sets are near empty.
 */
export const m017StartUpIndexes: Migration = {
  version: 17,
  name: 'start-up-indexes',
  sql: `
    CREATE INDEX outbox_sending ON outbox (message_id) WHERE state = 'sending';
    CREATE INDEX delivery_attempts_open ON delivery_attempts (message_id) WHERE finished_at IS NULL;
  `,
};
