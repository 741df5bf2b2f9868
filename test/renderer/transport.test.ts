import { describe, expect, it } from 'vitest';
import { ControlError } from '@shared/control-error';
import { resolveTransport, takeTokenFromLocation } from '../../src/renderer/src/api/transport';

describe('the console token', () => {
  it('is taken from the fragment into sessionStorage and removed from the address bar', () => {
    const token = 'A'.repeat(43);
    window.history.replaceState(null, '', `/index.html#token=${token}`);
    window.sessionStorage.clear();
    expect(takeTokenFromLocation(window.location, window.history, window.sessionStorage)).toBe(token);
    expect(window.location.hash).toBe('');
    expect(window.sessionStorage.getItem('switchboard.token')).toBe(token);
    // A reload keeps working from sessionStorage.
    expect(takeTokenFromLocation(window.location, window.history, window.sessionStorage)).toBe(token);
  });

  it('ignores a fragment that is not a token', () => {
    window.sessionStorage.clear();
    window.history.replaceState(null, '', '/#token=short');
    expect(takeTokenFromLocation(window.location, window.history, window.sessionStorage)).toBeNull();
  });
});

describe('the desktop transport', () => {
  it('uses the preload bridge and rebuilds errors with their code from its envelope', async () => {
    const bridge = {
      call: async (method: string) => (method === 'node.status' ? { ok: true as const, result: { name: 'n' } } : { ok: false as const, error: { code: 'not_found' as const, message: 'There is no peer named bob.' } }),
      on: () => () => {},
    };
    const resolved = resolveTransport({ switchboard: bridge } as unknown as Window)!;
    expect(resolved.kind).toBe('ipc');
    expect(await resolved.transport.call('node.status', {})).toEqual({ name: 'n' });
    await expect(resolved.transport.call('peers.get', { peer: 'bob' })).rejects.toEqual(new ControlError('not_found', 'There is no peer named bob.'));
  });
});
