import { useEffect, useState } from 'react';

/** Seconds since an ISO instant, ticking locally once a second: uptime needs no round trip to the node. */
export function useElapsedSeconds(sinceIso: string | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!sinceIso) return 0;
  return Math.max(0, Math.floor((now - Date.parse(sinceIso)) / 1000));
}
