import type { Peer } from '../../../../shared/domain/peer';
import { aesKeyHex } from '../../crypto/ids';
import { randomToken } from '../../crypto/tokens';
import { CoreError } from '../../errors';
import type { ProtocolRegistry } from '../../protocols/registry';
import type { AuditLog } from '../../store/audit-log';
import type { PeerStore } from '../../store/peer-store';
import type { UnitOfWork } from '../../store/unit-of-work';
import { parseInput } from '../../validation';
import type { ControlHandlers } from '../control-api';

type PeerMethods =
  | 'peers.list'
  | 'peers.get'
  | 'peers.add'
  | 'peers.update'
  | 'peers.remove'
  | 'peers.rotateInboundSecret'
  | 'peers.revokeInboundSecret'
  | 'peers.setOutboundSecret'
  | 'peers.setAesKey'
  | 'peers.revealCredential';

/**
 * The peer address book over the control API. What a peer holds beyond its name, URL and notes is its protocol's
 * to check and store (the registry is asked; nothing here knows a protocol). Every change is one unit of work.
 * Generated secrets are returned once and never again.
 */
export function peerHandlers(deps: {
  uow: UnitOfWork;
  peers: PeerStore;
  audit: AuditLog;
  protocols: ProtocolRegistry;
  /** A removed peer's pending messages become dead letters that say why (inside the removal's unit). */
  abandonOutbox: (peer: Peer) => void;
}): Pick<ControlHandlers, PeerMethods> {
  const { peers, audit, uow } = deps;
  const changed = (peer: Peer | null) => uow.events.emit('peers.changed', { peerId: peer?.id ?? null });
  /** A write, its audit record and its event, as one change; the peer as it stands afterwards. */
  const change = (label: string, peerRef: string, write: (peer: Peer) => void, event: string, details: Record<string, unknown> = {}) =>
    uow.run(label, () => {
      const current = peers.resolve(peerRef);
      write(current);
      audit.audit(event, { peer: current.name, ...details });
      const after = peers.resolve(current.id);
      changed(after);
      return after;
    });

  return {
    'peers.list': ({ search }) => ({ peers: peers.list(search) }),
    'peers.get': ({ peer }) => peers.resolve(peer),
    'peers.add': (input) => {
      const { name, baseUrl, protocol: id, notes, ...extra } = input;
      const protocol = deps.protocols.require(id);
      const shape = protocol.peers.input.shape;
      const foreign = Object.keys(extra).find((key) => !(key in shape));
      if (foreign !== undefined) throw new CoreError('invalid_input', `${foreign.slice(0, 60)}: not a field of ${protocol.info.label} peers.`);
      const fields = parseInput(protocol.peers.input, extra) as Record<string, unknown>;
      return uow.run('peer.add', () => {
        const created = peers.add({ name, protocol: protocol.info.id, baseUrl, notes });
        const generated = protocol.peers.added?.(created, fields) ?? {};
        const peer = peers.resolve(created.id);
        audit.audit('peer.added', { peer: peer.name, protocol: peer.protocol, baseUrl: peer.baseUrl, generated: Object.keys(generated) });
        changed(peer);
        return { peer, generated };
      });
    },
    'peers.update': ({ peer, name, baseUrl, notes, ...extra }) => {
      const target = peers.resolve(peer);
      const protocol = deps.protocols.get(target.protocol);
      const shape = protocol?.peers.updateInput?.shape ?? {};
      const foreign = Object.keys(extra).find((key) => !(key in shape));
      if (foreign !== undefined) throw new CoreError('invalid_input', `${foreign.slice(0, 60)}: not a field you can change on ${protocol?.info.label ?? target.protocol} peers.`);
      const own = protocol?.peers.updateInput && Object.keys(extra).length > 0 ? (parseInput(protocol.peers.updateInput, extra) as Record<string, unknown>) : {};
      const patch = { name, baseUrl, notes };
      return uow.run('peer.update', () => {
        const before = peers.resolve(target.id);
        const updated = peers.update(before.id, patch);
        protocol?.peers.updated?.(updated, before, own);
        const fields = [...Object.keys(patch).filter((key) => patch[key as keyof typeof patch] !== undefined), ...Object.keys(own)];
        audit.audit('peer.updated', { peer: updated.name, fields });
        changed(updated);
        return peers.resolve(updated.id);
      });
    },
    /** The peer, what its protocol keeps for it, and its undelivered messages' fate: all of it, or none. */
    'peers.remove': ({ peer }) =>
      uow.run('peer.remove', () => {
        const target = peers.resolve(peer);
        deps.protocols.get(target.protocol)?.peers.removing?.(target);
        deps.abandonOutbox(target);
        const removed = peers.remove(target.id);
        audit.audit('peer.removed', { peer: removed.name });
        changed(removed);
        return { removed };
      }),
    'peers.rotateInboundSecret': ({ peer, graceSeconds, secret }) => {
      const next = secret ?? randomToken(32);
      const updated = change('peer.rotate_inbound_secret', peer, (current) => peers.rotateInboundSecret(current.id, next, graceSeconds * 1000), 'peer.inbound_secret_rotated', {
        graceSeconds,
        provided: Boolean(secret),
      });
      return { peer: updated, inboundSecret: next };
    },
    'peers.revokeInboundSecret': ({ peer, secretId }) =>
      change('peer.revoke_inbound_secret', peer, (current) => peers.revokeInboundSecret(current.id, secretId), 'peer.inbound_secret_revoked', { secretId }),
    'peers.setOutboundSecret': ({ peer, secret }) =>
      change('peer.set_outbound_secret', peer, (current) => peers.setCredential(current.id, 'outbound_secret', secret), secret === null ? 'peer.outbound_secret_cleared' : 'peer.outbound_secret_set'),
    'peers.setAesKey': ({ peer, key }) => {
      const hex = key === 'generate' ? aesKeyHex() : key;
      const updated = change('peer.set_aes_key', peer, (current) => peers.setCredential(current.id, 'aes_key', hex), hex === null ? 'peer.aes_key_cleared' : 'peer.aes_key_set', { generated: key === 'generate' });
      return key === 'generate' && hex ? { peer: updated, aesKey: hex } : { peer: updated };
    },
    'peers.revealCredential': ({ peer, kind }) => {
      const current = peers.resolve(peer);
      const value = peers.getCredential(current.id, kind);
      if (value === null) throw new CoreError('not_found', `${current.name} has no ${kind === 'aes_key' ? 'AES key' : 'outbound secret'}.`);
      audit.audit('credential.revealed', { peer: current.name, kind });
      return { value };
    },
  };
}
