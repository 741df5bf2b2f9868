/**
 * Counts long-lived things (SSE streams, WebSockets) per caller, so one caller cannot hold them all. `take`
 * gives a release (safe to call more than once) or null when the caller already holds its share.
 */
export interface CallerSlots {
  take(caller: string): (() => void) | null;
  /** How many this caller holds now. */
  held(caller: string): number;
}

export function createCallerSlots(max: () => number): CallerSlots {
  const open = new Map<string, number>();
  return {
    take(caller) {
      const holding = open.get(caller) ?? 0;
      if (holding >= max()) return null;
      open.set(caller, holding + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (open.get(caller) ?? 1) - 1;
        if (left <= 0) open.delete(caller);
        else open.set(caller, left);
      };
    },
    held: (caller) => open.get(caller) ?? 0,
  };
}
