import type { GatewayPolicy } from '../../../shared/domain/a2a';
import type { InboundSecretInfo, Peer, PeerProtocol, RevealableCredential } from '../../../shared/domain/peer';
import { CoreError } from '../errors';
import { isoAt, type Clock } from '../clock';
import { peerId as newPeerId } from '../crypto/ids';
import { matchesDigest, sha256 } from '../crypto/tokens';
import type { Vault } from '../crypto/vault';
import { createTouchThrottle } from '../throttle';
import type { Db } from './database';

export interface NewPeer {
  name: string;
  protocol: PeerProtocol;
  baseUrl: string;
  notes?: string | undefined;
}

export interface PeerPatch {
  name?: string | undefined;
  baseUrl?: string | undefined;
  notes?: string | undefined;
}

interface PeerRow {
  gateway_policy: GatewayPolicy;
  id: string;
  name: string;
  protocol: PeerProtocol;
  base_url: string;
  notes: string;
  created_at: string;
  updated_at: string;
  last_seen_at: string | null;
}

const LAST_SEEN_RESOLUTION_MS = 30_000;

/** A short, non-secret reminder of which secret this is: the 4 + 4 mask (seed-systems O9). */
export function secretHint(secret: string): string {
  return secret.length >= 16 ? `${secret.slice(0, 4)}…${secret.slice(-4)}` : `…${secret.slice(-2)}`;
}

/** A header value's hint: an HTTP auth scheme ("Bearer", "Basic") is not secret and tells the operator what is sent. */
export function headerValueHint(value: string): string {
  const scheme = /^(Bearer|Basic|Token|Digest|Bot|ApiKey|Key) (\S.*)$/i.exec(value);
  return scheme ? `${scheme[1]} ${secretHint(scheme[2]!)}` : secretHint(value);
}

export interface PeerStore {
  add(input: NewPeer): Peer;
  update(id: string, patch: PeerPatch): Peer;
  remove(id: string): Peer;
  get(id: string): Peer | null;
  getByName(name: string): Peer | null;
  /** By id, or by name (case-insensitive); a CoreError not_found otherwise. */
  resolve(idOrName: string): Peer;
  list(search?: string): Peer[];
  /** Adds an inbound secret for the peer; returns its hint. A secret already in use by any peer is refused. */
  addInboundSecret(peerId: string, secret: string): string;
  /** Replaces the current inbound secrets; the old ones stay valid for `graceMs` (0 = revoke now). */
  rotateInboundSecret(peerId: string, secret: string, graceMs: number): void;
  revokeInboundSecret(peerId: string, secretId: number): void;
  /** The peer presenting this secret, if it is current or within a grace period. */
  findByInboundSecret(secret: string): Peer | null;
  setCredential(peerId: string, kind: RevealableCredential, value: string | null): void;
  setGatewayPolicy(peerId: string, policy: GatewayPolicy): void;
  getCredential(peerId: string, kind: RevealableCredential): string | null;
  touchLastSeen(peerId: string): void;
  count(): number;
}

export function createPeerStore(deps: { db: Db; vault: Vault; clock: Clock; /** A peer's last-seen stamp moved (at most twice a minute per peer). */ onSeen?: (peerId: string) => void }): PeerStore {
  const { db, vault, clock } = deps;
  const statements = {
    insert: db.prepare('INSERT INTO peers (id, name, protocol, base_url, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    byId: db.prepare('SELECT * FROM peers WHERE id = ?'),
    byName: db.prepare('SELECT * FROM peers WHERE name = ?'),
    all: db.prepare('SELECT * FROM peers ORDER BY name COLLATE NOCASE'),
    search: db.prepare("SELECT * FROM peers WHERE name LIKE ? ESCAPE '\\' OR base_url LIKE ? ESCAPE '\\' OR notes LIKE ? ESCAPE '\\' ORDER BY name COLLATE NOCASE"),
    update: db.prepare('UPDATE peers SET name = ?, base_url = ?, notes = ?, updated_at = ? WHERE id = ?'),
    remove: db.prepare('DELETE FROM peers WHERE id = ?'),
    credentialKinds: db.prepare('SELECT kind FROM peer_credentials WHERE peer_id = ?'),
    secrets: db.prepare('SELECT id, hint, created_at, expires_at FROM inbound_secrets WHERE peer_id = ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY id'),
    insertSecret: db.prepare('INSERT INTO inbound_secrets (peer_id, digest, hint, created_at) VALUES (?, ?, ?, ?)'),
    expireCurrent: db.prepare('UPDATE inbound_secrets SET expires_at = ? WHERE peer_id = ? AND expires_at IS NULL'),
    deleteCurrent: db.prepare('DELETE FROM inbound_secrets WHERE peer_id = ? AND (expires_at IS NULL OR expires_at <= ?)'),
    deleteSecret: db.prepare('DELETE FROM inbound_secrets WHERE peer_id = ? AND id = ?'),
    deleteExpired: db.prepare('DELETE FROM inbound_secrets WHERE expires_at IS NOT NULL AND expires_at <= ?'),
    secretByDigest: db.prepare('SELECT peer_id, digest, expires_at FROM inbound_secrets WHERE digest = ?'),
    digestTaken: db.prepare('SELECT 1 FROM inbound_secrets WHERE digest = ?'),
    upsertCredential: db.prepare(
      'INSERT INTO peer_credentials (peer_id, kind, sealed, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (peer_id, kind) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at',
    ),
    deleteCredential: db.prepare('DELETE FROM peer_credentials WHERE peer_id = ? AND kind = ?'),
    credential: db.prepare('SELECT sealed FROM peer_credentials WHERE peer_id = ? AND kind = ?'),
    touch: db.prepare('UPDATE peers SET last_seen_at = ? WHERE id = ?'),
    count: db.prepare('SELECT COUNT(*) AS n FROM peers'),
    delivery: db.prepare('SELECT paused, max_attempts, base_delay_ms, redrive_enabled, redrive_interval_ms, redrive_window_ms FROM peer_delivery WHERE peer_id = ?'),
    gateway: db.prepare('UPDATE peers SET gateway_policy = ?, updated_at = ? WHERE id = ?'),
  };

  // "Last seen" is for people: coarse precision is plenty, and skipping the write keeps intake cheap.
  const lastSeen = createTouchThrottle<string>(clock, LAST_SEEN_RESOLUTION_MS, (peerId, now) => {
    statements.touch.run(new Date(now).toISOString(), peerId);
    // Told on the next turn: the stamp may be written inside a batch that commits after this call returns.
    if (deps.onSeen) setImmediate(() => deps.onSeen?.(peerId));
  });
  // Every inbound request authenticates: digest → peer is cached, and any change to the book clears the cache.
  const authCache = new Map<string, { peer: Peer; expiresAt: number | null }>();
  const changed = () => authCache.clear();
  const toPeer = (row: PeerRow): Peer => {
    const kinds = new Set((statements.credentialKinds.all(row.id) as { kind: string }[]).map((r) => r.kind));
    const secrets = statements.secrets.all(row.id, clock.now()) as { id: number; hint: string; created_at: string; expires_at: number | null }[];
    const delivery = statements.delivery.get(row.id) as
      | { paused: number; max_attempts: number | null; base_delay_ms: number | null; redrive_enabled: number | null; redrive_interval_ms: number | null; redrive_window_ms: number | null }
      | undefined;
    return {
      id: row.id,
      name: row.name,
      protocol: row.protocol,
      baseUrl: row.base_url,
      notes: row.notes,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      lastSeenAt: row.last_seen_at,
      hasOutboundSecret: kinds.has('outbound_secret'),
      hasAesKey: kinds.has('aes_key'),
      inboundSecrets: secrets.map(
        (s): InboundSecretInfo => ({ id: s.id, hint: s.hint, createdAt: s.created_at, expiresAt: s.expires_at === null ? null : new Date(s.expires_at).toISOString() }),
      ),
      deliveryPaused: delivery?.paused === 1,
      retryPolicy:
        delivery?.max_attempts != null && delivery.base_delay_ms != null ? { maxAttempts: delivery.max_attempts, baseDelayMs: delivery.base_delay_ms } : null,
      redrive:
        delivery?.redrive_enabled != null && delivery.redrive_interval_ms != null && delivery.redrive_window_ms != null
          ? { enabled: delivery.redrive_enabled === 1, intervalMinutes: Math.round(delivery.redrive_interval_ms / 60_000), forHours: Math.round(delivery.redrive_window_ms / 3_600_000) }
          : null,
      gatewayPolicy: row.gateway_policy,
    };
  };

  const get = (id: string) => {
    const row = statements.byId.get(id) as PeerRow | undefined;
    return row ? toPeer(row) : null;
  };
  const getByName = (name: string) => {
    const row = statements.byName.get(name) as PeerRow | undefined;
    return row ? toPeer(row) : null;
  };
  const mustGet = (id: string) => {
    const peer = get(id);
    if (!peer) throw new CoreError('not_found', 'There is no such peer.');
    return peer;
  };
  const nameConflict = (error: unknown, name: string) => {
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return new CoreError('conflict', `A peer named "${name}" already exists.`);
    return error;
  };
  const insertSecret = (peerId: string, secret: string) => {
    const digest = sha256(secret);
    if (statements.digestTaken.get(digest)) throw new CoreError('conflict', 'That inbound secret is already in use by a peer; each peer needs its own.');
    const hint = secretHint(secret);
    statements.insertSecret.run(peerId, digest, hint, isoAt(clock));
    return hint;
  };

  return {
    add(input) {
      changed();
      const id = newPeerId();
      const now = isoAt(clock);
      try {
        statements.insert.run(id, input.name, input.protocol, input.baseUrl, input.notes ?? '', now, now);
      } catch (error) {
        throw nameConflict(error, input.name);
      }
      return mustGet(id);
    },
    update(id, patch) {
      changed();
      const current = mustGet(id);
      const next = { name: patch.name ?? current.name, baseUrl: patch.baseUrl ?? current.baseUrl, notes: patch.notes ?? current.notes };
      try {
        statements.update.run(next.name, next.baseUrl, next.notes, isoAt(clock), id);
      } catch (error) {
        throw nameConflict(error, next.name);
      }
      return mustGet(id);
    },
    remove(id) {
      changed();
      const peer = mustGet(id);
      statements.remove.run(id);
      return peer;
    },
    get,
    getByName,
    resolve(idOrName) {
      const peer = get(idOrName) ?? getByName(idOrName);
      if (!peer) throw new CoreError('not_found', `There is no peer "${idOrName.slice(0, 80)}".`);
      return peer;
    },
    list(search) {
      if (!search) return (statements.all.all() as PeerRow[]).map(toPeer);
      const like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return (statements.search.all(like, like, like) as PeerRow[]).map(toPeer);
    },
    addInboundSecret(peerId, secret) {
      changed();
      mustGet(peerId);
      return insertSecret(peerId, secret);
    },
    rotateInboundSecret(peerId, secret, graceMs) {
      changed();
      mustGet(peerId);
      db.transaction(() => {
        const now = clock.now();
        statements.deleteExpired.run(now);
        if (graceMs > 0) statements.expireCurrent.run(now + graceMs, peerId);
        else statements.deleteCurrent.run(peerId, Number.MAX_SAFE_INTEGER);
        insertSecret(peerId, secret);
      })();
    },
    revokeInboundSecret(peerId, secretId) {
      changed();
      if (statements.deleteSecret.run(peerId, secretId).changes === 0) throw new CoreError('not_found', 'There is no such inbound secret for this peer.');
    },
    findByInboundSecret(secret) {
      const digest = sha256(secret);
      const key = digest.toString('hex');
      let hit = authCache.get(key);
      if (!hit) {
        const row = statements.secretByDigest.get(digest) as { peer_id: string; digest: Buffer; expires_at: number | null } | undefined;
        if (!row || !matchesDigest(secret, row.digest)) return null;
        const peer = get(row.peer_id);
        if (!peer) return null;
        hit = { peer, expiresAt: row.expires_at };
        if (authCache.size > 10_000) authCache.clear();
        authCache.set(key, hit);
      }
      if (hit.expiresAt !== null && hit.expiresAt <= clock.now()) return null;
      return hit.peer;
    },
    setCredential(peerId, kind, value) {
      changed();
      mustGet(peerId);
      if (value === null) statements.deleteCredential.run(peerId, kind);
      else statements.upsertCredential.run(peerId, kind, vault.seal(value), isoAt(clock));
    },
    setGatewayPolicy(peerId, policy) {
      changed();
      statements.gateway.run(policy, isoAt(clock), mustGet(peerId).id);
    },
    getCredential(peerId, kind) {
      const row = statements.credential.get(peerId, kind) as { sealed: Buffer } | undefined;
      return row ? vault.open(row.sealed) : null;
    },
    touchLastSeen(peerId) {
      lastSeen.touch(peerId);
    },
    count() {
      return (statements.count.get() as { n: number }).n;
    },
  };
}
