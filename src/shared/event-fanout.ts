import type { ControlTransport, EventName } from './contract';
import { isEventName } from './contract-wire';

/**
 * Subscribers per event name, for the transports' client side: one message channel in, many handlers out.
 * Unknown event names are dropped, so a page only ever sees events the contract defines.
 */
export function createEventFanout(): { on: ControlTransport['on']; dispatch(event: unknown, payload: unknown): void } {
  const handlers = new Map<EventName, Set<(payload: unknown) => void>>();
  return {
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
    dispatch(event, payload) {
      if (!isEventName(event)) return;
      for (const handler of [...(handlers.get(event) ?? [])]) handler(payload);
    },
  };
}
