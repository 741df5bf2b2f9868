import { DEFAULT_A2A_SETTINGS } from '@shared/domain/a2a';
import { DEFAULT_CHAT_SETTINGS } from '@shared/domain/chat';
import type { NodeSettings } from '@shared/domain/node';

/** A node's settings as the renderer tests need them; each test overrides what it is about. */
export function nodeSettings(overrides: Partial<NodeSettings> = {}): NodeSettings {
  return {
    name: 'relay',
    publicUrl: null,
    port: 8080,
    setupDone: true,
    skills: [],
    legacySecretSet: false,
    wakeHook: null,
    retryPolicy: { maxAttempts: 3, baseDelayMs: 1000 },
    redrive: { enabled: true, intervalMinutes: 5, forHours: 24 },
    metricsPublic: false,
    backups: { enabled: true, intervalHours: 24, keep: 7 },
    limits: { perAddressPerMinute: 600, perCredentialPerMinute: 1200 },
    a2a: DEFAULT_A2A_SETTINGS,
    chat: { agentId: 'relay-agent', ...DEFAULT_CHAT_SETTINGS },
    ...overrides,
  } as NodeSettings;
}
