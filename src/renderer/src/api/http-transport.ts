import type { ControlTransport, MethodName } from '@shared/contract';
import { loopbackPaths } from '@shared/contract-wire';
import { createEventFanout } from '@shared/event-fanout';
import { ControlError, controlErrorFromBody } from '@shared/control-error';

export type ConnectionState = 'connecting' | 'open' | 'closed' | 'unauthorized';

export interface HttpTransport extends ControlTransport {
  readonly state: ConnectionState;
  onStateChange(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}

interface Options {
  token: string;
  /** Origin of the loopback control API; the page's own origin in the web console. */
  origin: string;
  WebSocketImpl?: typeof WebSocket;
  fetchImpl?: typeof fetch;
}

/**
 * The control contract over the loopback HTTP API (calls) and one WebSocket (events), for the web console.
 * The socket reconnects with backoff; listeners are told when it drops so the UI can say so and refetch.
 */
export function createHttpTransport(options: Options): HttpTransport {
  const fetchImpl = options.fetchImpl ?? fetch.bind(globalThis);
  const WebSocketImpl = options.WebSocketImpl ?? WebSocket;
  const fanout = createEventFanout();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  let socket: WebSocket | null = null;
  let retryMs = 500;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const listener of [...stateListeners]) listener(next);
  };

  const connect = () => {
    if (closed) return;
    const url = `${options.origin.replace(/^http/, 'ws')}${loopbackPaths.events}`;
    const ws = new WebSocketImpl(url);
    socket = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', token: options.token }));
    ws.onmessage = (message) => {
      let frame: { type?: unknown; event?: unknown; payload?: unknown };
      try {
        frame = JSON.parse(String(message.data)) as typeof frame;
      } catch {
        return;
      }
      if (frame.type === 'ready') {
        retryMs = 500;
        setState('open');
      } else if (frame.type === 'event') {
        fanout.dispatch(frame.event, frame.payload);
      }
    };
    ws.onclose = (event) => {
      if (socket === ws) socket = null;
      if (closed) return;
      if (event.code === 4401) return setState('unauthorized');
      setState('closed');
      retryTimer = setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5_000);
    };
  };
  connect();

  return {
    get state() {
      return state;
    },
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
    async call(method: MethodName, input: unknown) {
      let response: Response;
      const payload = JSON.stringify(input ?? {});
      try {
        response = await fetchImpl(`${options.origin}${loopbackPaths.call(method)}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
          body: payload,
          // A small call (a decision sent as the tab closes: an undone-in-time reject) outlives the page.
          keepalive: payload.length < 60_000,
        });
      } catch {
        throw new ControlError('unavailable', 'The node is not answering. Is it still running?');
      }
      const body = (await response.json().catch(() => null)) as { ok?: boolean; result?: unknown; error?: unknown; message?: unknown; fields?: unknown } | null;
      if (response.ok && body?.ok === true) return body.result as never;
      if (response.status === 401) setState('unauthorized');
      throw controlErrorFromBody({ code: body?.error, message: body?.message, fields: body?.fields });
    },
    on: fanout.on,
    close() {
      closed = true;
      clearTimeout(retryTimer);
      socket?.close();
    },
  };
}
