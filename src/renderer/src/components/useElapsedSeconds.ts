import { useNow } from './useNow';

/** Seconds since an ISO instant, ticking locally once a second: uptime needs no round trip to the node. */
export function useElapsedSeconds(sinceIso: string | undefined): number {
  const now = useNow(1000);
  if (!sinceIso) return 0;
  return Math.max(0, Math.floor((now - Date.parse(sinceIso)) / 1000));
}
