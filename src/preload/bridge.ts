import type { ControlTransport, EventName } from '../shared/contract';
import { ipcChannels, isEventName } from '../shared/contract-wire';
import { controlErrorFromBody, type CallOutcome } from '../shared/control-error';

/** The slice of Electron's ipcRenderer the bridge uses; injected so the bridge is tested under Node. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * Builds `window.switchboard`: `call` and `on`, nothing else. Channels are fixed; the IpcRendererEvent never
 * reaches the page (Electron security checklist #20).
 */
export function createBridge(ipc: IpcRendererLike): ControlTransport {
  const handlers = new Map<EventName, Set<(payload: unknown) => void>>();
  ipc.on(ipcChannels.event, (_event, message) => {
    const { event, payload } = (message ?? {}) as { event?: unknown; payload?: unknown };
    if (!isEventName(event)) return;
    for (const handler of handlers.get(event) ?? []) handler(payload);
  });
  return {
    async call(method, input) {
      const outcome = (await ipc.invoke(ipcChannels.call, method, input)) as CallOutcome<never> | undefined;
      if (outcome && outcome.ok === true) return outcome.result;
      throw controlErrorFromBody(outcome && outcome.ok === false ? outcome.error : undefined);
    },
    on(event, handler) {
      if (!isEventName(event)) return () => {};
      const set = handlers.get(event) ?? new Set();
      handlers.set(event, set);
      const wrapped = handler as (payload: unknown) => void;
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
  };
}
