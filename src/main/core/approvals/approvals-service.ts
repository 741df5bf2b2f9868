import type { Approval, ApprovalAction, ApprovalKind, ApprovalStatus } from '../../../shared/domain/approval';
import type { Clock } from '../clock';
import { CoreError } from '../errors';
import type { Logger } from '../logger';
import type { AuditLog } from '../store/audit-log';
import type { Db } from '../store/database';
import type { UnitOfWork } from '../store/unit-of-work';
import type { ApprovalKindSpec, Decision, DecisionEffect } from './approval-kind';
import { createApprovalStore, type ApprovalStore } from './approval-store';

export type { Decision } from './approval-kind';

const EXPIRY_SWEEP_MS = 15_000;

const closingStatus: Partial<Record<Decision['action'], Exclude<ApprovalStatus, 'pending'>>> = { reject: 'rejected', expire: 'expired', cancel: 'canceled' };

/**
 * The approvals inbox: things a person must decide. Each kind is registered by the protocol that raises it, with
 * what a decision does; the inbox records the decision together with its effect in one unit of work, audits it,
 * and tells every UI once it is committed.
 */
export function createApprovalsService(deps: { db: Db; clock: Clock; uow: UnitOfWork; audit: AuditLog; logger: Logger }) {
  const kinds = new Map<ApprovalKind, ApprovalKindSpec>();
  const inFlight = new Set<string>();
  let timer: NodeJS.Timeout | null = null;

  const specOf = (kind: ApprovalKind): ApprovalKindSpec => {
    const spec = kinds.get(kind);
    if (!spec) throw new CoreError('unavailable', `Nothing on this node handles ${kind.slice(0, 60)} approvals.`);
    return spec;
  };
  const detailOf = (spec: ApprovalKindSpec, detail: unknown) => {
    const parsed = spec.detail.safeParse(detail);
    if (!parsed.success) throw new CoreError('unavailable', `This ${spec.label}'s stored details cannot be read (${parsed.error.issues[0]?.message ?? 'invalid'}).`);
    return parsed.data;
  };
  const actionsOf = (kind: ApprovalKind, detail: Record<string, unknown>): ApprovalAction[] => {
    const spec = kinds.get(kind);
    if (!spec) return [];
    const parsed = spec.detail.safeParse(detail);
    // An item whose detail no longer reads can still be turned down.
    return parsed.success ? spec.actions(parsed.data) : ['reject'];
  };
  const store: ApprovalStore = createApprovalStore({ db: deps.db, clock: deps.clock, actionsOf });

  const changed = (approval: Approval) => deps.uow.events.emit('approvals.changed', { approval, pending: store.pendingCount() });

  const decide = async (id: string, decision: Decision, who: 'operator' | 'system'): Promise<Approval> => {
    const approval = store.get(id);
    if (!approval) throw new CoreError('not_found', `There is no approval ${id.slice(0, 40)}.`);
    const spec = specOf(approval.kind);
    if (approval.status !== 'pending' || inFlight.has(id)) throw new CoreError('conflict', `This ${spec.label} was already decided (${approval.status}).`);
    if (who === 'operator' && !approval.actions.includes(decision.action as ApprovalAction)) {
      throw new CoreError('invalid_input', `"${decision.action}" is not possible here; choose one of: ${approval.actions.join(', ')}.`);
    }
    const parsed = spec.detail.safeParse(approval.detail);
    // An item whose stored detail no longer reads cannot take effect, but it can still be closed: turned down,
    // expired or canceled, without running its kind's effect.
    const closing = closingStatus[decision.action];
    if (!parsed.success && !closing) detailOf(spec, approval.detail);
    inFlight.add(id);
    try {
      const effect: DecisionEffect = parsed.success ? await spec.decide(approval, parsed.data, decision) : { status: closing! };
      deps.uow.run('approval.decide', () => {
        if (!store.decide(id, effect.status, decision)) throw new CoreError('conflict', `This ${spec.label} was decided meanwhile.`);
        effect.commit?.();
        deps.audit.audit('approval.decided', { id, kind: approval.kind, peer: approval.peerName, action: decision.action, by: who });
        changed(store.get(id)!);
      });
      effect.afterCommit?.();
    } finally {
      inFlight.delete(id);
    }
    return store.get(id)!;
  };

  return {
    register<D>(spec: ApprovalKindSpec<D>) {
      if (kinds.has(spec.kind)) throw new Error(`The approval kind ${spec.kind} is registered twice.`);
      kinds.set(spec.kind, spec as ApprovalKindSpec);
    },
    /** How people name a kind, and what its peer does ("asks"): for notifications. */
    describe(kind: ApprovalKind): { label: string; verb: string } {
      const spec = kinds.get(kind);
      return { label: spec?.label ?? kind, verb: spec?.verb ?? 'asks' };
    },
    /** A new item; part of the caller's unit of work when one is open. */
    create(input: Parameters<ApprovalStore['create']>[0]): Approval {
      const spec = specOf(input.kind);
      detailOf(spec, input.detail);
      return deps.uow.run('approval.create', () => {
        const approval = store.create(input);
        deps.audit.audit('approval.requested', { id: approval.id, kind: approval.kind, peer: approval.peerName });
        changed(approval);
        deps.uow.events.emit('approval.requested', approval);
        return approval;
      });
    },
    get: (id: string) => store.get(id),
    list: (filter: { status?: ApprovalStatus | undefined; limit: number }) => store.list(filter),
    pendingCount: () => store.pendingCount(),
    oldestPendingAt: () => store.oldestPendingAt(),
    /** The operator's decision. */
    decide: (id: string, decision: Decision) => decide(id, decision, 'operator'),
    /** A decision nobody made: the caller canceled, or time ran out. */
    async close(id: string, action: 'cancel' | 'expire'): Promise<void> {
      try {
        await decide(id, { action }, 'system');
      } catch (error) {
        if (!(error instanceof CoreError && error.code === 'conflict')) throw error;
      }
    },
    pendingWhere: (kind: ApprovalKind, field: string, value: string) => store.pendingWhere(kind, field, value),
    /** Closes every pending item past its expiry (the caller is told nobody answered in time). */
    async expireDue(): Promise<number> {
      const due = store.due();
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
