import type { Peer } from '../../../../shared/domain/peer';
import type { PeerStore } from '../../store/peer-store';
import { builtInProtocol } from '../../../../shared/protocols';
import { parsePrefix, underPrefix, type CredentialStore } from './credential-store';

export interface OutboundHeader {
  name: string;
  value: string;
  /** Where it came from, for the operator: "Keys › https://x.example/v2" or "Peers › alice (outbound secret)". */
  source: string;
}

/**
 * What a request to `url` carries, chosen by the URL actually requested (seed-systems O1): the headers of the
 * longest configured prefix covering it; otherwise, for an A2A peer, its outbound secret as a Bearer token under
 * its base URL. A configured prefix wins even when one of its ${VAR}s is unset (the request then goes without it):
 * the operator said what this URL gets.
 */
export function a2aOutboundHeaders(deps: { credentials: CredentialStore; peers: PeerStore; env?: NodeJS.ProcessEnv }, url: URL, peer: Peer | null): { headers: OutboundHeader[]; missing: string[]; prefix: string | null } {
  const configured = deps.credentials.headersFor(url, deps.env);
  const headers = Object.entries(configured.headers).map(([name, value]) => ({ name, value, source: `Keys › ${configured.prefix}` }));
  if (peer && peer.protocol === builtInProtocol('a2a').id && !configured.prefix && peer.baseUrl && underPrefix(url, parsePrefix(peer.baseUrl))) {
    const secret = deps.peers.getCredential(peer.id, 'outbound_secret');
    if (secret) headers.push({ name: 'Authorization', value: `Bearer ${secret}`, source: `Peers › ${peer.name} (outbound secret)` });
  }
  return { headers, missing: configured.missing, prefix: configured.prefix };
}
