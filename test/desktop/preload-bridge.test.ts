import { describe, expect, it } from 'vitest';
import { ControlError } from '../../src/shared/control-error';
import { ipcChannels } from '../../src/shared/contract-wire';
import { createBridge, type IpcRendererLike } from '../../src/preload/bridge';

function fakeIpc(answer: unknown) {
  const listeners: ((event: unknown, ...args: unknown[]) => void)[] = [];
  const invoked: unknown[][] = [];
  const ipc: IpcRendererLike = {
    invoke: async (...args) => {
      invoked.push(args);
      return answer;
    },
    on: (channel, listener) => {
      if (channel === ipcChannels.event) listeners.push(listener);
    },
  };
  return { ipc, invoked, push: (message: unknown) => listeners.forEach((listener) => listener({ sender: 'IpcRendererEvent' }, message)) };
}

describe('the preload bridge', () => {
  it('forwards calls on the one call channel and unwraps results', async () => {
    const { ipc, invoked } = fakeIpc({ ok: true, result: { name: 'n' } });
    const bridge = createBridge(ipc);
    expect(await bridge.call('node.status', {})).toEqual({ name: 'n' });
    expect(invoked).toEqual([[ipcChannels.call, 'node.status', {}]]);
  });

  it('turns an error envelope into a ControlError with its code', async () => {
    const bridge = createBridge(fakeIpc({ ok: false, error: { code: 'invalid_input', message: 'limit: too small' } }).ipc);
    await expect(bridge.call('audit.list', { limit: 0 })).rejects.toEqual(new ControlError('invalid_input', 'limit: too small'));
  });

  it('delivers only known events, with the payload alone (never the IpcRendererEvent)', () => {
    const { ipc, push } = fakeIpc(null);
    const bridge = createBridge(ipc);
    const received: unknown[][] = [];
    const off = bridge.on('node.countsChanged', (...args: unknown[]) => received.push(args));
    push({ event: 'node.countsChanged', payload: { counts: { messagesIn: 1, messagesOut: 2 } } });
    push({ event: 'not.an.event', payload: {} });
    push('garbage');
    off();
    push({ event: 'node.countsChanged', payload: { counts: { messagesIn: 9, messagesOut: 9 } } });
    expect(received).toEqual([[{ counts: { messagesIn: 1, messagesOut: 2 } }]]);
  });
});
