import type { FastifyInstance } from 'fastify';
import type { ReceivingState } from '../../../shared/domain/node';
import { isoAt, type Clock } from '../clock';
import type { EventBus } from '../event-bus';
import type { AuditLog } from '../store/audit-log';
import type { SettingsStore } from '../store/settings-store';
import type { UnitOfWork } from '../store/unit-of-work';
import { sendError } from './error-reply';

const SETTING = 'receiving.pausedSince';
/** What a paused node asks senders to wait before trying again. */
export const PAUSED_RETRY_AFTER_SECONDS = 60;

/**
 * "Pause receiving": the public listener refuses what would write (POST, PUT, PATCH, DELETE) with 503 and
 * Retry-After, so well-behaved senders keep their messages and try again later; reads go on (cards, /health,
 * polls, the stream of an open session), so peers can still see the node is there. The state survives restarts.
 */
export function createReceivingGate(deps: { settings: SettingsStore; clock: Clock; events: EventBus; audit: AuditLog; uow: UnitOfWork }) {
  const state = (): ReceivingState => {
    const since = deps.settings.get<string>(SETTING) ?? null;
    return { paused: since !== null, since };
  };
  let current = state();

  return {
    state: () => current,
    set(paused: boolean): ReceivingState {
      if (paused === current.paused) return current;
      return deps.uow.run('receiving.set', () => {
        deps.settings.set(SETTING, paused ? isoAt(deps.clock) : null);
        deps.audit.audit(paused ? 'receiving.paused' : 'receiving.resumed', {});
        const next = state();
        deps.uow.afterCommit(() => {
          current = next;
        });
        deps.events.emit('receiving.changed', next);
        return next;
      });
    },
    install(app: FastifyInstance): void {
      app.addHook('onRequest', async (request, reply) => {
        if (!current.paused || ['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return undefined;
        reply.header('retry-after', String(PAUSED_RETRY_AFTER_SECONDS));
        return sendError(reply, 503, { error: 'receiving_paused', message: `This node is not receiving right now; try again in ${PAUSED_RETRY_AFTER_SECONDS} s.`, retry_after_seconds: PAUSED_RETRY_AFTER_SECONDS });
      });
    },
  };
}

export type ReceivingGate = ReturnType<typeof createReceivingGate>;
