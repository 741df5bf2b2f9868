import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { boundedFetch, FetchFailure } from '../../src/main/core/net/bounded-fetch';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

/** A real server on 127.0.0.1 that counts the connections it was opened with. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  let connections = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => handler(req, res, body));
  });
  server.on('connection', () => (connections += 1));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, connections: () => connections };
}

const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(FetchFailure);
  return error as FetchFailure;
};

describe('boundedFetch', () => {
  it('posts a fixed-length body and reads status, headers and text; requests in a row share one connection', async () => {
    const seen: { length?: string; chunked?: string; auth?: string; body: string }[] = [];
    const server = await serve((req, res, body) => {
      seen.push({ length: req.headers['content-length'], chunked: req.headers['transfer-encoding'], auth: req.headers.authorization, body });
      res.writeHead(201, { 'content-type': 'application/json', 'x-twice': ['a', 'b'] }).end('{"ok":"é"}');
    });
    for (let i = 0; i < 3; i += 1) {
      const response = await boundedFetch(server.url, { method: 'POST', headers: { authorization: 'Bearer s' }, body: '{"text":"é"}', timeoutMs: 5_000, maxBytes: 1024 });
      expect(response).toMatchObject({ status: 201, text: '{"ok":"é"}' });
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(response.headers.get('x-twice')).toBe('a, b');
    }
    expect(seen).toEqual(Array.from({ length: 3 }, () => ({ length: String(Buffer.byteLength('{"text":"é"}')), chunked: undefined, auth: 'Bearer s', body: '{"text":"é"}' })));
    expect(server.connections()).toBe(1);
  });

  it('does not follow a redirect', async () => {
    const server = await serve((_req, res) => res.writeHead(307, { location: 'http://elsewhere.example/' }).end());
    expect(await failure(boundedFetch(server.url, { timeoutMs: 5_000, maxBytes: 1024 }))).toMatchObject({ reason: 'redirect', status: 307 });
  });

  it('stops reading past maxBytes, whether the length is declared or not', async () => {
    const declared = await serve((_req, res) => res.writeHead(200, { 'content-length': '2048' }).end('x'.repeat(2048)));
    expect(await failure(boundedFetch(declared.url, { timeoutMs: 5_000, maxBytes: 1024 }))).toMatchObject({ reason: 'too_large' });
    const streamed = await serve((_req, res) => {
      res.writeHead(200);
      res.write('x'.repeat(800));
      res.end('y'.repeat(800));
    });
    expect(await failure(boundedFetch(streamed.url, { timeoutMs: 5_000, maxBytes: 1024 }))).toMatchObject({ reason: 'too_large' });
  });

  it('gives up on a server that never answers, and when the caller aborts', async () => {
    const silent = await serve(() => {});
    expect(await failure(boundedFetch(silent.url, { timeoutMs: 150, maxBytes: 1024 }))).toMatchObject({ reason: 'timeout' });
    const controller = new AbortController();
    const pending = boundedFetch(silent.url, { timeoutMs: 60_000, maxBytes: 1024, signal: controller.signal });
    controller.abort();
    expect(await failure(pending)).toMatchObject({ reason: 'timeout' });
  });

  it('names the connection error when nothing listens', async () => {
    const server = await serve(() => {});
    const { url } = server;
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
    expect(await failure(boundedFetch(url, { timeoutMs: 5_000, maxBytes: 1024 }))).toMatchObject({ reason: 'connection', message: 'ECONNREFUSED' });
  });
});
