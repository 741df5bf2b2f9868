import type { ApprovalsService } from '../../approvals/approvals-service';
import { CoreError } from '../../errors';
import type { ControlHandlers } from '../control-api';

/** The approvals inbox over the control API: every kind alike (each protocol says what its decisions do). */
export function approvalHandlers(deps: { approvals: ApprovalsService }): Pick<ControlHandlers, 'approvals.list' | 'approvals.get' | 'approvals.decide'> {
  const { approvals } = deps;
  return {
    'approvals.list': ({ status, limit }) => ({ approvals: approvals.list({ status, limit }), pending: approvals.pendingCount() }),
    'approvals.get': ({ id }) => {
      const found = approvals.get(id);
      if (!found) throw new CoreError('not_found', `There is no approval ${id.slice(0, 40)}.`);
      return found;
    },
    'approvals.decide': ({ id, action, text }) => approvals.decide(id, { action, ...(text !== undefined ? { text } : {}) }),
  };
}
