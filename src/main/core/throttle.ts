import type { Clock } from './clock';

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

/**
 * Runs at once when idle, then at most once per interval with the latest state (leading and trailing edge): for
 * pushes that change with every message, which the UI needs a few times a second at most.
 */
export function createThrottle(clock: Clock, intervalMs: number, run: () => void): (() => void) & { cancel(): void } {
  let last = -Infinity;
  let timer: NodeJS.Timeout | null = null;
  const fire = () => {
    timer = null;
    last = clock.now();
    run();
  };
  const throttled = () => {
    if (timer) return;
    const wait = last + intervalMs - clock.now();
    if (wait <= 0) fire();
    else timer = setTimeout(fire, wait);
  };
  return Object.assign(throttled, {
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  });
}
