import type { Migration } from './index';

/**
 * A2A push notification configs (the server role): per caller (owner) and task, as the SDK's
 * PushNotificationStore scopes them. The token and the authentication credentials are the caller's secrets and
 * must be sent back to it, so they are sealed by the vault, not hashed. `state` is 'dead' once a config failed
 * repeatedly: nothing more is sent to it, but it stays listable until the caller deletes it or its task goes.
 *
 * No foreign key to a2a_tasks: the SDK saves a config given with SendMessage before the task row exists. A
 * trigger removes a task's configs with the task (retention sweep), and the sweep removes configs whose task
 * never came to be.
 */
export const m015A2aPush: Migration = {
  version: 15,
  name: 'a2a-push',
  sql: `
    CREATE TABLE a2a_push_configs (
      owner TEXT NOT NULL,
      task_id TEXT NOT NULL,
      id TEXT NOT NULL,
      url TEXT NOT NULL,
      auth_scheme TEXT,
      sealed_secrets BLOB NOT NULL,
      wire_version TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'dead')),
      failures INTEGER NOT NULL DEFAULT 0,
      last_error TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (owner, task_id, id)
    ) STRICT;
    CREATE INDEX a2a_push_configs_age ON a2a_push_configs (created_at);
    CREATE TRIGGER a2a_push_configs_with_task AFTER DELETE ON a2a_tasks BEGIN
      DELETE FROM a2a_push_configs WHERE owner = old.owner AND task_id = old.id;
    END;
  `,
};
