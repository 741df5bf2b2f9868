import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptEnvelope } from '../../../src/main/core/crypto/aes-gcm-envelope';
import type { MessageSummary } from '../../../src/shared/domain/message';
import { untilFinal } from '../../helpers/linked-nodes';
import { useTestNodes } from '../../helpers/test-node';
import { useTinyServers } from '../../helpers/tiny-server';

const ok = JSON.stringify({ status: 'OK', from: 'tiny', wake: true, version: '2.5', schema_version: '2.4' });

describe('the a2a-secure client, seen from the peer', () => {
  const nodes = useTestNodes();
  const tinyServer = useTinyServers();

  it('posts the seed’s wire format with a Content-Length, the Bearer secret, and the same keys on every attempt', async () => {
    let calls = 0;
    const peer = await tinyServer((_request, response) => {
      calls += 1;
      if (calls === 1) response.writeHead(503).end('{"error":"busy"}');
      else response.writeHead(200, { 'content-type': 'application/json' }).end(ok);
    });
    const a = await nodes.start({ name: 'sender' });
    await a.api.call('peers.add', { name: 'tiny', baseUrl: peer.url, outboundSecret: 'tiny-outbound-secret' });
    await a.api.call('peers.setRetryPolicy', { peer: 'tiny', policy: { maxAttempts: 3, baseDelayMs: 100 } });
    const sent = (await a.api.call('messages.send', { peer: 'tiny', text: 'wire check ✓', wake: false, traceId: 'wire-1', idempotencyKey: 'idem-1' })) as MessageSummary;
    expect((await untilFinal(a, sent.id)).status).toBe('delivered');
    expect(peer.requests).toHaveLength(2);
    for (const request of peer.requests) {
      expect(request).toMatchObject({ method: 'POST', url: '/' });
      expect(request.headers.authorization).toBe('Bearer tiny-outbound-secret');
      expect(request.headers['content-length']).toBe(String(Buffer.byteLength(request.body)));
      expect(request.headers['transfer-encoding']).toBeUndefined();
      expect(JSON.parse(request.body)).toEqual({ schema_version: '2.4', trace_id: 'wire-1', idempotency_key: 'idem-1', sender: 'sender', wake: false, message: 'wire check ✓' });
    }
  });

  it('encrypts with the seed’s envelope (12-byte nonce, separate 16-byte tag)', async () => {
    const key = randomBytes(32);
    const peer = await tinyServer((_request, response) => response.writeHead(200).end(ok));
    const a = await nodes.start();
    await a.api.call('peers.add', { name: 'tiny', baseUrl: peer.url, aesKey: key.toString('hex') });
    const sent = (await a.api.call('messages.send', { peer: 'tiny', text: 'sealed', encrypt: true })) as MessageSummary;
    await untilFinal(a, sent.id);
    const body = JSON.parse(peer.requests[0]!.body) as Record<string, string>;
    expect(body).not.toHaveProperty('message');
    expect(Buffer.from(body.nonce!, 'base64')).toHaveLength(12);
    expect(Buffer.from(body.tag!, 'base64')).toHaveLength(16);
    expect(decryptEnvelope(key, body)).toBe('sealed');
  });

  it('waits as long as a 429’s Retry-After says', async () => {
    let calls = 0;
    const peer = await tinyServer((_request, response) => {
      calls += 1;
      if (calls === 1) response.writeHead(429, { 'retry-after': '2' }).end('{"error":"slow down"}');
      else response.writeHead(200).end(ok);
    });
    const a = await nodes.start();
    await a.api.call('peers.add', { name: 'tiny', baseUrl: peer.url });
    await a.api.call('peers.setRetryPolicy', { peer: 'tiny', policy: { maxAttempts: 3, baseDelayMs: 100 } });
    const sent = (await a.api.call('messages.send', { peer: 'tiny', text: 'patience' })) as MessageSummary;
    const final = await untilFinal(a, sent.id);
    expect(final.status).toBe('delivered');
    const [first, second] = final.attempts.map((attempt) => Date.parse(attempt.startedAt));
    expect(second! - first!).toBeGreaterThanOrEqual(2000);
    expect(final.attempts[0]).toMatchObject({ outcome: 'retry', statusCode: 429, error: 'HTTP 429: slow down' });
  });

  it.each([
    [400, 'refused the message as malformed (400'],
    [403, 'refused this sender (403)'],
    [404, 'has nothing at that address (404)'],
    [413, 'refused the message as too large (413)'],
    [302, 'refused the message'],
  ])('does not retry a %i', async (status, reason) => {
    const peer = await tinyServer((_request, response) => response.writeHead(status, status === 302 ? { location: 'http://127.0.0.1:9/elsewhere' } : {}).end('{"error":"no"}'));
    const a = await nodes.start();
    await a.api.call('peers.add', { name: 'tiny', baseUrl: peer.url, outboundSecret: 'never-follow-me' });
    const sent = (await a.api.call('messages.send', { peer: 'tiny', text: 'once only' })) as MessageSummary;
    const final = await untilFinal(a, sent.id);
    expect(final.status).toBe('dead');
    expect(final.attempts).toHaveLength(1);
    expect(final.delivery?.deadReason).toContain(reason);
    expect(peer.requests).toHaveLength(1);
  });

  it('keeps delivering to a fast peer while a slow one takes its time', async () => {
    const slow = await tinyServer((_request, response) => setTimeout(() => response.writeHead(200).end(ok), 1500));
    const fast = await tinyServer((_request, response) => response.writeHead(200).end(ok));
    const a = await nodes.start();
    await a.api.call('peers.add', { name: 'slow', baseUrl: slow.url });
    await a.api.call('peers.add', { name: 'fast', baseUrl: fast.url });
    const slowMessage = (await a.api.call('messages.send', { peer: 'slow', text: 'take your time' })) as MessageSummary;
    const fastMessages = [];
    for (let i = 0; i < 5; i += 1) fastMessages.push((await a.api.call('messages.send', { peer: 'fast', text: `quick ${i}` })) as MessageSummary);
    for (const m of fastMessages) expect((await untilFinal(a, m.id, 1200)).status).toBe('delivered');
    expect((await a.api.call('messages.get', { id: slowMessage.id })) as object).toMatchObject({ status: 'sending' });
    expect((await untilFinal(a, slowMessage.id)).status).toBe('delivered');
  });
});
