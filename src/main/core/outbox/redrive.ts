import { redrivePolicySchema } from '../../../shared/contract';
import type { RedrivePolicy } from '../../../shared/domain/delivery';
import { DEFAULT_REDRIVE_POLICY } from '../../../shared/domain/delivery';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { SettingsSlice } from '../settings/settings-slice';
import type { AuditLog } from '../store/audit-log';
import type { SettingsStore } from '../store/settings-store';
import type { UnitOfWork } from '../store/unit-of-work';
import type { OutboxStore } from './outbox-store';

const SETTING = 'delivery.redrive';
/** A dead letter tried less than this long ago waits for the heartbeat, even when its peer shows up. */
const SEEN_MIN_GAP_MS = 60_000;

/**
 * Delivery that heals itself: after the quick attempts, a dead letter whose cause was transient is tried again
 * on a heartbeat (every few minutes, for a day, by default) and at once when its peer is seen again (it called
 * us, or took another message). A refusal (400, 401, 403, 404, 413 …) is never redriven: the operator decides.
 * A redrive is one more attempt of the same message — same idempotency key, same trace id — so a receiver that
 * got it already applies it once.
 */
export function createRedrive(deps: {
  outbox: OutboxStore;
  settings: SettingsStore;
  uow: UnitOfWork;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  /** The message went back to the queue: tell the UI and the worker. */
  requeued: (messageIds: readonly number[]) => void;
  /** How often due dead letters are looked for (tests shorten it). */
  checkMs: number;
}) {
  const global = (): RedrivePolicy => ({ ...DEFAULT_REDRIVE_POLICY, ...(deps.settings.get<Partial<RedrivePolicy>>(SETTING) ?? {}) });
  const policyFor = (peerId: string | null): RedrivePolicy => ({ ...global(), ...(peerId ? deps.outbox.redriveOverride(peerId) : {}) });
  let timer: NodeJS.Timeout | null = null;

  const redrive = (candidates: readonly { messageId: number; peerId: string | null; firstDeadAt: number }[], why: string) => {
    const now = deps.clock.now();
    const due = candidates.filter((candidate) => {
      const policy = policyFor(candidate.peerId);
      return policy.enabled && now - candidate.firstDeadAt <= policy.forHours * 3_600_000;
    });
    if (due.length === 0) return [];
    const ids = deps.uow.run('dead_letters.redrive', () => {
      const requeued = due.filter((candidate) => deps.outbox.redrive(candidate.messageId)).map((candidate) => candidate.messageId);
      if (requeued.length > 0) deps.audit.audit('dead_letters.redriven', { count: requeued.length, why });
      return requeued;
    });
    if (ids.length > 0) {
      deps.logger.info('dead letters redriven', { count: ids.length, why });
      deps.requeued(ids);
    }
    return ids;
  };

  const settings: SettingsSlice = {
    fields: { redrive: redrivePolicySchema.partial().strict() },
    read: () => ({ redrive: global() }),
    write(patch) {
      deps.settings.set(SETTING, { ...global(), ...(patch.redrive as Partial<RedrivePolicy>) });
    },
  };

  return {
    settings,
    policyFor,
    /** When a dead letter of this peer is next tried (from now), or null when it is not to be redriven. */
    nextAt(peerId: string | null, transient: boolean): number | null {
      const policy = policyFor(peerId);
      return transient && policy.enabled ? deps.clock.now() + policy.intervalMinutes * 60_000 : null;
    },
    /** The heartbeat: every transient dead letter whose time has come goes back to the queue for one attempt. */
    tick(): number[] {
      return redrive(deps.outbox.redriveDue(deps.clock.now()), 'heartbeat');
    },
    /**
     * The peer is there again: its transient dead letters are tried now, not at the next heartbeat — but not one
     * that was tried in the last minute (a peer that calls often but refuses our messages must not be flooded).
     */
    peerSeen(peerId: string): number[] {
      const now = deps.clock.now();
      return redrive(deps.outbox.redrivableOf(peerId).filter((candidate) => now - candidate.lastChangedAt >= SEEN_MIN_GAP_MS), 'peer seen again');
    },
    start() {
      timer = setInterval(() => {
        try {
          this.tick();
        } catch (error) {
          deps.logger.warn('redriving dead letters failed', { error: error instanceof Error ? error.message : String(error) });
        }
      }, deps.checkMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

export type Redrive = ReturnType<typeof createRedrive>;
