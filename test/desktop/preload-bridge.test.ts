import { describe, expect, it } from 'vitest';
import { ControlError } from '../../src/shared/control-error';
import { ipcChannels } from '../../src/shared/contract-wire';
import { createBridge, type IpcRendererLike } from '../../src/preload/bridge';
import { transportFromBridge } from '../../src/shared/bridge';

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
  it('forwards calls on the one call channel and hands the page the envelope, which the page unwraps', async () => {
    const { ipc, invoked } = fakeIpc({ ok: true, result: { name: 'n' } });
    const bridge = createBridge(ipc);
    expect(await bridge.call('node.status', {})).toEqual({ ok: true, result: { name: 'n' } });
    expect(invoked).toEqual([[ipcChannels.call, 'node.status', {}]]);
    expect(await transportFromBridge(bridge).call('node.status', {})).toEqual({ name: 'n' });
  });

  it('keeps an error’s code across the bridge (an Error crossing contextBridge would keep only its message)', async () => {
    const bridge = createBridge(fakeIpc({ ok: false, error: { code: 'invalid_input', message: 'limit: too small' } }).ipc);
    const outcome = await bridge.call('audit.list', { limit: 0 });
    // What crosses is plain data: structured-clonable, code included.
    expect(structuredClone(outcome)).toEqual({ ok: false, error: { code: 'invalid_input', message: 'limit: too small' } });
    await expect(transportFromBridge(bridge).call('audit.list', { limit: 0 })).rejects.toEqual(new ControlError('invalid_input', 'limit: too small'));
    expect(await createBridge(fakeIpc(undefined).ipc).call('node.status', {})).toMatchObject({ ok: false, error: { code: 'internal_error' } });
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
