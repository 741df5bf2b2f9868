import { desktopSettingsPatch, desktopSettingsSchema, type DesktopSettings, type DesktopSettingsPatch } from '../../shared/domain/desktop';
import { CoreError } from '../core/errors';
import type { SettingsStore } from '../core/store/settings-store';
import type { Bounds } from './electron-types';

const KEY = 'desktop';
const BOUNDS_KEY = 'window.bounds';
const PLAIN_KEY_ACCEPTED = 'keychain.plainFileAccepted';

/** What a fresh install starts with. Linux trays are unreliable (no icon on some desktops), so closing quits there. */
export function defaultDesktopSettings(platform: NodeJS.Platform): DesktopSettings {
  return {
    closeToTray: platform !== 'linux',
    startAtLogin: false,
    startHidden: true,
    notifications: { approvals: true, wakes: true, deadLetters: true, cards: true },
    theme: 'system',
    updates: { channel: 'latest', checkDaily: false },
  };
}

export interface WindowState {
  bounds: Bounds;
  maximized: boolean;
}

/**
 * The desktop's preferences, kept through the same small settings interface the node uses (get/set by key):
 * electron-store in the app, `conf` (which electron-store extends) in tests. A stored value that no longer
 * parses (hand-edited, or from another version) falls back to the defaults field by field.
 */
export function createDesktopSettings(deps: { store: SettingsStore; platform: NodeJS.Platform }) {
  const defaults = defaultDesktopSettings(deps.platform);
  const read = (): DesktopSettings => {
    const stored = deps.store.get<Partial<DesktopSettings>>(KEY) ?? {};
    const merged = {
      ...defaults,
      ...stored,
      notifications: { ...defaults.notifications, ...(stored.notifications ?? {}) },
      updates: { ...defaults.updates, ...(stored.updates ?? {}) },
    };
    const parsed = desktopSettingsSchema.safeParse(merged);
    if (parsed.success) return parsed.data;
    // Keep what still parses: each top-level field on its own.
    const fixed = { ...defaults } as Record<string, unknown>;
    for (const [field, schema] of Object.entries(desktopSettingsSchema.shape)) {
      const one = schema.safeParse((merged as Record<string, unknown>)[field]);
      if (one.success) fixed[field] = one.data;
    }
    return fixed as DesktopSettings;
  };

  return {
    get: read,
    update(patch: DesktopSettingsPatch): DesktopSettings {
      const parsed = desktopSettingsPatch.safeParse(patch);
      if (!parsed.success) throw new CoreError('invalid_input', parsed.error.issues.map((issue) => `${issue.path.join('.') || 'settings'}: ${issue.message}`).join('; '));
      const current = read();
      const next: DesktopSettings = {
        ...current,
        ...parsed.data,
        notifications: { ...current.notifications, ...(parsed.data.notifications ?? {}) },
        updates: { ...current.updates, ...(parsed.data.updates ?? {}) },
      };
      deps.store.set(KEY, next);
      return next;
    },
    windowState(): WindowState | null {
      const stored = deps.store.get<WindowState>(BOUNDS_KEY);
      const bounds = stored?.bounds;
      const sane = bounds && [bounds.x, bounds.y, bounds.width, bounds.height].every((value) => Number.isFinite(value)) && bounds.width >= 200 && bounds.height >= 150;
      return sane ? { bounds, maximized: stored.maximized === true } : null;
    },
    saveWindowState(state: WindowState): void {
      deps.store.set(BOUNDS_KEY, state);
    },
    /** Whether the operator already chose to go on without an OS keychain (asked once). */
    plainKeyAccepted: () => deps.store.get<boolean>(PLAIN_KEY_ACCEPTED) === true,
    acceptPlainKey: () => deps.store.set(PLAIN_KEY_ACCEPTED, true),
  };
}

export type DesktopSettingsService = ReturnType<typeof createDesktopSettings>;
