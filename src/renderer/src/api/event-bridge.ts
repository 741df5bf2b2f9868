import type { QueryClient } from '@tanstack/react-query';
import type { ControlTransport } from '@shared/contract';
import type { NodeStatus } from '@shared/domain/node';
import { queryKeys } from './query-keys';

/**
 * The one place pushed events meet the query cache: each event patches or invalidates exactly the keys it
 * affects. Events notify; queries own the data.
 */
export function connectEventsToCache(transport: ControlTransport, client: QueryClient): () => void {
  const offs = [
    transport.on('node.countsChanged', ({ counts }) => {
      client.setQueryData<NodeStatus>(queryKeys.nodeStatus, (old) => (old ? { ...old, counts } : old));
    }),
    transport.on('audit.appended', () => {
      void client.invalidateQueries({ queryKey: queryKeys.audit });
    }),
  ];
  return () => offs.forEach((off) => off());
}
