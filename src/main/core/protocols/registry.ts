import { checkOutgoingFiles } from './send-checks';
import type { SendRequest } from '../../../shared/domain/delivery';
import type { Peer } from '../../../shared/domain/peer';
import { PROTOCOL_ID, type ProtocolInfo } from '../../../shared/protocols';
import { CoreError } from '../errors';
import type { SendOptions } from '../outbox/outbox-service';
import type { AttemptResult } from '../outbox/retry-policy';
import type { Delivery, Protocol, ProtocolContext, ProtocolModule } from './protocol';

export interface ProtocolRegistry {
  /** The protocols as the UI names them, in registration order. */
  list(): ProtocolInfo[];
  all(): readonly Protocol[];
  get(id: string): Protocol | null;
  /** The protocol, or an invalid_input CoreError naming those this node speaks. */
  require(id: string): Protocol;
  /** The outbox asks the peer's protocol to check a message and add what it needs to it. */
  prepareSend(peer: Peer, options: SendOptions): Pick<SendRequest, 'contextId' | 'taskId'>;
  /** Whether a dead letter of this protocol may be redriven by itself (see OutboundSide.idempotent). */
  redrivable(protocol: string, result: AttemptResult): boolean;
  /** How many of a peer's messages of this protocol may be in flight at once (1: strict order). */
  maxInFlight(protocol: string): number;
  /** The outbox hands one attempt to the peer's protocol. */
  deliver(delivery: Omit<Delivery, 'peer'> & { peer: Peer | null }): Promise<AttemptResult>;
}

/** Builds every protocol of the list for this node. Ids must be well formed and unique. */
export function createProtocolRegistry(modules: readonly ProtocolModule[], context: ProtocolContext): ProtocolRegistry {
  const byId = new Map<string, Protocol>();
  for (const module of modules) {
    if (!PROTOCOL_ID.test(module.info.id)) throw new Error(`"${module.info.id}" is not a valid protocol id (${PROTOCOL_ID}).`);
    if (byId.has(module.info.id)) throw new Error(`Two protocols share the id ${module.info.id}.`);
    const protocol = module.create(context);
    if (protocol.info.id !== module.info.id) throw new Error(`The protocol module ${module.info.id} built ${protocol.info.id}.`);
    byId.set(module.info.id, protocol);
  }
  const all = [...byId.values()];
  return {
    list: () => all.map((protocol) => ({ ...protocol.info })),
    all: () => all,
    get: (id) => byId.get(id) ?? null,
    require(id) {
      const found = byId.get(id);
      if (found) return found;
      const known = all.map((protocol) => `${protocol.info.label} (${protocol.info.id})`).join(', ');
      throw new CoreError('invalid_input', `There is no protocol "${id.slice(0, 40)}" on this node; it speaks ${known}.`);
    },
    prepareSend(peer, options) {
      const protocol = this.require(peer.protocol);
      if (!protocol.outbound) throw new CoreError('invalid_input', `${peer.name} is a ${protocol.info.label} peer; those only call this node.`);
      checkOutgoingFiles(peer, protocol.info.label, options, protocol.outbound.files?.limits() ?? null);
      return protocol.outbound.prepare(peer, options);
    },
    redrivable(id, result) {
      if (result.kind !== 'retry') return false;
      if (byId.get(id)?.outbound?.idempotent !== false) return true;
      return result.statusCode === null && /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN/.test(result.error);
    },
    maxInFlight: (id) => Math.max(1, byId.get(id)?.outbound?.maxInFlight ?? 1),
    async deliver({ peer, ...attempt }) {
      if (!peer) return { kind: 'failed', statusCode: null, error: 'the peer was removed' };
      const outbound = byId.get(peer.protocol)?.outbound;
      if (!outbound) return { kind: 'failed', statusCode: null, error: `this node does not send to ${peer.protocol} peers` };
      return outbound.deliver({ peer, ...attempt });
    },
  };
}
