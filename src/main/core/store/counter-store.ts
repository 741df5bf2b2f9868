import type { Db } from './database';

/** Persistent protocol counters (received, duplicates, …): they survive restarts, unlike the reference's. */
export interface CounterStore {
  increment(name: string, by?: number): void;
  read(names: readonly string[]): Record<string, number>;
}

export function createCounterStore(db: Db): CounterStore {
  const bump = db.prepare('INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value');
  const get = db.prepare('SELECT value FROM counters WHERE name = ?');
  return {
    increment(name, by = 1) {
      bump.run(name, by);
    },
    read(names) {
      return Object.fromEntries(names.map((name) => [name, (get.get(name) as { value: number } | undefined)?.value ?? 0]));
    },
  };
}
