/**
 * Credentials as they arrive in headers, for every protocol on the public listener. A value that is not a clean
 * credential (non-ASCII bytes, a missing scheme, extra words, oversize) is simply no credential: a 401 from the
 * protocol, never an exception (seed-systems O5).
 */

/** `Authorization: Bearer <secret>`, exactly as the reference client sends it; printable ASCII only. */
export function bearerSecret(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer ([\x21-\x7e]{1,512})$/.exec(header);
  return match?.[1] ?? null;
}

/**
 * A credential sent in a header of its own (X-A2A-Key, X-API-Key, X-Session-Token): the first value, if it is
 * 1–512 printable ASCII characters without spaces.
 */
export function headerCredential(header: unknown): string | null {
  const value = Array.isArray(header) ? (header as unknown[])[0] : header;
  return typeof value === 'string' && /^[\x21-\x7e]{1,512}$/.test(value) ? value : null;
}
