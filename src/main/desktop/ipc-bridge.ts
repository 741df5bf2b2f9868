import type { EventName } from '../../shared/contract';
import { ipcChannels } from '../../shared/contract-wire';
import { ControlError, type CallOutcome } from '../../shared/control-error';
import type { ControlApi } from '../core/control/control-api';
import { redact } from '../core/redact';
import type { IpcMainLike, WebContentsLike } from './electron-types';
import { isTrustedSender } from './web-security';

/**
 * The IPC transport of the control contract: one `handle` for calls (sender checked, input validated by the
 * core's contract), results wrapped as `{ ok, result | error }` because Electron flattens thrown errors.
 */
export function registerIpcBridge(deps: {
  ipcMain: IpcMainLike;
  api: ControlApi;
  onRejectedSender?: (url: string) => void;
}): () => void {
  deps.ipcMain.handle(ipcChannels.call, async (event, method, input): Promise<CallOutcome<unknown>> => {
    if (!isTrustedSender(event.senderFrame)) {
      deps.onRejectedSender?.(event.senderFrame?.url ?? 'unknown');
      return { ok: false, error: { code: 'forbidden', message: 'Calls are accepted only from the Switchboard window.' } };
    }
    try {
      return { ok: true, result: await deps.api.call(String(method), input) };
    } catch (error) {
      const failure = error instanceof ControlError ? error : new ControlError('internal_error', 'The call failed.');
      return { ok: false, error: failure.toBody() };
    }
  });
  return () => deps.ipcMain.removeHandler(ipcChannels.call);
}

/** Pushes every core event to a window's renderer; a destroyed window is skipped. */
export function forwardEvents(api: ControlApi, target: () => WebContentsLike | null): () => void {
  return api.events.onAny((event: EventName, payload: unknown) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(ipcChannels.event, { event, payload: redact(payload) });
  });
}
