import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random token of `bytes` bytes (default 256 bits), base64url so it survives URLs, headers and shells. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(value: string | Buffer): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Compares a presented secret with the expected one in constant time. Both sides are hashed first, so inputs of
 * any length or encoding (a header with non-ASCII bytes included) compare as 32-byte digests and never throw —
 * the OpenClaw plugin's length check on UTF-16 vs UTF-8 let such a header crash the process (seed-systems O5).
 */
export function constantTimeEqual(presented: string, expected: string): boolean {
  return timingSafeEqual(sha256(presented), sha256(expected));
}

/** For stored hashes: compares a presented secret with a SHA-256 digest held in the database. */
export function matchesDigest(presented: string, digest: Buffer): boolean {
  return digest.length === 32 && timingSafeEqual(sha256(presented), digest);
}
