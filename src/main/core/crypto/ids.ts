import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../clock';

/**
 * Every identifier the node makes, in one place: ids are data that travels (in URLs, headers, file names of other
 * tools), so each has a fixed alphabet and enough randomness that nobody can guess one.
 */

// Ids are made per message: drawing each from the CSPRNG is a call into OpenSSL per id. They are sliced from a
// pool of random bytes instead (as Node's randomUUID does with its cache); every byte is used once, and a refill
// is a new buffer, so an id handed out is never overwritten. Keys and blob ids (secrets) are drawn on their own.
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let used = 0;

/** `bytes` random bytes as hex: ids and span ids, never keys. Up to 64 bytes from the pool, more drawn on their own. */
export function randomHex(bytes: number): string {
  if (!Number.isInteger(bytes) || bytes < 1) throw new RangeError(`randomHex needs a positive whole number of bytes, not ${bytes}`);
  if (bytes > 64) return randomBytes(bytes).toString('hex');
  if (used + bytes > pool.length) {
    pool = randomBytes(POOL_BYTES);
    used = 0;
  }
  const hex = pool.toString('hex', used, used + bytes);
  used += bytes;
  return hex;
}

/** a2a-secure style: `sb-<unix seconds>-<12 hex>`, in the seed's trace id alphabet (sortable by time). */
export function traceId(clock: Clock): string {
  return `sb-${Math.floor(clock.now() / 1000)}-${randomHex(6)}`;
}

/** A UUID v4: idempotency keys, A2A message, artifact and context ids. */
export function uuid(): string {
  return randomUUID();
}

export function peerId(): string {
  return `peer_${randomBytes(9).toString('base64url')}`;
}

export function approvalId(): string {
  return `apr_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
}

/** `<prefix><hex>`: a2achat's ids (`req_…`, `sess_…`, `msg_…`). */
export function prefixedId(prefix: string, bytes = 16): string {
  return `${prefix}${randomHex(bytes)}`;
}

/** Store-and-fetch blob ids: 256 random bits, base64url (seed-systems A3: never the client's). */
export function blobId(): string {
  return randomBytes(32).toString('base64url');
}

/** An AES-256 key as `openssl rand -hex 32` writes it. */
export function aesKeyHex(): string {
  return randomBytes(32).toString('hex');
}
