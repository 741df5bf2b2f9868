import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createHttpTransport, type ConnectionState } from '../../src/renderer/src/api/http-transport';
import { ControlError } from '../../src/shared/control-error';
import { useTestNodes } from '../helpers/test-node';

function until(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (predicate()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error('condition not reached'));
      setTimeout(tick, 10);
    };
    tick();
  });
}

describe("the web console's transport against a real node", () => {
  const nodes = useTestNodes();

  it('calls methods and receives pushed events', async () => {
    const node = await nodes.start({ name: 'web' });
    const transport = createHttpTransport({ token: node.control.token, origin: node.control.url, WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket });
    try {
      await until(() => transport.state === 'open');
      expect(await transport.call('node.status', {})).toMatchObject({ name: 'web' });
      const received: unknown[] = [];
      transport.on('audit.appended', (entry) => received.push(entry.event));
      node.audit.audit('test.pushed');
      await until(() => received.length === 1);
      expect(received).toEqual(['test.pushed']);
    } finally {
      transport.close();
    }
  });

  it('reports a rejected token as unauthorized, on calls and on the event channel', async () => {
    const node = await nodes.start();
    const states: ConnectionState[] = [];
    const transport = createHttpTransport({ token: 'B'.repeat(43), origin: node.control.url, WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket });
    transport.onStateChange((state) => states.push(state));
    try {
      await until(() => transport.state === 'unauthorized');
      const failure = await transport.call('node.status', {}).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ControlError);
      expect((failure as ControlError).code).toBe('unauthorized');
    } finally {
      transport.close();
    }
    expect(states).toContain('unauthorized');
  });

  it('rejects bad input with the contract message', async () => {
    const node = await nodes.start();
    const transport = createHttpTransport({ token: node.control.token, origin: node.control.url, WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket });
    try {
      const failure = await transport.call('audit.list', { limit: 100000 }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ControlError);
      expect((failure as ControlError).code).toBe('invalid_input');
      expect((failure as ControlError).message).toMatch(/limit/);
    } finally {
      transport.close();
    }
  });
});
