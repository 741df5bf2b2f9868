import type { Migration } from './index';

/** a2achat messages carry the exchange's trace id (a `trace_id` field other servers ignore), so both sides show one. */
export const m011ChatTrace: Migration = {
  version: 11,
  name: 'chat-trace',
  sql: `
    ALTER TABLE chat_messages ADD COLUMN trace_id TEXT;
  `,
};
