import type { Migration } from './index';

/**
 * Message counts kept by triggers, in the same transaction as the row change: the dashboard and tray read three
 * rows instead of counting the whole table after every message (which made intake O(n)).
 */
export const m003MessageCounters: Migration = {
  version: 3,
  name: 'message-counters',
  sql: `
    INSERT INTO counters (name, value) VALUES ('messages.in', 0), ('messages.out', 0), ('messages.unseen_wakes', 0)
      ON CONFLICT (name) DO NOTHING;
    UPDATE counters SET value = (SELECT COUNT(*) FROM messages WHERE direction = 'in') WHERE name = 'messages.in';
    UPDATE counters SET value = (SELECT COUNT(*) FROM messages WHERE direction = 'out') WHERE name = 'messages.out';
    UPDATE counters SET value = (SELECT COUNT(*) FROM messages WHERE wake = 1 AND wake_seen_at IS NULL) WHERE name = 'messages.unseen_wakes';

    CREATE TRIGGER messages_counted_insert AFTER INSERT ON messages BEGIN
      UPDATE counters SET value = value + 1 WHERE name = CASE NEW.direction WHEN 'in' THEN 'messages.in' ELSE 'messages.out' END;
      UPDATE counters SET value = value + 1 WHERE name = 'messages.unseen_wakes' AND NEW.wake = 1 AND NEW.wake_seen_at IS NULL;
    END;
    CREATE TRIGGER messages_counted_delete AFTER DELETE ON messages BEGIN
      UPDATE counters SET value = value - 1 WHERE name = CASE OLD.direction WHEN 'in' THEN 'messages.in' ELSE 'messages.out' END;
      UPDATE counters SET value = value - 1 WHERE name = 'messages.unseen_wakes' AND OLD.wake = 1 AND OLD.wake_seen_at IS NULL;
    END;
    CREATE TRIGGER messages_counted_wake AFTER UPDATE OF wake, wake_seen_at ON messages BEGIN
      UPDATE counters SET value = value
        - (OLD.wake = 1 AND OLD.wake_seen_at IS NULL)
        + (NEW.wake = 1 AND NEW.wake_seen_at IS NULL)
        WHERE name = 'messages.unseen_wakes';
    END;
  `,
};
