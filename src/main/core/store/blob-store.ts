import { blobId } from '../crypto/ids';
import type { Clock } from '../clock';
import type { Db } from './database';

export const BLOB_TTL_MS = 24 * 60 * 60 * 1000;
/** Server-generated ids: 256 random bits, base64url. Anything else is not one of ours (seed-systems A3). */
export const BLOB_ID = /^[A-Za-z0-9_-]{43}$/;

export interface BlobStore {
  put(input: { ownerPeerId: string | null; recipientPeerId: string | null; body: string }): { id: string; expiresAt: number };
  /**
   * Returns the blob once and deletes it, if `requesterPeerId` may read it (its owner or its recipient).
   * Unknown, expired, foreign and malformed ids all answer null, so a caller cannot probe which exist.
   */
  take(id: string, requesterPeerId: string): string | null;
  sweep(): number;
}

export function createBlobStore(deps: { db: Db; clock: Clock; ttlMs?: number }): BlobStore {
  const ttl = deps.ttlMs ?? BLOB_TTL_MS;
  const insert = deps.db.prepare('INSERT INTO blobs (id, owner_peer_id, recipient_peer_id, body, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)');
  const select = deps.db.prepare('SELECT owner_peer_id, recipient_peer_id, body, expires_at FROM blobs WHERE id = ?');
  const remove = deps.db.prepare('DELETE FROM blobs WHERE id = ?');
  const sweep = deps.db.prepare('DELETE FROM blobs WHERE expires_at <= ?');
  return {
    put({ ownerPeerId, recipientPeerId, body }) {
      const id = blobId();
      const now = deps.clock.now();
      insert.run(id, ownerPeerId, recipientPeerId, body, now, now + ttl);
      return { id, expiresAt: now + ttl };
    },
    take(id, requesterPeerId) {
      if (!BLOB_ID.test(id)) return null;
      return deps.db.transaction(() => {
        const row = select.get(id) as { owner_peer_id: string | null; recipient_peer_id: string | null; body: string; expires_at: number } | undefined;
        if (!row) return null;
        if (row.expires_at <= deps.clock.now()) {
          remove.run(id);
          return null;
        }
        if (row.owner_peer_id !== requesterPeerId && row.recipient_peer_id !== requesterPeerId) return null;
        remove.run(id);
        return row.body;
      })();
    },
    sweep() {
      return sweep.run(deps.clock.now()).changes;
    },
  };
}
