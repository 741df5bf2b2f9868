import type { Migration } from './index';

/**
 * A node that had conversations before read marks existed starts with them read (not "999+ unread" everywhere);
 * only what arrives from now on counts.
 */
export const m013SeedReads: Migration = {
  version: 13,
  name: 'seed-reads',
  sql: `
    INSERT OR IGNORE INTO conversation_reads (peer_id, last_read_id)
      SELECT peer_id, MAX(id) FROM messages WHERE peer_id IN (SELECT id FROM peers) GROUP BY peer_id;
  `,
};
