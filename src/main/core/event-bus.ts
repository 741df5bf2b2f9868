import type { EventName, EventPayload } from '../../shared/contract';

type AnyHandler = (event: EventName, payload: unknown) => void;

export interface EventBus {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void;
  /** Transports forward every event; they subscribe here once. */
  onAny(handler: AnyHandler): () => void;
}

export function createEventBus(onHandlerError: (error: unknown) => void = () => {}): EventBus {
  const handlers = new Set<AnyHandler>();
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    for (const handler of [...handlers]) {
      try {
        handler(event, payload);
      } catch (error) {
        // One broken subscriber (a closed socket, a destroyed window) must not stop the others.
        onHandlerError(error);
      }
    }
  };
  const onAny = (handler: AnyHandler) => {
    handlers.add(handler);
    return () => {
      handlers.delete(handler);
    };
  };
  return {
    emit,
    onAny,
    on(event, handler) {
      return onAny((name, payload) => {
        if (name === event) handler(payload as EventPayload<typeof event>);
      });
    },
  };
}
