import { useQuery } from '@tanstack/react-query';
import { queryKeys } from './query-keys';
import { useTransport } from './TransportContext';

/** Node identity, listener and counts; kept fresh by `node.countsChanged`, never by polling. */
export function useNodeStatus() {
  const transport = useTransport();
  return useQuery({
    queryKey: queryKeys.nodeStatus,
    queryFn: () => transport.call('node.status', {}),
  });
}
