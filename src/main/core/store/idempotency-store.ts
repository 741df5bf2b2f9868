import { sha256 } from '../crypto/tokens';
import type { Clock } from '../clock';
import type { Db } from './database';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export interface IdempotencyHit {
  /** Whether the repeat carries the same content as the first request. */
  sameContent: boolean;
  response: Record<string, unknown>;
}

/**
 * Remembered responses, scoped per peer and endpoint, for 24 h. Keys are stored as SHA-256 digests: a key is data,
 * never a path (the reference server used it as a file name — seed-systems A2), and any length is fine.
 */
export interface IdempotencyStore {
  /** The remembered response for this key, if any; `content` tells a true repeat from a reused key. */
  lookup(scope: string, endpoint: string, key: string, content: string): IdempotencyHit | null;
  /** Records the first response. Call inside the transaction that commits the effect. */
  record(scope: string, endpoint: string, key: string, content: string, response: Record<string, unknown>): void;
  sweep(): number;
}

export function createIdempotencyStore(deps: { db: Db; clock: Clock }): IdempotencyStore {
  const select = deps.db.prepare('SELECT content_digest, response FROM idempotency_records WHERE scope = ? AND endpoint = ? AND key_digest = ? AND created_at > ?');
  const upsert = deps.db.prepare(
    `INSERT INTO idempotency_records (scope, endpoint, key_digest, content_digest, response, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (scope, endpoint, key_digest) DO UPDATE SET content_digest = excluded.content_digest, response = excluded.response, created_at = excluded.created_at`,
  );
  const sweep = deps.db.prepare('DELETE FROM idempotency_records WHERE created_at <= ?');
  return {
    lookup(scope, endpoint, key, content) {
      const row = select.get(scope, endpoint, sha256(key), deps.clock.now() - IDEMPOTENCY_TTL_MS) as { content_digest: Buffer; response: string } | undefined;
      if (!row) return null;
      return { sameContent: row.content_digest.equals(sha256(content)), response: JSON.parse(row.response) as Record<string, unknown> };
    },
    record(scope, endpoint, key, content, response) {
      // An expired record for the same key may still be on disk until the sweep: replace it.
      upsert.run(scope, endpoint, sha256(key), sha256(content), JSON.stringify(response), deps.clock.now());
    },
    sweep() {
      return sweep.run(deps.clock.now() - IDEMPOTENCY_TTL_MS).changes;
    },
  };
}
