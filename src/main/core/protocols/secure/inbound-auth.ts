import type { Peer } from '../../../../shared/domain/peer';
import { matchesDigest } from '../../crypto/tokens';
import type { PeerStore } from '../../store/peer-store';
import { bearerSecret } from '../../server/credentials';
import type { SettingsStore } from '../../store/settings-store';

/** Who sent a request: a peer proven by its own secret, or a seed-style sender using the legacy shared secret. */
export type SecurePrincipal =
  | { via: 'peer'; peer: Peer; scope: string }
  | { via: 'legacy'; peer: Peer | null; claimedName: string | null; scope: string };

export const LEGACY_SECRET_SETTING = 'secure.legacySecretDigest';

export function authenticateSecure(deps: { peers: PeerStore; settings: SettingsStore; protocolId: string }, header: unknown): SecurePrincipal | null {
  const secret = bearerSecret(header);
  if (secret === null) return null;
  const peer = deps.peers.findByInboundSecret(secret);
  // Inbound secrets are a peer credential any protocol may use; only an a2a-secure peer's opens a2a-secure.
  if (peer) return peer.protocol === deps.protocolId ? { via: 'peer', peer, scope: peer.id } : null;
  const legacy = deps.settings.get<string>(LEGACY_SECRET_SETTING);
  if (legacy && matchesDigest(secret, Buffer.from(legacy, 'hex'))) {
    // The seed's one shared secret proves membership, not identity: the sender is only claimed (in the body).
    return { via: 'legacy', peer: null, claimedName: null, scope: 'legacy' };
  }
  return null;
}
