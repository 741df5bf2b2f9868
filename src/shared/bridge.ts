import type { ControlTransport, EventName, EventPayload, MethodName } from './contract';
import { controlErrorFromBody, type CallOutcome } from './control-error';

/**
 * What the desktop's preload exposes as `window.switchboard`: `call` answers with the `{ ok, result | error }`
 * envelope rather than throwing, because an Error crossing contextBridge keeps only its message — the page would
 * lose the error's code. `transportFromBridge` turns it back into a ControlTransport on the page's side.
 */
export interface SwitchboardBridge {
  call(method: MethodName, input: unknown): Promise<CallOutcome<unknown>>;
  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void;
}

/** The page's side of the bridge: results returned, errors rethrown as ControlError with their code. */
export function transportFromBridge(bridge: SwitchboardBridge): ControlTransport {
  return {
    async call(method, input) {
      const outcome = await bridge.call(method, input);
      if (outcome.ok) return outcome.result as never;
      throw controlErrorFromBody(outcome.error);
    },
    on: (event, handler) => bridge.on(event, handler),
  };
}
