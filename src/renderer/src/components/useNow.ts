import { useEffect, useState } from 'react';

/** The current time, refreshed every `intervalMs`: relative times ("3 min ago") without impure renders. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
