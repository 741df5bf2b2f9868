import type { Migration } from './index';

/**
 * Text search without a full scan: an external-content FTS5 index over `messages.content`, kept by triggers in
 * the same transaction as the row change, and filled here for the rows a node already has.
 *
 * The trigram tokenizer because the Timeline's search is substring matching (`LIKE '%term%'`): every run of three
 * characters of the term must be in a row for the term to be, inside a word or across words, which a word
 * tokenizer (unicode61) cannot say. The index only finds candidates (rows holding all the term's trigrams, case
 * folded beyond ASCII); the store checks each with the old LIKE, so the results are the old query's. Terms under
 * three characters have no trigram and keep the LIKE scan (message-filter-sql.ts).
 *
 * detail=none: no positions, since the LIKE check decides anyway. It makes each insert about a quarter cheaper
 * (measured: ~125 instead of ~165 µs of CPU for a 100-character message) and the index smaller, and the insert is
 * on the path of every received message. A migration that rebuilds `messages` must recreate these triggers.
 *
 * Filling the index and the indexes below for rows a node already has is one pass over them (22 s of CPU, 34 s
 * on the shared 2-core machine, for a million messages of ~120 characters), once, at the first start of this version.
 */
export const m016MessageSearch: Migration = {
  version: 16,
  name: 'message-search',
  sql: `
    CREATE VIRTUAL TABLE messages_fts USING fts5(content, content = 'messages', content_rowid = 'id', tokenize = 'trigram', detail = none);
    INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');

    CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
      INSERT INTO messages_fts (rowid, content) VALUES (NEW.id, NEW.content);
    END;
    CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
      INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', OLD.id, OLD.content);
    END;
    CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
      INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', OLD.id, OLD.content);
      INSERT INTO messages_fts (rowid, content) VALUES (NEW.id, NEW.content);
    END;

    -- The Timeline's two-filter lists (a peer or a protocol, with a direction or a status): one index range each,
    -- newest first, for the page and its count. With single-column indexes SQLite walks one filter's rows and
    -- tests the other (measured on a million: 0.4-0.7 s to count "atlas, dead").
    CREATE INDEX messages_peer_direction ON messages (peer_id, direction, id);
    CREATE INDEX messages_peer_status ON messages (peer_id, status, id);
    CREATE INDEX messages_protocol_direction ON messages (protocol, direction, id);
    CREATE INDEX messages_protocol_status ON messages (protocol, status, id);
  `,
};
