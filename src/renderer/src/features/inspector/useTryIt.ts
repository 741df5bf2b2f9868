import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { MethodInput } from '@shared/contract';
import { queryKeys } from '../../api/query-keys';
import { useTransport } from '../../api/TransportContext';

/**
 * Sends a "Try it" message and collects the answers the core pushes while it runs (`inspector.exchange` for this
 * call's clientId), so a streamed reply shows as it arrives; the call's result is the whole exchange.
 */
export function useTryIt() {
  const transport = useTransport();
  const client = useQueryClient();
  const [streamed, setStreamed] = useState<unknown[]>([]);
  const send = useMutation({
    mutationFn: async (input: Omit<MethodInput<'inspector.send'>, 'clientId'>) => {
      const clientId = crypto.randomUUID();
      setStreamed([]);
      const off = transport.on('inspector.exchange', (event) => {
        if (event.clientId === clientId) setStreamed((responses) => [...responses, event.response]);
      });
      try {
        return await transport.call('inspector.send', { ...input, clientId });
      } finally {
        off();
      }
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: queryKeys.inspectorExchanges }),
  });
  return { send, streamed };
}
