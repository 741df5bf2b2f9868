import type { Clock } from '../clock';

/**
 * "Last used" stamps at a coarse resolution: an authenticated request would otherwise write a row every time,
 * on the hottest path. `touch(key)` runs `write(key, now)` only when the key's last write is older than `resolutionMs`.
 */
export function createTouchThrottle<K>(clock: Clock, resolutionMs: number, write: (key: K, now: number) => void) {
  const touched = new Map<K, number>();
  return {
    touch(key: K): void {
      const now = clock.now();
      if ((touched.get(key) ?? -Infinity) >= now - resolutionMs) return;
      touched.set(key, now);
      write(key, now);
    },
    forget(key: K): void {
      touched.delete(key);
    },
  };
}
