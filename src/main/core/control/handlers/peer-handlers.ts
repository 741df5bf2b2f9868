import type { MethodParsedInput } from '../../../../shared/contract';
import type { Peer } from '../../../../shared/domain/peer';
import { ControlError } from '../../../../shared/control-error';
import { randomToken } from '../../crypto/tokens';
import { randomBytes } from 'node:crypto';
import type { AuditLog } from '../../store/audit-log';
import type { Db } from '../../store/database';
import type { PeerStore } from '../../store/peer-store';
import type { ControlHandlers } from '../control-api';
import type { EventBus } from '../event-bus';

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

const generateAesKeyHex = () => randomBytes(32).toString('hex');

/** The peer address book over the control API. Generated secrets are returned once and never again. */
export function peerHandlers(deps: {
  db: Db;
  peers: PeerStore;
  audit: AuditLog;
  events: EventBus;
  /** Runs before a peer is removed (its pending messages become dead letters that say why). */
  beforeRemove?: (peer: Peer) => void;
  /** Runs after a peer is added (a chat peer starts its handshake). */
  afterAdd?: (peer: Peer, input: MethodParsedInput<'peers.add'>) => void;
}): Pick<ControlHandlers, PeerMethods> {
  const { peers, audit, events } = deps;
  const changed = (peer: Peer | null) => events.emit('peers.changed', { peerId: peer?.id ?? null });

  return {
    'peers.list': ({ search }) => ({ peers: peers.list(search) }),
    'peers.get': ({ peer }) => peers.resolve(peer),
    'peers.add': (input) => {
      const generated: { inboundSecret?: string; aesKey?: string } = {};
      const peer = deps.db.transaction(() => {
        const created = peers.add({ name: input.name, protocol: input.protocol, baseUrl: input.baseUrl, notes: input.notes });
        if (input.inboundSecret) {
          const secret = input.inboundSecret === 'generate' ? randomToken(32) : input.inboundSecret;
          if (input.inboundSecret === 'generate') generated.inboundSecret = secret;
          peers.addInboundSecret(created.id, secret);
        }
        if (input.outboundSecret) peers.setCredential(created.id, 'outbound_secret', input.outboundSecret);
        if (input.aesKey) {
          const hex = input.aesKey === 'generate' ? generateAesKeyHex() : input.aesKey;
          if (input.aesKey === 'generate') generated.aesKey = hex;
          peers.setCredential(created.id, 'aes_key', hex);
        }
        return peers.resolve(created.id);
      })();
      audit.audit('peer.added', { peer: peer.name, protocol: peer.protocol, baseUrl: peer.baseUrl, generatedInbound: Boolean(generated.inboundSecret), generatedAes: Boolean(generated.aesKey) });
      deps.afterAdd?.(peer, input);
      changed(peer);
      return { peer, generated };
    },
    'peers.update': ({ peer, ...patch }) => {
      const current = peers.resolve(peer);
      const updated = peers.update(current.id, patch);
      audit.audit('peer.updated', { peer: updated.name, fields: Object.keys(patch).filter((key) => patch[key as keyof typeof patch] !== undefined) });
      changed(updated);
      return updated;
    },
    'peers.remove': ({ peer }) => {
      const target = peers.resolve(peer);
      deps.beforeRemove?.(target);
      const removed = peers.remove(target.id);
      audit.audit('peer.removed', { peer: removed.name });
      changed(removed);
      return { removed };
    },
    'peers.rotateInboundSecret': ({ peer, graceSeconds, secret }) => {
      const current = peers.resolve(peer);
      const next = secret ?? randomToken(32);
      peers.rotateInboundSecret(current.id, next, graceSeconds * 1000);
      audit.audit('peer.inbound_secret_rotated', { peer: current.name, graceSeconds, provided: Boolean(secret) });
      const updated = peers.resolve(current.id);
      changed(updated);
      return { peer: updated, inboundSecret: next };
    },
    'peers.revokeInboundSecret': ({ peer, secretId }) => {
      const current = peers.resolve(peer);
      peers.revokeInboundSecret(current.id, secretId);
      audit.audit('peer.inbound_secret_revoked', { peer: current.name, secretId });
      const updated = peers.resolve(current.id);
      changed(updated);
      return updated;
    },
    'peers.setOutboundSecret': ({ peer, secret }) => {
      const current = peers.resolve(peer);
      peers.setCredential(current.id, 'outbound_secret', secret);
      audit.audit(secret === null ? 'peer.outbound_secret_cleared' : 'peer.outbound_secret_set', { peer: current.name });
      const updated = peers.resolve(current.id);
      changed(updated);
      return updated;
    },
    'peers.setAesKey': ({ peer, key }) => {
      const current = peers.resolve(peer);
      const hex = key === 'generate' ? generateAesKeyHex() : key;
      peers.setCredential(current.id, 'aes_key', hex);
      audit.audit(hex === null ? 'peer.aes_key_cleared' : 'peer.aes_key_set', { peer: current.name, generated: key === 'generate' });
      const updated = peers.resolve(current.id);
      changed(updated);
      return key === 'generate' && hex ? { peer: updated, aesKey: hex } : { peer: updated };
    },
    'peers.revealCredential': ({ peer, kind }) => {
      const current = peers.resolve(peer);
      const value = peers.getCredential(current.id, kind);
      if (value === null) throw new ControlError('not_found', `${current.name} has no ${kind === 'aes_key' ? 'AES key' : 'outbound secret'}.`);
      audit.audit('credential.revealed', { peer: current.name, kind });
      return { value };
    },
  };
}
