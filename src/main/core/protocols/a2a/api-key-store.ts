import type { ApiKeyInfo } from '../../../../shared/domain/a2a';
import { CoreError } from '../../errors';
import { isoAt, type Clock } from '../../clock';
import { matchesDigest, randomToken, sha256 } from '../../crypto/tokens';
import type { Db } from '../../store/database';
import { createTouchThrottle } from '../../throttle';
import { secretHint } from '../../store/peer-store';

const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Inbound A2A API keys (seed 001, secure by default): stored only as SHA-256 digests with a 4+4 hint, each tied to
 * the peer it identifies so every task has a known caller. Revocation takes effect on the next request.
 */
export function createApiKeyStore(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const s = {
    insert: db.prepare('INSERT INTO a2a_keys (label, peer_id, digest, hint, created_at) VALUES (?, ?, ?, ?, ?)'),
    list: db.prepare(`SELECT k.id, k.label, k.hint, k.peer_id, p.name AS peer_name, k.created_at, k.last_used_at
      FROM a2a_keys k JOIN peers p ON p.id = k.peer_id ORDER BY k.label COLLATE NOCASE`),
    byLabel: db.prepare('SELECT id, label, peer_id FROM a2a_keys WHERE label = ?'),
    byDigest: db.prepare('SELECT k.id, k.digest, k.peer_id, p.name AS peer_name FROM a2a_keys k JOIN peers p ON p.id = k.peer_id WHERE k.digest = ?'),
    remove: db.prepare('DELETE FROM a2a_keys WHERE id = ?'),
    touch: db.prepare('UPDATE a2a_keys SET last_used_at = ? WHERE id = ?'),
    count: db.prepare('SELECT COUNT(*) AS n FROM a2a_keys'),
  };
  const lastUsed = createTouchThrottle<number>(clock, LAST_USED_RESOLUTION_MS, (id, now) => s.touch.run(new Date(now).toISOString(), id));
  const toInfo = (r: { id: number; label: string; hint: string; peer_id: string; peer_name: string; created_at: string; last_used_at: string | null }): ApiKeyInfo => ({
    id: r.id,
    label: r.label,
    hint: r.hint,
    peerId: r.peer_id,
    peerName: r.peer_name,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
  });

  return {
    /** Makes a 256-bit key for `peerId`; the key itself is returned once and never stored. */
    generate(label: string, peerId: string): { key: string; info: ApiKeyInfo } {
      const key = randomToken(32);
      try {
        s.insert.run(label, peerId, sha256(key), secretHint(key), isoAt(clock));
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new CoreError('conflict', `A key labelled "${label}" already exists.`);
        throw error;
      }
      const info = this.list().find((k) => k.label.toLowerCase() === label.toLowerCase())!;
      return { key, info };
    },
    list(): ApiKeyInfo[] {
      return (s.list.all() as Parameters<typeof toInfo>[0][]).map(toInfo);
    },
    revoke(label: string): ApiKeyInfo {
      const info = this.list().find((k) => k.label.toLowerCase() === label.toLowerCase());
      if (!info) throw new CoreError('not_found', `There is no key labelled "${label.slice(0, 80)}".`);
      s.remove.run(info.id);
      lastUsed.forget(info.id);
      return info;
    },
    /** The key's peer, if the key is one of ours (compared as digests, in constant time). */
    authenticate(key: string): { keyId: number; peerId: string; peerName: string } | null {
      const row = s.byDigest.get(sha256(key)) as { id: number; digest: Buffer; peer_id: string; peer_name: string } | undefined;
      if (!row || !matchesDigest(key, row.digest)) return null;
      lastUsed.touch(row.id);
      return { keyId: row.id, peerId: row.peer_id, peerName: row.peer_name };
    },
    count(): number {
      return (s.count.get() as { n: number }).n;
    },
  };
}

export type ApiKeyStore = ReturnType<typeof createApiKeyStore>;
