import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { readControlFile } from '../../src/main/core/control/control-file';
import { rawRequest } from '../helpers/raw-http';
import { callControl, useTestNodes } from '../helpers/test-node';

function nextMessage(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>));
    ws.once('close', (code) => reject(new Error(`closed ${code}`)));
  });
}

function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

describe('the loopback control API', () => {
  const nodes = useTestNodes();

  it('answers a valid call with the token', async () => {
    const node = await nodes.start({ name: 'ctl' });
    const { status, body } = await callControl(node, 'node.status', {});
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, result: { name: 'ctl', port: node.port } });
  });

  it('listens on 127.0.0.1 only', async () => {
    const node = await nodes.start();
    expect(node.control.url).toBe(`http://127.0.0.1:${node.control.port}`);
    const everywhere = await fetch(`http://127.0.0.1:${node.control.port}/api/call/node.status`, { method: 'POST' }).catch(() => null);
    expect(everywhere?.status).toBe(401);
  });

  it('refuses a wrong or missing token with 401', async () => {
    const node = await nodes.start();
    expect((await callControl(node, 'node.status', {}, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await callControl(node, 'node.status', {}, { authorization: `Bearer ${node.control.token}x` })).status).toBe(401);
    expect((await callControl(node, 'node.status', {}, { authorization: node.control.token })).status).toBe(401);
    const missing = await fetch(`${node.control.url}/api/call/node.status`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: 'unauthorized' });
  });

  it('refuses a non-ASCII Authorization header with 401 and keeps running', async () => {
    const node = await nodes.start();
    const head = `POST /api/call/node.status HTTP/1.1\r\nHost: 127.0.0.1:${node.control.port}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\nAuthorization: Bearer `;
    const response = await rawRequest(node.control.port, Buffer.concat([Buffer.from(head), Buffer.from('tökén€', 'utf8'), Buffer.from('\r\n\r\n{}')]));
    expect([400, 401]).toContain(response.status);
    expect((await callControl(node, 'node.status', {})).status).toBe(200);
  });

  it('refuses a foreign Host header with 403 (DNS rebinding)', async () => {
    const node = await nodes.start();
    for (const host of ['evil.example', `evil.example:${node.control.port}`, `127.0.0.1.evil.example:${node.control.port}`, `localhost:${node.control.port + 1}`]) {
      const response = await rawRequest(
        node.control.port,
        `POST /api/call/node.status HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${node.control.token}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
      );
      expect(response.status, host).toBe(403);
      expect(JSON.parse(response.body)).toMatchObject({ error: 'forbidden_host' });
    }
    for (const host of [`localhost:${node.control.port}`, `127.0.0.1:${node.control.port}`]) {
      const ok = await rawRequest(
        node.control.port,
        `POST /api/call/node.status HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${node.control.token}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
      );
      expect(ok.status, host).toBe(200);
    }
  });

  it('refuses a request from a foreign Origin with 403', async () => {
    const node = await nodes.start();
    const { status, body } = await callControl(node, 'node.status', {}, { origin: 'https://evil.example' });
    expect(status).toBe(403);
    expect(body).toMatchObject({ error: 'forbidden_origin' });
  });

  it('answers invalid input with 400 and the validation message', async () => {
    const node = await nodes.start();
    const wrongType = await callControl(node, 'audit.list', { limit: 'ten' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body).toMatchObject({ error: 'invalid_input' });
    expect(String(wrongType.body.message)).toMatch(/limit: .*number/i);
    const unknownField = await callControl(node, 'node.status', { surprise: true });
    expect(unknownField.status).toBe(400);
    expect(String(unknownField.body.message)).toMatch(/surprise/);
    const badJson = await callControl(node, 'node.status', '{"nope":');
    expect(badJson.status).toBe(400);
    expect(badJson.body).toMatchObject({ error: 'invalid_json' });
  });

  it('answers an unknown or path-like method with 404 unknown_method', async () => {
    const node = await nodes.start();
    expect((await callControl(node, 'node.reboot', {})).body).toMatchObject({ error: 'unknown_method' });
    const traversal = await callControl(node, '..%2F..%2Fetc%2Fpasswd', {});
    expect(traversal.status).toBe(404);
    expect(traversal.body).toMatchObject({ error: 'unknown_method' });
    expect((await callControl(node, '__proto__', {})).status).toBe(404);
  });

  it('writes the port and token to a 0600 control file in the data dir', async () => {
    const node = await nodes.start();
    const file = readControlFile(node.status().dataDir);
    expect(file).toMatchObject({ port: node.control.port, token: node.control.token, pid: process.pid });
    expect(Buffer.from(file!.token, 'base64url')).toHaveLength(32);
    if (process.platform !== 'win32') expect(statSync(join(node.status().dataDir, 'control.json')).mode & 0o777).toBe(0o600);
  });

  it('pushes events over the WebSocket after first-frame authentication', async () => {
    const node = await nodes.start();
    const ws = new WebSocket(`ws://127.0.0.1:${node.control.port}/api/events`);
    await new Promise((resolve) => ws.once('open', resolve));
    const ready = nextMessage(ws);
    ws.send(JSON.stringify({ type: 'auth', token: node.control.token }));
    expect(await ready).toEqual({ type: 'ready' });
    const pushed = nextMessage(ws);
    node.audit.audit('test.event', { peer: 'bob', outbound_secret: 'do-not-show' });
    const frame = await pushed;
    expect(frame).toMatchObject({ type: 'event', event: 'audit.appended', payload: { event: 'test.event', details: { peer: 'bob', outbound_secret: '[redacted]' } } });
    ws.close();
  });

  it('accepts the token as a header on the WebSocket upgrade too', async () => {
    const node = await nodes.start();
    const ws = new WebSocket(`ws://127.0.0.1:${node.control.port}/api/events`, { headers: { authorization: `Bearer ${node.control.token}` } });
    expect(await nextMessage(ws)).toEqual({ type: 'ready' });
    ws.close();
  });

  it('closes a WebSocket with a wrong token (4401) or a malformed first frame (4400)', async () => {
    const node = await nodes.start();
    const wrong = new WebSocket(`ws://127.0.0.1:${node.control.port}/api/events`);
    await new Promise((resolve) => wrong.once('open', resolve));
    wrong.send(JSON.stringify({ type: 'auth', token: 'nope' }));
    expect(await closeCode(wrong)).toBe(4401);

    const garbled = new WebSocket(`ws://127.0.0.1:${node.control.port}/api/events`);
    await new Promise((resolve) => garbled.once('open', resolve));
    garbled.send('not json');
    expect(await closeCode(garbled)).toBe(4400);

    const foreign = new WebSocket(`ws://127.0.0.1:${node.control.port}/api/events`, { origin: 'https://evil.example' });
    const refused = await new Promise<string>((resolve) => {
      foreign.once('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      foreign.once('error', (error) => resolve(error.message));
    });
    expect(refused).toMatch(/403/);
  });

  it('serves the web console with a strict CSP when a console dir is given', async () => {
    const consoleDir = join(nodes.tempDir(), 'console');
    mkdirSync(consoleDir);
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>console</title>');
    const node = await nodes.start({ consoleDir });
    const page = await fetch(`${node.control.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>console</title>');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
    const escape = await rawRequest(node.control.port, `GET /../../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1:${node.control.port}\r\nConnection: close\r\n\r\n`);
    expect([403, 404]).toContain(escape.status);
    expect(escape.body).not.toContain('root:');
  });

  it('speaks WebSocket only at /api/events: an upgrade elsewhere is a 404, plain HTTP there a 426, each with a sentence', async () => {
    const consoleDir = join(nodes.tempDir(), 'console');
    mkdirSync(consoleDir);
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>console</title>');
    const node = await nodes.start({ consoleDir });
    const upgrade = (path: string) =>
      rawRequest(
        node.control.port,
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${node.control.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
      );
    for (const path of ['/anything', '/', '/api/call/node.status', '/api/events/x']) {
      const refused = await upgrade(path);
      expect(refused.status, path).toBe(404);
      expect(refused.body).toMatch(/No WebSocket at/);
    }
    const plain = await fetch(`${node.control.url}/api/events`);
    expect(plain.status).toBe(426);
    expect(await plain.json()).toEqual({ error: 'upgrade_required', message: '/api/events is a WebSocket: connect with Upgrade: websocket.' });
    // The real one still opens.
    const ws = new WebSocket(`ws://127.0.0.1:${node.control.port}/api/events`, { headers: { authorization: `Bearer ${node.control.token}` } });
    expect((await nextMessage(ws)).type).toBe('ready');
    ws.close();
  });
});
