import type { SwitchboardBridge } from '../shared/bridge';
import { ipcChannels } from '../shared/contract-wire';
import { createEventFanout } from '../shared/event-fanout';
import { controlErrorFromBody, type CallOutcome } from '../shared/control-error';

export type { SwitchboardBridge } from '../shared/bridge';

/** The slice of Electron's ipcRenderer the bridge uses; injected so the bridge is tested under Node. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * Builds `window.switchboard`: `call` and `on`, nothing else. Channels are fixed; the IpcRendererEvent never
 * reaches the page (Electron security checklist #20).
 */
export function createBridge(ipc: IpcRendererLike): SwitchboardBridge {
  const fanout = createEventFanout();
  ipc.on(ipcChannels.event, (_event, message) => {
    const { event, payload } = (message ?? {}) as { event?: unknown; payload?: unknown };
    fanout.dispatch(event, payload);
  });
  return {
    async call(method, input) {
      const outcome = (await ipc.invoke(ipcChannels.call, method, input)) as CallOutcome<unknown> | undefined;
      if (outcome && (outcome.ok === true || outcome.ok === false)) return outcome;
      return { ok: false, error: controlErrorFromBody(undefined).toBody() };
    },
    on: fanout.on,
  };
}
