import { describe, expect, it } from 'vitest';
import { rawRequest } from '../helpers/raw-http';
import { publicUrl, useTestNodes } from '../helpers/test-node';

const nodes = useTestNodes();

/** Defects the reliability runner found (test/reliability/hostile.mjs): each answer in its protocol's shape. */
describe('answers Fastify gives before a route runs, in the protocol’s shape', () => {
  it('/a2a: a Content-Type Fastify cannot parse is a JSON-RPC -32005, not the listener’s generic 415 body', async () => {
    const node = await nodes.start();
    const { key } = (await node.api.call('keys.generate', { label: 'k' })) as { key: string };
    for (const contentType of [';;;', 'application/json, application/json', 'application/jsön']) {
      const body = '{"jsonrpc":"2.0","id":1,"method":"tasks/get","params":{"id":"x"}}';
      const response = await rawRequest(
        node.port,
        Buffer.concat([Buffer.from(`POST /a2a HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${key}\r\nContent-Type: `), Buffer.from(contentType, 'utf8'), Buffer.from(`\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`)]),
      );
      expect(response.status, contentType).toBe(415);
      expect(JSON.parse(response.body), contentType).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32005, message: 'Unsupported Content-Type; expected application/json.' } });
    }
    // The node still answers well-formed calls.
    const ok = await fetch(publicUrl(node, '/a2a'), { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: '{"jsonrpc":"2.0","id":2,"method":"tasks/get","params":{"id":"x"}}' });
    expect(((await ok.json()) as { error: { code: number } }).error.code).toBe(-32001);
  });

  it('chat: GET on the message WebSocket without an upgrade is 426 with a sentence (it was a 404 with no body)', async () => {
    const node = await nodes.start();
    const response = await fetch(publicUrl(node, '/v1/messages/ws/some-session'));
    expect(response.status).toBe(426);
    expect(await response.json()).toMatchObject({ error: 'upgrade_required', message: expect.stringContaining('WebSocket') });
  });

  it('the control port ends a request whose headers never finish (408), as the public listener does', async () => {
    const node = await nodes.start();
    // Answered well before the old 60 s (the headers timeout is 10 s, checked every second), or rawRequest gives up.
    const response = await rawRequest(node.control.port, 'G', 25_000);
    expect(response.status).toBe(408);
  }, 30_000);
});
