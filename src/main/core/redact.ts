/**
 * The one redaction applied wherever data leaves the core (logs, audit details, events, raw-envelope views).
 * A value is hidden when its key names a secret; strings that carry credentials inline (Bearer headers) are
 * masked wherever they appear.
 */
const SECRET_KEY = /(secret|token|password|passwd|passphrase|authorization|api[-_]?key|aes[-_]?key|private[-_]?key|^key$|x-a2a-key|cookie)$/i;
const BEARER = /\b(Bearer|Basic)\s+[^\s"',]+/gi;

export const REDACTED = '[redacted]';

export function redact<T>(value: T, depth = 0): T {
  if (depth > 32) return REDACTED as T;
  if (typeof value === 'string') return value.replace(BEARER, `$1 ${REDACTED}`) as T;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      out[key] = SECRET_KEY.test(key) && inner !== null && inner !== undefined && inner !== '' ? REDACTED : redact(inner, depth + 1);
    }
    return out as T;
  }
  return value;
}
