import { describe, expect, it } from 'vitest';
import { backoffMs, classifyStatus, MAX_RETRY_AFTER_MS, parseRetryAfter } from '../../src/main/core/outbox/retry-policy';

describe('the retry policy', () => {
  it('doubles the wait after each failure, within ±20 % jitter', () => {
    const policy = { maxAttempts: 5, baseDelayMs: 1000 };
    expect([1, 2, 3].map((n) => backoffMs(policy, n, () => 0.5))).toEqual([1000, 2000, 4000]);
    expect(backoffMs(policy, 1, () => 0)).toBe(800);
    expect(backoffMs(policy, 1, () => 0.999999)).toBe(1200);
  });

  it('reads Retry-After as seconds or an HTTP date, capped, and ignores nonsense', () => {
    const now = Date.parse('2026-11-23T10:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('99999999', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('retries only what can get better', () => {
    expect([200, 201, 204].map(classifyStatus)).toEqual(['delivered', 'delivered', 'delivered']);
    expect([500, 502, 503, 504, 429, 408].map(classifyStatus)).toEqual(Array(6).fill('retry'));
    expect([400, 401, 403, 404, 409, 413, 301, 302].map(classifyStatus)).toEqual(Array(8).fill('failed'));
  });
});
