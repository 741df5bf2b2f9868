import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SwitchboardNode } from '../../src/main/core/node';
import { addSecurePeer, getSecure, postSecure } from '../helpers/secure-peer';
import { publicUrl, useTestNodes } from '../helpers/test-node';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/** One request from a chosen loopback source address (Linux routes all of 127/8 to lo), to tell callers apart. */
function from(localAddress: string, port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, localAddress, method: options.method ?? 'GET', path: options.path, headers: { ...options.headers, connection: 'close' }, agent: false }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }));
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

/** Writes `head` then `drip` one byte at a time, every `everyMs`, until the server closes; what it answered, if anything. */
function trickle(port: number, head: string, drip: string, everyMs: number): Promise<{ status: number; text: string; closedAfterMs: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (!socket.writable) return;
        socket.write(drip[sent % drip.length]!);
        sent += 1;
      }, everyMs);
    });
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text, closedAfterMs: Date.now() - started });
    });
  });
}

function bodyOf(raw: string): Record<string, unknown> {
  const body = raw.split('\r\n\r\n').slice(1).join('\r\n\r\n');
  return JSON.parse(body) as Record<string, unknown>;
}

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
}

/** Opens a WebSocket and says how it ended (or that it is still open once `open` fired and nothing closed it yet). */
function webSocket(url: string, headers: Record<string, string> = {}) {
  const socket = new WebSocket(url, { headers });
  socket.on('error', () => undefined);
  const opened = new Promise<void>((resolve) => socket.once('open', () => resolve()));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  return { socket, opened, closed };
}

const a2aCall = (method: string, params: unknown) => JSON.stringify({ jsonrpc: '2.0', id: 1, method, params });

async function a2aKey(node: SwitchboardNode, label: string): Promise<string> {
  return ((await node.api.call('keys.generate', { label })) as { key: string }).key;
}

describe('request rates on the public port (Settings › Limits)', () => {
  const nodes = useTestNodes();

  it('has defaults no legitimate peer reaches, and refuses values that would lock everyone out', async () => {
    const node = await nodes.start();
    expect(node.settings.get().limits).toEqual({ perAddressPerMinute: 600, perCredentialPerMinute: 1200 });
    await expect(node.api.call('settings.update', { limits: { perAddressPerMinute: 0 } })).rejects.toThrow(/at least 10/);
  });

  it('an address over its rate gets 429 with Retry-After in each protocol’s shape, failed authentication counts, and other addresses are served', async () => {
    const node = await nodes.start();
    await node.api.call('settings.update', { limits: { perAddressPerMinute: 10 } });
    // Given ten requests from one address, every one refused for a wrong secret…
    for (let i = 0; i < 10; i++) expect((await from('127.0.0.2', node.port, { method: 'POST', path: '/messages', headers: { authorization: 'Bearer wrong', 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);

    // …the next ones from it are 429 on every protocol, each in its own shape.
    const secure = await from('127.0.0.2', node.port, { method: 'POST', path: '/messages', headers: { authorization: 'Bearer wrong', 'content-type': 'application/json' }, body: '{}' });
    expect(secure.status).toBe(429);
    expect(Number(secure.headers['retry-after'])).toBeGreaterThan(0);
    expect(secure.body).toMatchObject({ error: 'rate_limited', details: expect.stringMatching(/retry in \d+ s/) });

    const a2a = await from('127.0.0.2', node.port, { method: 'POST', path: '/a2a', headers: { 'content-type': 'application/json', 'a2a-version': '1.0' }, body: a2aCall('GetTask', { id: 'x' }) });
    expect(a2a.status).toBe(429);
    expect(Number(a2a.headers['retry-after'])).toBeGreaterThan(0);
    expect(a2a.body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32000, message: expect.stringMatching(/Too many requests/), data: { reason: 'rate_limited', retryAfterSeconds: expect.any(Number) } } });

    const chat = await from('127.0.0.2', node.port, { method: 'POST', path: '/v1/agents/join', headers: { 'content-type': 'application/json' }, body: '{"agent_id":"flood"}' });
    expect(chat.status).toBe(429);
    expect(chat.body).toMatchObject({ error: 'rate_limited', message: expect.any(String) });

    const card = await from('127.0.0.2', node.port, { path: '/.well-known/agent-card.json' });
    const health = await from('127.0.0.2', node.port, { path: '/health' });
    expect([card.status, health.status]).toEqual([429, 429]);
    expect(health.body).toMatchObject({ error: 'rate_limited', retry_after_seconds: expect.any(Number) });

    // Another address is served as before.
    expect((await from('127.0.0.3', node.port, { path: '/health' })).status).toBe(200);
    expect((await from('127.0.0.3', node.port, { path: '/.well-known/agent-card.json' })).status).toBe(200);

    // A raised limit applies to the very next request.
    await node.api.call('settings.update', { limits: { perAddressPerMinute: 1000 } });
    expect((await from('127.0.0.2', node.port, { path: '/health' })).status).toBe(200);
  });

  it('a credential over its rate gets 429 (a2a-secure and A2A) while other credentials from the same address go on', async () => {
    const node = await nodes.start();
    await node.api.call('settings.update', { limits: { perCredentialPerMinute: 10 } });
    const busy = await addSecurePeer(node, { name: 'busy' });
    const calm = await addSecurePeer(node, { name: 'calm' });
    for (let i = 0; i < 10; i++) expect((await getSecure(node, '/stats', busy.inboundSecret)).status).toBe(200);
    const refused = await getSecure(node, '/stats', busy.inboundSecret);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: 'rate_limited', details: expect.stringMatching(/credential/) });
    expect((await getSecure(node, '/stats', calm.inboundSecret)).status).toBe(200);

    const hot = await a2aKey(node, 'hot');
    const cool = await a2aKey(node, 'cool');
    const list = (key: string) =>
      fetch(publicUrl(node, '/a2a'), { method: 'POST', headers: { 'content-type': 'application/json', 'a2a-version': '1.0', authorization: `Bearer ${key}` }, body: a2aCall('ListTasks', {}) });
    for (let i = 0; i < 10; i++) expect((await list(hot)).status).toBe(200);
    const over = await list(hot);
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await over.json()).toMatchObject({ error: { code: -32000 } });
    expect((await list(cool)).status).toBe(200);
  });
});

describe('slow clients and connection caps', () => {
  const nodes = useTestNodes();

  it('a client that trickles its headers is cut at the headers timeout, not held for the 30 s request timeout', async () => {
    const node = await nodes.start({ connectionLimits: { headersTimeoutMs: 500 } });
    const result = await trickle(node.port, 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: y\r\n', 100);
    // Well before the 30 s request timeout, and before the default 10 s headers timeout: the configured one applies.
    expect(result.closedAfterMs).toBeLessThan(8_000);
    expect(result.status).toBe(408);
    expect((await fetch(publicUrl(node, '/health'))).status).toBe(200);
  });

  it('a body that trickles below the minimum rate is ended with 408 in the protocol’s shape', async () => {
    const node = await nodes.start({ connectionLimits: { minBodyBytesPerSecond: 1000, bodyGraceMs: 300 } });
    const { inboundSecret } = await addSecurePeer(node, { name: 'slowpoke' });
    const secure = await trickle(node.port, `POST /messages HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${inboundSecret}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n`, '{"a":"', 100);
    expect(secure.closedAfterMs).toBeLessThan(15_000);
    expect(secure.status).toBe(408);
    expect(bodyOf(secure.text)).toMatchObject({ error: 'request_timeout', details: expect.stringMatching(/too slowly/) });

    const key = await a2aKey(node, 'slow-rpc');
    const rpc = await trickle(node.port, `POST /a2a HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n`, '{"a":"', 100);
    expect(rpc.status).toBe(408);
    expect(bodyOf(rpc.text)).toMatchObject({ jsonrpc: '2.0', error: { code: -32000, data: { reason: 'request_timeout' } } });

    // Refused before its body is read (no key here), a trickling request is closed with its answer, not kept to read the rest.
    const refused = await trickle(node.port, 'POST /a2a HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n', '{"a":"', 100);
    expect(refused.status).toBe(401);
    expect(refused.closedAfterMs).toBeLessThan(15_000);

    // A body sent at once is not affected, however slowly its headers came within the timeout.
    expect((await postSecure(node, '/', { schema_version: '2.4', message: 'quick', wake: false }, inboundSecret)).status).toBe(200);
  });

  it('one address holds at most so many connections: the next is answered 429 and closed, and a freed one is reusable', async () => {
    const node = await nodes.start({ connectionLimits: { connectionsPerAddress: 3 } });
    const held = await Promise.all([openSocket(node.port), openSocket(node.port), openSocket(node.port)]);
    const fourth = await from('127.0.0.1', node.port, { path: '/health' });
    expect(fourth.status).toBe(429);
    expect(fourth.headers.connection).toBe('close');
    expect(fourth.body).toMatchObject({ error: 'too_many_connections', retry_after_seconds: expect.any(Number) });
    // Another address is not affected.
    expect((await from('127.0.0.4', node.port, { path: '/health' })).status).toBe(200);

    held.pop()!.destroy();
    let status = 0;
    // The server sees the close shortly after the client: ask until it has.
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      status = (await from('127.0.0.1', node.port, { path: '/health' })).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe(200);
    for (const socket of held) socket.destroy();
  });

  it('a caller holds at most so many A2A streams: the next SubscribeToTask is 429 in JSON-RPC, and a closed one frees its slot', async () => {
    const node = await nodes.start({ connectionLimits: { streamsPerCaller: 2 } });
    const key = await a2aKey(node, 'watcher');
    const headers = { 'content-type': 'application/json', 'a2a-version': '1.0', authorization: `Bearer ${key}` };
    const sent = await fetch(publicUrl(node, '/a2a'), { method: 'POST', headers, body: a2aCall('SendMessage', { message: { messageId: 'm-wait', role: 'ROLE_USER', parts: [{ text: 'wait for the operator' }] }, configuration: { returnImmediately: true } }) });
    const taskId = ((await sent.json()) as { result: { task: { id: string } } }).result.task.id;
    expect(taskId).toEqual(expect.any(String));
    const subscribe = (signal?: AbortSignal) => fetch(publicUrl(node, '/a2a'), { method: 'POST', headers, body: a2aCall('SubscribeToTask', { id: taskId }), ...(signal ? { signal } : {}) });

    const first = new AbortController();
    const streams = [await subscribe(first.signal), await subscribe()];
    expect(streams.map((s) => s.headers.get('content-type'))).toEqual([expect.stringMatching(/event-stream/), expect.stringMatching(/event-stream/)]);
    const third = await subscribe();
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await third.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32000, data: { reason: 'too_many_streams' } } });

    first.abort();
    let next: Response | null = null;
    for (let attempt = 0; attempt < 50; attempt++) {
      next = await subscribe();
      if (next.status === 200) break;
      await next.text();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(next?.headers.get('content-type')).toMatch(/event-stream/);
    await next?.body?.cancel();
    await streams[1]!.body?.cancel();
  });

  it('chat WebSockets per address and the control port’s event sockets are capped: the next closes with 1013 and a reason', async () => {
    const node = await nodes.start({ connectionLimits: { socketsPerCaller: 2 } });
    const chatUrl = `ws://127.0.0.1:${node.port}/v1/messages/ws/some-session`;
    const chat = [webSocket(chatUrl), webSocket(chatUrl)];
    await Promise.all(chat.map((s) => s.opened));
    const extra = webSocket(chatUrl);
    const refused = await extra.closed;
    expect(refused.code).toBe(1013);
    expect(refused.reason).toMatch(/too many WebSockets/);

    const eventsUrl = `${node.control.url.replace('http', 'ws')}/api/events`;
    const auth = { authorization: `Bearer ${node.control.token}` };
    const events = [webSocket(eventsUrl, auth), webSocket(eventsUrl, auth)];
    await Promise.all(events.map((s) => s.opened));
    const third = await webSocket(eventsUrl, auth).closed;
    expect(third.code).toBe(1013);
    expect(third.reason).toMatch(/too many event sockets/);
    for (const s of [...chat, ...events]) s.socket.close();
  });

  it('a WebSocket frame over the message size limit closes the socket (1009), on both WebSocket endpoints', async () => {
    const node = await nodes.start();
    const chat = webSocket(`ws://127.0.0.1:${node.port}/v1/messages/ws/some-session`);
    await chat.opened;
    chat.socket.send('x'.repeat(70 * 1024));
    expect((await chat.closed).code).toBe(1009);

    const events = webSocket(`${node.control.url.replace('http', 'ws')}/api/events`, { authorization: `Bearer ${node.control.token}` });
    await events.opened;
    events.socket.send('x'.repeat(70 * 1024));
    expect((await events.closed).code).toBe(1009);
  });
});
