import type { Migration } from './index';

/**
 * What the console needs to tell the truth: an A2A task's state and interim status on the message that started
 * it, a message's parts when it had more than text, what each delivery attempt put on the wire, and how far the
 * operator has read each conversation.
 */
export const m010Console: Migration = {
  version: 10,
  name: 'console',
  sql: `
    ALTER TABLE messages ADD COLUMN task_state TEXT;
    ALTER TABLE messages ADD COLUMN status_text TEXT;
    ALTER TABLE messages ADD COLUMN parts TEXT;
    ALTER TABLE delivery_attempts ADD COLUMN sent TEXT;
    ALTER TABLE delivery_attempts ADD COLUMN url TEXT;

    CREATE TABLE conversation_reads (
      peer_id TEXT PRIMARY KEY REFERENCES peers (id) ON DELETE CASCADE,
      last_read_id INTEGER NOT NULL
    ) STRICT;
  `,
};
