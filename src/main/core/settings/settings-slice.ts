import type { z } from 'zod';

/**
 * A part of the node's settings, declared by the module that owns it (the node's identity, the wake hook, the
 * outbox's retry policy, each protocol's own): which keys of `settings.update` it answers and with which schema,
 * what it adds to `settings.get`, and how it stores a change. The settings service knows no key of its own.
 */
export interface SettingsSlice {
  /** The top-level keys of a settings patch this owner answers, each with the zod schema of its value. */
  readonly fields: z.ZodRawShape;
  /** This owner's part of `settings.get`. */
  read(): Record<string, unknown>;
  /** Stores the fields given (already validated); runs inside the settings unit of work. */
  write(patch: Record<string, unknown>): void;
}

/**
 * A slice that is one object under one key (`a2a`, `chat`): a patch is any subset of its fields, stored merged
 * over what was stored before; `read` gives the whole object with its defaults.
 */
export function objectSlice<T extends object>(deps: {
  key: string;
  store: { get<V>(key: string): V | undefined; set(key: string, value: unknown): void };
  patch: z.ZodType;
  read: (stored: Partial<T>) => T;
}): SettingsSlice & { current(): T } {
  const stored = () => deps.store.get<Partial<T>>(deps.key) ?? {};
  return {
    fields: { [deps.key]: deps.patch },
    current: () => deps.read(stored()),
    read: () => ({ [deps.key]: deps.read(stored()) }),
    write(patch) {
      deps.store.set(deps.key, { ...stored(), ...(patch[deps.key] as Partial<T>) });
    },
  };
}
