import type { Db } from './database';

/** Node settings kept in the database (they travel with the data dir, unlike desktop window preferences). */
export interface SettingsStore {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
}

export function createSettingsStore(db: Db): SettingsStore {
  const select = db.prepare('SELECT value FROM settings WHERE key = ?');
  const upsert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  return {
    get<T>(key: string) {
      const row = select.get(key) as { value: string } | undefined;
      return row ? (JSON.parse(row.value) as T) : undefined;
    },
    set(key, value) {
      upsert.run(key, JSON.stringify(value));
    },
  };
}
