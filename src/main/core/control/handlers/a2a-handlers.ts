import { ControlError } from '../../../../shared/control-error';
import type { ApprovalsService } from '../../approvals/approvals-service';
import type { A2aProtocol } from '../../protocols/a2a/a2a-protocol';
import type { AuditLog } from '../../store/audit-log';
import type { PeerStore } from '../../store/peer-store';
import type { ControlHandlers } from '../control-api';
import type { EventBus } from '../event-bus';

type A2aMethods =
  | 'keys.list'
  | 'keys.generate'
  | 'keys.revoke'
  | 'credentials.list'
  | 'credentials.add'
  | 'credentials.remove'
  | 'approvals.list'
  | 'approvals.get'
  | 'approvals.decide'
  | 'a2a.cancelTask'
  | 'peers.setGatewayPolicy';

export function a2aHandlers(deps: { a2a: A2aProtocol; approvals: ApprovalsService; peers: PeerStore; audit: AuditLog; events: EventBus }): Pick<ControlHandlers, A2aMethods> {
  const { a2a, approvals } = deps;
  return {
    'keys.list': () => ({ keys: a2a.apiKeys.list() }),
    'keys.generate': ({ label, peer }) => a2a.generateKey(label, peer),
    'keys.revoke': ({ label }) => a2a.revokeKey(label),
    'credentials.list': () => ({ credentials: a2a.credentials.list() }),
    'credentials.add': ({ prefix, headers }) => {
      const added = a2a.credentials.add(prefix, headers);
      deps.audit.audit('credentials.added', { prefix: added.prefix, headers: added.headers.map((h) => h.name) });
      deps.events.emit('keys.changed', {});
      return added;
    },
    'credentials.remove': ({ id }) => {
      a2a.credentials.remove(id);
      deps.audit.audit('credentials.removed', { id });
      deps.events.emit('keys.changed', {});
      return { removed: id };
    },
    'approvals.list': ({ status, limit }) => ({ approvals: approvals.list({ status, limit }), pending: approvals.pendingCount() }),
    'approvals.get': ({ id }) => {
      const found = approvals.get(id);
      if (!found) throw new ControlError('not_found', `There is no approval ${id.slice(0, 40)}.`);
      return found;
    },
    'approvals.decide': ({ id, action, text }) => approvals.decide(id, { action, ...(text !== undefined ? { text } : {}) }),
    'a2a.cancelTask': ({ peer, taskId }) => a2a.cancelTask(peer, taskId),
    'peers.setGatewayPolicy': ({ peer, policy }) => {
      const target = deps.peers.resolve(peer);
      deps.peers.setGatewayPolicy(target.id, policy);
      deps.audit.audit('peer.gateway_policy_set', { peer: target.name, policy });
      deps.events.emit('peers.changed', { peerId: target.id });
      return deps.peers.resolve(target.id);
    },
  };
}
