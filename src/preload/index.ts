import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

const bridge = createBridge(ipcRenderer);
// Expose plain functions only: the page gets call/on, never ipcRenderer itself.
// `call` answers with an envelope (an Error crossing contextBridge would keep only its message).
contextBridge.exposeInMainWorld('switchboard', {
  call: (method: string, input: unknown) => bridge.call(method as never, input),
  on: (event: string, handler: (payload: unknown) => void) => bridge.on(event as never, handler as never),
});
