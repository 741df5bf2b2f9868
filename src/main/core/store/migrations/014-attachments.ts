import type { Migration } from './index';

/**
 * Files that come with messages (A2A file parts, in and out). The bytes live beside the message and go with it
 * (ON DELETE CASCADE); `messages.attachments` keeps their description with the row, so a timeline page shows
 * them without a second query.
 */
export const m014Attachments: Migration = {
  version: 14,
  name: 'attachments',
  sql: `
    CREATE TABLE attachments (
      id INTEGER PRIMARY KEY,
      message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      name TEXT NOT NULL,
      media_type TEXT NOT NULL,
      size INTEGER,
      sha256 TEXT,
      url TEXT,
      bytes BLOB,
      created_at TEXT NOT NULL,
      fetched_at TEXT,
      UNIQUE (message_id, position)
    );
    ALTER TABLE messages ADD COLUMN attachments TEXT;
  `,
};
