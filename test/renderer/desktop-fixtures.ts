import { DEFAULT_A2A_SETTINGS } from '@shared/domain/a2a';
import { DEFAULT_CHAT_SETTINGS } from '@shared/domain/chat';
import type { DesktopState, UpdateStatus } from '@shared/domain/desktop';
import type { NodeSettings } from '@shared/domain/node';

/** The desktop's state as `desktop.get` answers it; each test overrides what it is about. */
export function desktopState(overrides: Partial<DesktopState> = {}): DesktopState {
  return {
    settings: {
      closeToTray: true,
      startAtLogin: true,
      startHidden: false,
      notifications: { approvals: true, wakes: true, deadLetters: true, cards: false },
      theme: 'system',
      updates: { channel: 'latest', checkDaily: true },
    },
    keychain: { kind: 'keychain', label: 'macOS Keychain', note: 'The data key is wrapped by your login keychain.' },
    updates: updateStatus(),
    loginItem: { openAtLogin: true, note: null },
    ...overrides,
  };
}

export function updateStatus(overrides: Partial<UpdateStatus> = {}): UpdateStatus {
  return { state: 'none', current: '0.4.0', version: null, notes: null, percent: null, error: null, checkedAt: new Date(Date.now() - 3 * 60_000).toISOString(), ...overrides };
}

export function nodeSettings(): NodeSettings {
  return { name: 'n', publicUrl: null, skills: [], legacySecretSet: false, wakeHook: null, retryPolicy: { maxAttempts: 3, baseDelayMs: 1000 }, redrive: { enabled: true, intervalMinutes: 5, forHours: 24 }, metricsPublic: false, a2a: DEFAULT_A2A_SETTINGS, chat: { agentId: 'n', ...DEFAULT_CHAT_SETTINGS } } as unknown as NodeSettings;
}
