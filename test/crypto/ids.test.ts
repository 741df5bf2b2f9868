import { describe, expect, it } from 'vitest';
import { prefixedId, randomHex, traceId } from '../../src/main/core/crypto/ids';

const clock = { now: () => Date.UTC(2026, 11, 1) };

describe('ids drawn from the pool of random bytes', () => {
  it('keeps each format and never repeats across many pool refills', () => {
    const seen = new Set<string>();
    // 20,000 trace ids use 120,000 bytes: about thirty refills of the 4 KiB pool.
    for (let i = 0; i < 20_000; i++) {
      const id = traceId(clock);
      expect(id).toMatch(/^sb-1796083200-[0-9a-f]{12}$/);
      seen.add(id);
    }
    for (let i = 0; i < 5_000; i++) seen.add(prefixedId('msg_'));
    expect(seen.size).toBe(25_000);
  });

  it('gives each size its hex length, past the pool slice size too', () => {
    expect(prefixedId('req_')).toMatch(/^req_[0-9a-f]{32}$/);
    expect(prefixedId('x', 3)).toMatch(/^x[0-9a-f]{6}$/);
    expect(prefixedId('big_', 200)).toMatch(/^big_[0-9a-f]{400}$/);
    expect(randomHex(5000)).toHaveLength(10_000);
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => randomHex(bad)).toThrow(RangeError);
  });

  it('spreads its bytes: every hex digit appears at every position of the random part', () => {
    const digits = Array.from({ length: 12 }, () => new Set<string>());
    for (let i = 0; i < 2_000; i++) [...traceId(clock).slice(-12)].forEach((c, at) => digits[at]!.add(c));
    for (const at of digits) expect(at.size).toBe(16);
  });
});
