import type { RetryPolicy } from '../../../shared/domain/delivery';

/** What one delivery attempt came to, as a protocol client reports it. */
export type AttemptResult =
  | { kind: 'delivered'; statusCode: number; response: unknown }
  /** Worth trying again: connection errors, timeouts, 5xx, 429 (with the peer's Retry-After, if it gave one). */
  | { kind: 'retry'; statusCode: number | null; error: string; retryAfterMs?: number | undefined }
  /** Trying again cannot help (the peer refused the request itself): straight to dead letters. */
  | { kind: 'failed'; statusCode: number | null; error: string };

/** The longest wait a peer's Retry-After may impose before the outbox tries again anyway. */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/**
 * Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3); anything else is ignored (the policy's backoff
 * applies).
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, MAX_RETRY_AFTER_MS);
  // An HTTP date always names its day and month; a bare "-5" is not one (Date.parse reads it as a year).
  const date = /^[A-Za-z]{3}, /.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
}

/**
 * How an HTTP answer is classed. 5xx, 429 and 408 are transient; every other 4xx (400, 401, 403, 404, 413, 409 …)
 * says the request itself is refused, so repeating it cannot help (unlike the reference client, which retried 401s).
 * A redirect is not followed (credentials must not travel elsewhere) and counts as refused.
 */
export function classifyStatus(statusCode: number): 'delivered' | 'retry' | 'failed' {
  if (statusCode >= 200 && statusCode < 300) return 'delivered';
  if (statusCode >= 500 || statusCode === 429 || statusCode === 408) return 'retry';
  return 'failed';
}

/** The wait before attempt `attempt + 1`: base × 2^(attempt−1), ±20 % jitter so peers recovering are not stampeded. */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number): number {
  const base = policy.baseDelayMs * 2 ** Math.max(0, attempt - 1);
  const jitter = 1 + (random() * 2 - 1) * 0.2;
  return Math.round(Math.min(base, 60 * 60 * 1000) * jitter);
}

/** Why a message is dead, as a sentence with a next step. */
export function deadReason(peerName: string, result: Exclude<AttemptResult, { kind: 'delivered' }>, attempts: number): string {
  const where = `Check ${peerName} in Peers.`;
  switch (result.statusCode) {
    case 400:
      return `${peerName} refused the message as malformed (400: ${result.error}).`;
    case 401:
      return `${peerName} refused the secret (401). Check the outbound secret in Peers › ${peerName}.`;
    case 403:
      return `${peerName} refused this sender (403). ${where}`;
    case 404:
      return `${peerName} has nothing at that address (404). Check its base URL in Peers › ${peerName}.`;
    case 409:
      return `${peerName} already received a different message with this idempotency key (409).`;
    case 413:
      return `${peerName} refused the message as too large (413).`;
    default:
      if (result.kind === 'failed') return `${peerName} refused the message (${result.error}). ${where}`;
      return `Gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${result.error}. Is ${peerName} running and reachable?`;
  }
}
