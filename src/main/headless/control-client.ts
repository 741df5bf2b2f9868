import type WebSocket from 'ws';
import type { EventName, EventPayload, MethodInput, MethodName, MethodResult } from '../../shared/contract';
import { loopbackPaths } from '../../shared/contract-wire';
import { ControlError, controlErrorFromBody } from '../../shared/control-error';
import { readControlFile } from '../core/control/control-file';
import { postLoopbackJson } from './loopback-post';

export class NoNodeRunningError extends Error {
  constructor(dataDir: string, detail: string) {
    super(`No Switchboard node is running for the data dir ${dataDir} (${detail}). Start one with \`switchboard serve\`.`);
    this.name = 'NoNodeRunningError';
  }
}

export interface ControlClient {
  readonly url: string;
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>>;
  /** Every event the node pushes, until the returned function is called (or the node goes away). */
  events(onEvent: <E extends EventName>(event: E, payload: EventPayload<E>) => void, onClose: () => void): () => void;
}

/** The CLI's way into a running node: port and admin token from the data dir, then the loopback control API. */
export function connectControl(dataDir: string): ControlClient {
  const file = readControlFile(dataDir);
  if (!file) throw new NoNodeRunningError(dataDir, 'no control file');
  if (!isAlive(file.pid)) throw new NoNodeRunningError(dataDir, `its control file names pid ${file.pid}, which has stopped`);
  return {
    url: file.url,
    async call(method, input) {
      let response: { status: number; body: unknown };
      try {
        response = await postLoopbackJson(file.port, loopbackPaths.call(method), file.token, input, 30_000);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'ECONNREFUSED' || code === 'ECONNRESET') throw new NoNodeRunningError(dataDir, `nothing answers on port ${file.port}; pid ${file.pid} has stopped`);
        throw new ControlError('unavailable', `The node did not answer: ${error instanceof Error ? error.message : String(error)}`);
      }
      const body = response.body as { ok?: boolean; result?: unknown; error?: unknown; message?: unknown } | null;
      if (response.status >= 200 && response.status < 300 && body?.ok === true) return body.result as never;
      throw controlErrorFromBody({ code: body?.error, message: body?.message });
    },
    events(onEvent, onClose) {
      // `ws` is loaded by the few commands that follow events, not by every command at start-up.
      let socket: WebSocket | null = null;
      let stopped = false;
      import('ws').then(
        ({ default: Socket }) => {
          if (stopped) return;
          const opened = new Socket(`ws://127.0.0.1:${file.port}${loopbackPaths.events}`, { headers: { authorization: `Bearer ${file.token}` } });
          socket = opened;
          opened.on('message', (data) => {
            let frame: { type?: unknown; event?: unknown; payload?: unknown };
            try {
              frame = JSON.parse(String(data)) as typeof frame;
            } catch {
              return;
            }
            if (frame.type === 'event' && typeof frame.event === 'string') onEvent(frame.event as EventName, frame.payload as never);
          });
          opened.on('error', () => undefined);
          opened.on('close', onClose);
        },
        () => onClose(),
      );
      return () => {
        stopped = true;
        socket?.close();
      };
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else — still alive.
    return (error as { code?: string }).code === 'EPERM';
  }
}
