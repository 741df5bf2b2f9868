import type { Peer } from '../../../../shared/domain/peer';
import { matchesDigest } from '../../crypto/tokens';
import type { PeerStore } from '../../store/peer-store';
import type { SettingsStore } from '../../store/settings-store';

/** Who sent a request: a peer proven by its own secret, or a seed-style sender using the legacy shared secret. */
export type SecurePrincipal =
  | { via: 'peer'; peer: Peer; scope: string }
  | { via: 'legacy'; peer: Peer | null; claimedName: string | null; scope: string };

export const LEGACY_SECRET_SETTING = 'secure.legacySecretDigest';

/**
 * `Authorization: Bearer <secret>`, exactly as the reference client sends it. The secret must be printable
 * ASCII; anything else (non-ASCII bytes, a missing scheme, extra words) is simply not a credential — a 401, never
 * an exception (seed-systems O5).
 */
export function bearerSecret(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer ([\x21-\x7e]{1,512})$/.exec(header);
  return match?.[1] ?? null;
}

/**
 * A credential sent in a header of its own (X-A2A-Key, X-API-Key, X-Session-Token): the first value, if it is
 * 1–512 printable ASCII characters without spaces. Anything else (non-ASCII, oversize) is no credential at all.
 */
export function headerCredential(header: unknown): string | null {
  const value = Array.isArray(header) ? (header as unknown[])[0] : header;
  return typeof value === 'string' && /^[\x21-\x7e]{1,512}$/.test(value) ? value : null;
}

export function authenticateSecure(deps: { peers: PeerStore; settings: SettingsStore }, header: unknown): SecurePrincipal | null {
  const secret = bearerSecret(header);
  if (secret === null) return null;
  const peer = deps.peers.findByInboundSecret(secret);
  if (peer) return { via: 'peer', peer, scope: peer.id };
  const legacy = deps.settings.get<string>(LEGACY_SECRET_SETTING);
  if (legacy && matchesDigest(secret, Buffer.from(legacy, 'hex'))) {
    // The seed's one shared secret proves membership, not identity: the sender is only claimed (in the body).
    return { via: 'legacy', peer: null, claimedName: null, scope: 'legacy' };
  }
  return null;
}
