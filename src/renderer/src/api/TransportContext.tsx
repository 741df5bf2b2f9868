import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { ControlTransport } from '@shared/contract';
import type { ConnectionState } from './http-transport';
import type { ResolvedTransport } from './transport';

const TransportContext = createContext<ResolvedTransport | null>(null);

export function TransportProvider({ value, children }: { value: ResolvedTransport; children: ReactNode }) {
  return <TransportContext.Provider value={value}>{children}</TransportContext.Provider>;
}

function useResolved(): ResolvedTransport {
  const resolved = useContext(TransportContext);
  if (!resolved) throw new Error('useTransport must be used inside <TransportProvider>');
  return resolved;
}

export function useTransport(): ControlTransport {
  return useResolved().transport;
}

/**
 * Which face the renderer runs in: 'ipc' in the desktop app, 'http' in the web console. Only the desktop has
 * preferences of its own (window, login item, updates): their calls are made only when this says 'ipc'.
 */
export function useTransportKind(): ResolvedTransport['kind'] {
  return useResolved().kind;
}

/** Saves a stored attachment: the web console downloads it from the control port, the desktop over the bridge. */
export function useSaveAttachment(): ResolvedTransport['saveAttachment'] {
  return useResolved().saveAttachment;
}

export function useConnectionState(): ConnectionState {
  const resolved = useResolved();
  return useSyncExternalStore(resolved.onStateChange, resolved.state);
}
