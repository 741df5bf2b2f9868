import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/main/core/logger';
import { createPublicServer, listenOrExplain, PortInUseError } from '../../src/main/core/server/public-server';
import { rawRequest } from '../helpers/raw-http';
import { publicUrl, useTestNodes } from '../helpers/test-node';

describe('the public listener', () => {
  const nodes = useTestNodes();

  it('answers GET /health with status, name, version and uptime', async () => {
    const node = await nodes.start({ name: 'health-check' });
    const response = await fetch(publicUrl(node, '/health'));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({ status: 'OK', name: 'health-check', version: expect.any(String), uptime_seconds: expect.any(Number) });
  });

  it('answers unknown routes with 404 JSON carrying an error code', async () => {
    const node = await nodes.start();
    const response = await fetch(publicUrl(node, '/no/such/route?secret=x'));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await response.json()) as { error: string; message: string };
    expect(body.error).toBe('not_found');
    expect(body.message).not.toContain('secret=x');
  });

  it('refuses a 2 MiB body with 413 JSON and keeps serving', async () => {
    const node = await nodes.start();
    const response = await fetch(publicUrl(node, '/'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: 'payload_too_large' });
    expect((await fetch(publicUrl(node, '/health'))).status).toBe(200);
  });

  it('survives garbage on the socket and a non-ASCII header', async () => {
    const node = await nodes.start();
    const garbage = await rawRequest(node.port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage.status).toBe(400);
    const nonAscii = await rawRequest(
      node.port,
      Buffer.concat([Buffer.from('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Odd: '), Buffer.from([0xc3, 0xa9, 0xff]), Buffer.from('\r\nConnection: close\r\n\r\n')]),
    );
    expect([200, 400]).toContain(nonAscii.status);
    expect((await fetch(publicUrl(node, '/health'))).status).toBe(200);
  });
});

describe('the public server module', () => {
  it('answers non-JSON where JSON is required with 400 invalid_json, whatever the Content-Type', async () => {
    const app = createPublicServer({ bodyLimitBytes: 1024 * 1024, logger: silentLogger });
    app.post('/echo', async (request) => ({ got: request.body }));
    for (const contentType of ['application/json', 'application/x-www-form-urlencoded', 'text/plain']) {
      const bad = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': contentType }, payload: '{"unclosed": ' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ error: 'invalid_json' });
      const good = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': contentType }, payload: '{"a":1}' });
      expect(good.json()).toEqual({ got: { a: 1 } });
    }
    const poisoned = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{"__proto__":{"admin":true}}' });
    expect(poisoned.statusCode).toBe(400);
    await app.close();
  });

  it('refuses an oversize chunked body (no Content-Length) with 413 JSON while it streams', async () => {
    const app = createPublicServer({ bodyLimitBytes: 64 * 1024, logger: silentLogger });
    app.post('/echo', async (request) => ({ got: request.body }));
    const port = await listenOrExplain(app, '127.0.0.1', 0);
    const answer = await new Promise<{ code: number; body: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/echo', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      for (let i = 0; i < 20; i += 1) req.write('x'.repeat(8 * 1024));
      req.end();
    });
    expect(answer.code).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'payload_too_large' });
    await app.close();
  });

  it('turns a handler crash into 500 internal_error without the exception text', async () => {
    const app = createPublicServer({ bodyLimitBytes: 1024, logger: silentLogger });
    app.get('/boom', async () => {
      throw new Error('/home/op/secret/path exploded');
    });
    const response = await app.inject({ method: 'GET', url: '/boom' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: 'internal_error', message: 'The node could not handle this request.' });
    await app.close();
  });

  it('reports a port in use as a clear error', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const app = createPublicServer({ bodyLimitBytes: 1024, logger: silentLogger });
    await expect(listenOrExplain(app, '127.0.0.1', port)).rejects.toThrowError(PortInUseError);
    await expect(listenOrExplain(createPublicServer({ bodyLimitBytes: 1024, logger: silentLogger }), '127.0.0.1', port)).rejects.toThrowError(
      new RegExp(`Port ${port} on 127.0.0.1 is already in use.*--port`),
    );
    await app.close();
    blocker.close();
  });
});
