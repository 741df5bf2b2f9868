import type { NodeSettings } from '../../../shared/domain/node';
import type { WakeHook } from '../../../shared/domain/wake';
import { DEFAULT_A2A_SETTINGS, type A2aSettings } from '../../../shared/domain/a2a';
import { DEFAULT_CHAT_SETTINGS, type ChatSettings } from '../../../shared/domain/chat';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../../shared/domain/delivery';
import { DEFAULT_POLICY_SETTING } from '../outbox/outbox-service';
import { sha256 } from '../crypto/tokens';
import type { EventBus } from '../control/event-bus';
import { LEGACY_SECRET_SETTING } from '../protocols/secure/inbound-auth';
import type { AuditLog } from '../store/audit-log';
import type { SettingsStore } from '../store/settings-store';
import type { WakeService } from '../wake/wake-service';

export interface SettingsPatch {
  name?: string | undefined;
  publicUrl?: string | null | undefined;
  skills?: string[] | undefined;
  legacySecret?: string | null | undefined;
  wakeHook?: WakeHook | null | undefined;
  retryPolicy?: RetryPolicy | undefined;
  a2a?: Partial<A2aSettings> | undefined;
  chat?: Partial<ChatSettings> | undefined;
}

export interface NodeSettingsService {
  name(): string;
  publicUrl(): string | null;
  skills(): string[];
  a2a(): A2aSettings;
  chat(): ChatSettings;
  get(): NodeSettings;
  update(patch: SettingsPatch): NodeSettings;
}

/** The chat agent id a node has until the operator picks one: its name, in the characters agent ids allow. */
export function agentIdFor(name: string): string {
  const id = name.replace(/[^A-Za-z0-9._:-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 128);
  return id || 'switchboard';
}

/** The node's own settings, kept in the database so they travel with the data dir. */
export function createNodeSettings(deps: { settings: SettingsStore; audit: AuditLog; events: EventBus; wake: WakeService; defaultName: string }): NodeSettingsService {
  const { settings } = deps;
  const service: NodeSettingsService = {
    name: () => settings.get<string>('node.name') ?? deps.defaultName,
    publicUrl: () => settings.get<string | null>('node.publicUrl') ?? null,
    skills: () => settings.get<string[]>('secure.skills') ?? [],
    a2a: () => ({ ...DEFAULT_A2A_SETTINGS, ...(settings.get<Partial<A2aSettings>>('a2a') ?? {}) }),
    chat: () => ({ agentId: agentIdFor(service.name()), ...DEFAULT_CHAT_SETTINGS, ...(settings.get<Partial<ChatSettings>>('chat') ?? {}) }),
    get: () => ({
      name: service.name(),
      publicUrl: service.publicUrl(),
      skills: service.skills(),
      legacySecretSet: Boolean(settings.get<string>(LEGACY_SECRET_SETTING)),
      wakeHook: deps.wake.getHook(),
      retryPolicy: settings.get<RetryPolicy>(DEFAULT_POLICY_SETTING) ?? DEFAULT_RETRY_POLICY,
      a2a: service.a2a(),
      chat: service.chat(),
    }),
    update(patch) {
      if (patch.name !== undefined) settings.set('node.name', patch.name);
      if (patch.publicUrl !== undefined) settings.set('node.publicUrl', patch.publicUrl);
      if (patch.skills !== undefined) settings.set('secure.skills', patch.skills);
      if (patch.legacySecret !== undefined) {
        // Only a digest is kept: the legacy secret is checked, never sent.
        settings.set(LEGACY_SECRET_SETTING, patch.legacySecret === null ? null : sha256(patch.legacySecret).toString('hex'));
      }
      if (patch.wakeHook !== undefined) deps.wake.setHook(patch.wakeHook);
      if (patch.retryPolicy !== undefined) settings.set(DEFAULT_POLICY_SETTING, patch.retryPolicy);
      if (patch.a2a !== undefined) settings.set('a2a', { ...service.a2a(), ...patch.a2a });
      if (patch.chat !== undefined) settings.set('chat', { ...(settings.get<Partial<ChatSettings>>('chat') ?? {}), ...patch.chat });
      const changedFields = Object.entries(patch)
        .filter(([, value]) => value !== undefined)
        .map(([key]) => key);
      if (changedFields.length > 0) deps.audit.audit('settings.updated', { fields: changedFields });
      const next = service.get();
      deps.events.emit('settings.changed', next);
      return next;
    },
  };
  return service;
}
