import WebSocket from 'ws';
import type { EventName, EventPayload, MethodInput, MethodName, MethodResult } from '../../shared/contract';
import { loopbackPaths } from '../../shared/contract-wire';
import { ControlError, controlErrorFromBody } from '../../shared/control-error';
import { readControlFile } from '../core/control/control-file';

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
      let response: Response;
      try {
        response = await fetch(`http://127.0.0.1:${file.port}${loopbackPaths.call(method)}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${file.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
          signal: AbortSignal.timeout(30_000),
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        if (cause === 'ECONNREFUSED' || cause === 'ECONNRESET') throw new NoNodeRunningError(dataDir, `nothing answers on port ${file.port}; pid ${file.pid} has stopped`);
        throw new ControlError('unavailable', `The node did not answer: ${error instanceof Error ? error.message : String(error)}`);
      }
      const body = (await response.json().catch(() => null)) as { ok?: boolean; result?: unknown; error?: unknown; message?: unknown } | null;
      if (response.ok && body?.ok === true) return body.result as never;
      throw controlErrorFromBody({ code: body?.error, message: body?.message });
    },
    events(onEvent, onClose) {
      const socket = new WebSocket(`ws://127.0.0.1:${file.port}${loopbackPaths.events}`, { headers: { authorization: `Bearer ${file.token}` } });
      socket.on('message', (data) => {
        let frame: { type?: unknown; event?: unknown; payload?: unknown };
        try {
          frame = JSON.parse(String(data)) as typeof frame;
        } catch {
          return;
        }
        if (frame.type === 'event' && typeof frame.event === 'string') onEvent(frame.event as EventName, frame.payload as never);
      });
      socket.on('error', () => undefined);
      socket.on('close', onClose);
      return () => socket.close();
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
