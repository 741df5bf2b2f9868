/**
 * The protocols a node speaks, as the UI and the CLI name them. This is the one list of built-in protocols: the
 * core's registry is built from the protocol modules that carry these descriptors, the renderer and the CLI look
 * their per-protocol folders up by these ids, and everything else asks the node (`protocols.list`) so that a
 * protocol added to the registry (a test's, or a future one) shows up without a change here.
 */
export interface ProtocolInfo {
  /** Stored with every peer and message; typed on command lines. */
  readonly id: string;
  /** How people name it. */
  readonly label: string;
  /** One line on what a peer of this protocol is (the add-peer choice). */
  readonly summary: string;
}

/** Short and plain: ids live in database rows, URLs and command lines. */
export const PROTOCOL_ID = /^[a-z][a-z0-9-]{0,31}$/;

export const builtInProtocols = [
  { id: 'secure', label: 'a2a-secure', summary: 'shared secrets, optional AES' },
  { id: 'a2a', label: 'A2A', summary: 'agent card, JSON-RPC' },
  { id: 'chat', label: 'chat', summary: 'a2achat: handshake with an invite' },
] as const satisfies readonly ProtocolInfo[];

export type BuiltInProtocolId = (typeof builtInProtocols)[number]['id'];

/** What `peers.add` assumes when no protocol is named (the seed systems' first protocol). */
export const DEFAULT_PROTOCOL: BuiltInProtocolId = 'secure';

export function builtInProtocol(id: BuiltInProtocolId): ProtocolInfo {
  return builtInProtocols.find((info) => info.id === id)!;
}

/** The label of a protocol among those known (the node's list, else the built-in one); its id when unknown. */
export function protocolLabel(id: string, known: readonly ProtocolInfo[] = builtInProtocols): string {
  return known.find((info) => info.id === id)?.label ?? id;
}
