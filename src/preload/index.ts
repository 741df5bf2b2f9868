import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

const bridge = createBridge(ipcRenderer);
// Expose plain functions only: the page gets call/on, never ipcRenderer itself.
contextBridge.exposeInMainWorld('switchboard', {
  call: (method: string, input: unknown) => bridge.call(method as never, input as never),
  on: (event: string, handler: (payload: unknown) => void) => bridge.on(event as never, handler as never),
});
