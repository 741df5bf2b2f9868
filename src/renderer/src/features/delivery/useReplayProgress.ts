import { useEffect, useState } from 'react';
import type { MessageStatus } from '@shared/domain/message';
import { useTransport } from '../../api/TransportContext';

export interface ReplayProgress {
  total: number;
  delivered: number;
  dead: number;
  done: boolean;
}

/** Follows replayed messages through pushed events until each is delivered or dead again. */
export function useReplayProgress(ids: readonly number[] | null): ReplayProgress | null {
  const transport = useTransport();
  const [statuses, setStatuses] = useState<ReadonlyMap<number, MessageStatus>>(new Map());
  useEffect(() => {
    if (!ids) return undefined;
    const watched = new Set(ids);
    return transport.on('message.updated', (message) => {
      if (watched.has(message.id)) setStatuses((previous) => new Map(previous).set(message.id, message.status));
    });
  }, [ids, transport]);
  if (!ids) return null;
  let delivered = 0;
  let dead = 0;
  for (const id of ids) {
    const status = statuses.get(id);
    if (status === 'delivered') delivered += 1;
    else if (status === 'dead') dead += 1;
  }
  return { total: ids.length, delivered, dead, done: delivered + dead === ids.length };
}
