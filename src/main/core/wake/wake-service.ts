import { execFile } from 'node:child_process';
import { wakeHookSchema } from '../../../shared/contract';
import type { WakeHook, WakeNotice } from '../../../shared/domain/wake';
import type { EventBus } from '../event-bus';
import type { Logger } from '../logger';
import { boundedFetch } from '../net/bounded-fetch';
import type { AuditLog } from '../store/audit-log';
import type { CounterStore } from '../store/counter-store';
import type { SettingsSlice } from '../settings/settings-slice';
import type { SettingsStore } from '../store/settings-store';

const WAKE_TEXT_CHARS = 1500;
const HOOK_SETTING = 'wake.hook';

export interface WakeService {
  /** Raises a wake: an event for the desktop (notification, badge) and the operator's hook, if any. */
  raise(notice: WakeNotice): void;
  getHook(): WakeHook | null;
  /** The wake hook's part of the node settings. */
  readonly settings: SettingsSlice;
  /** Resolves when every hook started so far has finished (tests, shutdown). */
  idle(): Promise<void>;
}

/** The text an agent sees: who (the verified peer, not a self-asserted sender) and what, framed as a message. */
export function wakeText(notice: WakeNotice): string {
  return `[A2A] message from peer "${notice.peerName}" (trace ${notice.traceId}): ${notice.preview.slice(0, WAKE_TEXT_CHARS)}`;
}

export function expandArgv(argv: readonly string[], notice: WakeNotice): string[] {
  const values: Record<string, string> = {
    '{text}': wakeText(notice),
    '{peer}': notice.peerName,
    '{trace_id}': notice.traceId,
    '{message_id}': String(notice.messageId),
    '{json}': JSON.stringify({ text: wakeText(notice), mode: 'now', peer: notice.peerName, trace_id: notice.traceId, message_id: notice.messageId }),
  };
  return argv.map((arg) => arg.replace(/\{(text|peer|trace_id|message_id|json)\}/g, (token) => values[token] ?? token));
}

export function createWakeService(deps: { events: EventBus; audit: AuditLog; counters: CounterStore; settings: SettingsStore; logger: Logger }): WakeService {
  const running = new Set<Promise<void>>();

  const runHook = async (hook: WakeHook, notice: WakeNotice): Promise<void> => {
    try {
      if (hook.kind === 'command') {
        const [file, ...args] = expandArgv(hook.argv, notice);
        if (!file) throw new Error('the command is empty');
        await new Promise<void>((resolve, reject) => {
          // No shell: each argument reaches the program as one literal string, whatever the peer wrote.
          const child = execFile(file, args, { timeout: hook.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024, windowsHide: true }, (error) =>
            error ? reject(error) : resolve(),
          );
          child.stdin?.end();
        });
      } else {
        const response = await boundedFetch(hook.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ event: 'wake', text: wakeText(notice), peer: notice.peerName, trace_id: notice.traceId, message_id: notice.messageId }),
          timeoutMs: hook.timeoutMs,
          maxBytes: 64 * 1024,
        });
        if (response.status >= 300) throw new Error(`the webhook answered ${response.status}`);
      }
      deps.counters.increment('wake.hook_ok');
    } catch (error) {
      const killed = (error as { killed?: boolean }).killed === true;
      const reason = killed ? `timed out after ${hook.timeoutMs} ms` : error instanceof Error ? error.message.slice(0, 300) : String(error);
      deps.counters.increment('wake.hook_failed');
      deps.audit.audit('wake.hook_failed', { kind: hook.kind, messageId: notice.messageId, reason });
      deps.logger.warn('wake hook failed', { kind: hook.kind, reason });
    }
  };

  const service: WakeService = {
    raise(notice) {
      deps.counters.increment('wake.raised');
      deps.events.emit('message.wake', notice);
      const hook = service.getHook();
      if (!hook) return;
      const run = runHook(hook, notice).finally(() => running.delete(run));
      running.add(run);
    },
    getHook: () => deps.settings.get<WakeHook>(HOOK_SETTING) ?? null,
    settings: {
      fields: { wakeHook: wakeHookSchema.nullable() },
      read: () => ({ wakeHook: service.getHook() }),
      write(patch) {
        deps.settings.set(HOOK_SETTING, patch.wakeHook);
      },
    },
    async idle() {
      await Promise.all([...running]);
    },
  };
  return service;
}
