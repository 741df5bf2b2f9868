import type { ControlTransport, EventName, EventPayload, MethodName } from '@shared/contract';
import type { ConnectionState } from '../../src/renderer/src/api/http-transport';
import { saverThroughContent, type AttachmentSaver } from '../../src/renderer/src/api/attachment-saver';
import type { ResolvedTransport } from '../../src/renderer/src/api/transport';

type Answers = Partial<Record<MethodName, (input: unknown) => unknown>>;

/**
 * A transport the test drives: canned answers per method, and events it can push. `kind` says which face it
 * stands for: the web console ('http', the default) or the desktop app ('ipc').
 */
export function fakeTransport(answers: Answers, { kind = 'http', saveAttachment }: { kind?: ResolvedTransport['kind']; saveAttachment?: AttachmentSaver } = {}) {
  const calls: { method: MethodName; input: unknown }[] = [];
  const handlers = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'open';
  const transport: ControlTransport = {
    async call(method, input) {
      calls.push({ method, input });
      const answer = answers[method];
      if (!answer) throw new Error(`no fake answer for ${method}`);
      return answer(input) as never;
    },
    on(event, handler) {
      const set = handlers.get(event) ?? new Set();
      handlers.set(event, set);
      set.add(handler as (payload: unknown) => void);
      return () => set.delete(handler as (payload: unknown) => void);
    },
  };
  const resolved: ResolvedTransport = {
    transport,
    kind,
    state: () => state,
    onStateChange: (listener) => {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    // Saving goes through the contract unless a test gives the web console's saver (it needs a control port).
    saveAttachment: saveAttachment ?? saverThroughContent(transport),
  };
  return {
    resolved,
    calls,
    push<E extends EventName>(event: E, payload: EventPayload<E>) {
      for (const handler of handlers.get(event) ?? []) handler(payload);
    },
    setState(next: ConnectionState) {
      state = next;
      for (const listener of stateListeners) listener(next);
    },
  };
}
