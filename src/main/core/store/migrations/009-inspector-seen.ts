import type { Migration } from './index';

/**
 * Card versions remember when they were last seen, not only first: after A, B, A the last card is A again, so
 * watches compare with it (and send its ETag) instead of with B forever.
 */
export const m009InspectorSeen: Migration = {
  version: 9,
  name: 'inspector-seen',
  sql: `
    ALTER TABLE inspector_versions ADD COLUMN seen INTEGER NOT NULL DEFAULT 0;
    UPDATE inspector_versions SET seen = id;
    CREATE INDEX inspector_versions_seen ON inspector_versions (url, protocol, seen);
  `,
};
