import type { Peer } from '../../../shared/domain/peer';

/** The outbound secret, as a2a-secure and A2A peers both show it (never its value). */
export function outboundSecretRow(peer: Peer): [string, string] {
  return ['Outbound secret', peer.hasOutboundSecret ? 'set' : 'not set'];
}
