import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { connectEventsToCache } from '../api/event-bridge';
import { TransportProvider } from '../api/TransportContext';
import type { ResolvedTransport } from '../api/transport';
import { AppShell } from './AppShell';

export function createQueryClient(): QueryClient {
  // The node pushes what changes, so cached data stays fresh until an event says otherwise.
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: Infinity, refetchOnWindowFocus: false, retry: 1 },
      mutations: { retry: 0 },
    },
  });
}

export function App({ resolved, queryClient }: { resolved: ResolvedTransport; queryClient?: QueryClient }) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  useEffect(() => connectEventsToCache(resolved.transport, client), [resolved, client]);
  // After a dropped event channel comes back, anything may have changed meanwhile.
  useEffect(() => {
    let wasDown = false;
    return resolved.onStateChange((state) => {
      if (state === 'closed') wasDown = true;
      if (state === 'open' && wasDown) {
        wasDown = false;
        void client.invalidateQueries();
      }
    });
  }, [resolved, client]);
  return (
    <QueryClientProvider client={client}>
      <TransportProvider value={resolved}>
        <AppShell />
      </TransportProvider>
    </QueryClientProvider>
  );
}

export function MissingToken() {
  return (
    <main className="content standalone">
      <h1>Switchboard console</h1>
      <div role="alert" className="notice">
        <p>This console needs the link that includes its access token.</p>
        <p>
          Start the node with <code>switchboard serve</code> (or <code>npm start</code>) and open the <strong>Console</strong> URL it
          prints.
        </p>
      </div>
    </main>
  );
}
