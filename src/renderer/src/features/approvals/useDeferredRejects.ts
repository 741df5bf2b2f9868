import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../api/query-keys';
import { useTransport } from '../../api/TransportContext';

/** How long a rejection can be undone before it is sent. */
export const UNDO_REJECT_MS = 5000;

export interface DeferredRejects {
  /** Approvals rejected but not yet sent, with when they will be. */
  sendAt: ReadonlyMap<string, number>;
  /** Rejections the node refused (the approval was decided elsewhere meanwhile, or it was unreachable). */
  failed: ReadonlyMap<string, unknown>;
  reject(id: string): void;
  undo(id: string): void;
}

function without<V>(map: ReadonlyMap<string, V>, id: string): ReadonlyMap<string, V> {
  if (!map.has(id)) return map;
  const next = new Map(map);
  next.delete(id);
  return next;
}

/**
 * Rejections that wait UNDO_REJECT_MS before they are sent, so a stray `r` costs nothing: until then the item
 * says "Rejected — Undo". Leaving the screen (or the page) sends what is waiting at once — the operator decided,
 * and a decision must not be lost with the screen.
 */
export function useDeferredRejects(): DeferredRejects {
  const transport = useTransport();
  const client = useQueryClient();
  const [sendAt, setSendAt] = useState<ReadonlyMap<string, number>>(new Map());
  const [failed, setFailed] = useState<ReadonlyMap<string, unknown>>(new Map());
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  const send = useCallback(
    (id: string) => {
      clearTimeout(timers.current.get(id));
      timers.current.delete(id);
      setSendAt((current) => without(current, id));
      transport.call('approvals.decide', { id, action: 'reject' }).then(
        () => void client.invalidateQueries({ queryKey: queryKeys.approvals }),
        (error: unknown) => {
          setFailed((current) => new Map(current).set(id, error));
          void client.invalidateQueries({ queryKey: queryKeys.approvals });
        },
      );
    },
    [transport, client],
  );

  const reject = useCallback(
    (id: string) => {
      if (timers.current.has(id)) return;
      timers.current.set(
        id,
        setTimeout(() => send(id), UNDO_REJECT_MS),
      );
      setFailed((current) => without(current, id));
      setSendAt((current) => new Map(current).set(id, Date.now() + UNDO_REJECT_MS));
    },
    [send],
  );

  const undo = useCallback((id: string) => {
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
    setSendAt((current) => without(current, id));
  }, []);

  useEffect(() => {
    const pendingTimers = timers.current;
    const sendAll = () => {
      for (const id of [...pendingTimers.keys()]) send(id);
    };
    window.addEventListener('pagehide', sendAll);
    return () => {
      window.removeEventListener('pagehide', sendAll);
      sendAll();
    };
  }, [send]);

  return { sendAt, failed, reject, undo };
}
