import { z } from 'zod';

/**
 * The desktop app's own preferences (window, login, notifications, theme, updates). They belong to this
 * machine's install, not to the node's data: they live in the desktop's settings file (electron-store), while
 * node settings travel with the data dir. The headless face has none of them (its methods answer "unavailable").
 */
export const themes = ['system', 'light', 'dark'] as const;
export const updateChannels = ['latest', 'beta'] as const;

export const desktopSettingsSchema = z.object({
  /** Closing the window keeps Switchboard in the tray (false: closing quits). */
  closeToTray: z.boolean(),
  startAtLogin: z.boolean(),
  /** When started at login, stay in the tray until opened. */
  startHidden: z.boolean(),
  notifications: z.object({
    approvals: z.boolean(),
    wakes: z.boolean(),
    deadLetters: z.boolean(),
    cards: z.boolean(),
  }),
  theme: z.enum(themes),
  updates: z.object({ channel: z.enum(updateChannels), checkDaily: z.boolean() }),
});
export type DesktopSettings = z.infer<typeof desktopSettingsSchema>;

/** A change to the desktop settings: any subset, nested objects by part. */
export const desktopSettingsPatch = z
  .object({
    closeToTray: z.boolean(),
    startAtLogin: z.boolean(),
    startHidden: z.boolean(),
    notifications: desktopSettingsSchema.shape.notifications.partial().strict(),
    theme: z.enum(themes),
    updates: desktopSettingsSchema.shape.updates.partial().strict(),
  })
  .partial()
  .strict();
export type DesktopSettingsPatch = z.infer<typeof desktopSettingsPatch>;

/** Where the vault's data key is kept, in words for Settings › Security (and Keys). */
export interface KeychainInfo {
  /** `keychain` (OS-protected), `file` (a 0600 file beside the data), `basic_text` (Linux without a secret service). */
  kind: 'keychain' | 'file' | 'basic_text';
  /** "macOS Keychain", "Windows DPAPI", "GNOME libsecret", "a 0600 file in the data dir". */
  label: string;
  /** What this means for the operator, in a sentence. */
  note: string;
}

export type UpdateState = 'idle' | 'checking' | 'none' | 'available' | 'downloading' | 'ready' | 'error' | 'unsupported';

export interface UpdateStatus {
  state: UpdateState;
  /** The version running now. */
  current: string;
  /** The version found (available, downloading, ready). */
  version: string | null;
  /** What is new, as the release notes say (plain text). */
  notes: string | null;
  /** Download progress, 0–100, while downloading. */
  percent: number | null;
  /** Why the last check failed, or why updates are not offered here (a build from source). */
  error: string | null;
  checkedAt: string | null;
}

export interface DesktopState {
  settings: DesktopSettings;
  keychain: KeychainInfo;
  updates: UpdateStatus;
  /** What the OS says about the login item (macOS may need the operator's approval in System Settings). */
  loginItem: { openAtLogin: boolean; note: string | null };
}
