import type { Approval, ApprovalAction, ApprovalKind, ApprovalStatus } from '../../../shared/domain/approval';
import { ControlError } from '../../../shared/control-error';
import type { EventBus } from '../control/event-bus';
import type { Logger } from '../logger';
import type { AuditLog } from '../store/audit-log';
import type { ApprovalStore } from './approval-store';

export type Decision = { action: ApprovalAction | 'expire' | 'cancel'; text?: string };

/** How one kind of approval takes effect; returns the status the item ends in. */
export type ApprovalEffect = (approval: Approval, decision: Decision) => Promise<Exclude<ApprovalStatus, 'pending'>>;

const EXPIRY_SWEEP_MS = 15_000;

/**
 * The approvals inbox: things a person must decide. Each kind registers what a decision does (answer an A2A task,
 * let a handshake through); the inbox records the decision, audits it, and tells every UI.
 */
export function createApprovalsService(deps: { store: ApprovalStore; events: EventBus; audit: AuditLog; logger: Logger }) {
  const effects = new Map<ApprovalKind, ApprovalEffect>();
  const inFlight = new Set<string>();
  let timer: NodeJS.Timeout | null = null;

  const changed = (approval: Approval | null) => {
    if (approval) deps.events.emit('approvals.changed', { approval, pending: deps.store.pendingCount() });
  };

  const decide = async (id: string, decision: Decision, who: 'operator' | 'system'): Promise<Approval> => {
    const approval = deps.store.get(id);
    if (!approval) throw new ControlError('not_found', `There is no approval ${id.slice(0, 40)}.`);
    if (approval.status !== 'pending' || inFlight.has(id)) throw new ControlError('conflict', `This ${approval.kind === 'chat.handshake' ? 'handshake' : 'request'} was already decided (${approval.status}).`);
    if (who === 'operator' && !approval.actions.includes(decision.action as ApprovalAction)) {
      throw new ControlError('invalid_input', `"${decision.action}" is not possible here; choose one of: ${approval.actions.join(', ')}.`);
    }
    const effect = effects.get(approval.kind);
    if (!effect) throw new ControlError('unavailable', `Nothing handles ${approval.kind} approvals.`);
    inFlight.add(id);
    try {
      const status = await effect(approval, decision);
      deps.store.decide(id, status, decision);
    } finally {
      inFlight.delete(id);
    }
    deps.audit.audit('approval.decided', { id, kind: approval.kind, peer: approval.peerName, action: decision.action, by: who });
    const after = deps.store.get(id);
    changed(after);
    return after!;
  };

  return {
    register(kind: ApprovalKind, effect: ApprovalEffect) {
      effects.set(kind, effect);
    },
    create(input: Parameters<ApprovalStore['create']>[0]): Approval {
      const approval = deps.store.create(input);
      deps.audit.audit('approval.requested', { id: approval.id, kind: approval.kind, peer: approval.peerName });
      changed(approval);
      deps.events.emit('approval.requested', approval);
      return approval;
    },
    get: (id: string) => deps.store.get(id),
    list: (filter: { status?: ApprovalStatus | undefined; limit: number }) => deps.store.list(filter),
    pendingCount: () => deps.store.pendingCount(),
    /** The operator's decision. */
    decide: (id: string, decision: Decision) => decide(id, decision, 'operator'),
    /** A decision nobody made: the caller canceled, or time ran out. */
    async close(id: string, action: 'cancel' | 'expire'): Promise<void> {
      try {
        await decide(id, { action }, 'system');
      } catch (error) {
        if (!(error instanceof ControlError && error.code === 'conflict')) throw error;
      }
    },
    pendingWhere: (kind: ApprovalKind, field: string, value: string) => deps.store.pendingWhere(kind, field, value),
    /** Closes every pending item past its expiry (the caller is told nobody answered in time). */
    async expireDue(): Promise<number> {
      const due = deps.store.due();
      await Promise.all(due.map((item) => this.close(item.id, 'expire').catch((error: unknown) => deps.logger.warn('could not expire an approval', { id: item.id, error: String(error) }))));
      return due.length;
    },
    start() {
      void this.expireDue();
      timer = setInterval(() => void this.expireDue(), EXPIRY_SWEEP_MS);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}

export type ApprovalsService = ReturnType<typeof createApprovalsService>;
