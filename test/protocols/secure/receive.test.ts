import { createCipheriv, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { encryptEnvelope } from '../../../src/main/core/crypto/aes-gcm-envelope';
import type { SwitchboardNode } from '../../../src/main/core/node';
import { addSecurePeer, getSecure, postSecure } from '../../helpers/secure-peer';
import { useTestNodes } from '../../helpers/test-node';

const KEY = randomBytes(32);
const KEY_HEX = KEY.toString('hex');

async function listMessages(node: SwitchboardNode, filter: Record<string, unknown> = {}) {
  return (await node.api.call('messages.list', filter)) as { messages: { content: string; traceId: string; peerName: string; encrypted: boolean; schemaVersion: string | null; wake: boolean }[]; total: number };
}

describe('a2a-secure: receiving a message (POST /)', () => {
  const nodes = useTestNodes();

  it('serves the capability card on GET / without auth', async () => {
    const node = await nodes.start({ name: 'card-node' });
    await node.api.call('settings.update', { skills: ['research'] });
    const card = await getSecure(node, '/', null);
    expect(card).toEqual({
      status: 200,
      body: {
        name: 'card-node',
        version: '2.5',
        skills: ['research'],
        features: ['aes-gcm', 'store-and-fetch', 'idempotency', 'schema-versioning', 'instant-wake', 'trace-id', 'stats'],
        schema: { current: '2.4', min_supported: '1.0', max_supported: '2.4' },
      },
    });
  });

  it("accepts a peer's plaintext message with its own secret and answers in the reference's shape", async () => {
    const node = await nodes.start({ name: 'receiver' });
    const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
    const reply = await postSecure(node, '/', { schema_version: '2.4', trace_id: 'zen-1700000000-abc12345', message: 'Hello!', sender: 'alice', wake: false }, inboundSecret);
    expect(reply).toEqual({ status: 200, body: { status: 'OK', from: 'receiver', wake: false, version: '2.5', schema_version: '2.4', trace_id: 'zen-1700000000-abc12345' } });
    const { messages } = await listMessages(node);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ content: 'Hello!', traceId: 'zen-1700000000-abc12345', peerName: 'alice', direction: 'in', protocol: 'secure', status: 'received', schemaVersion: '2.4', encrypted: false });
    expect((await node.api.call('peers.get', { peer: 'alice' }) as { lastSeenAt: string | null }).lastSeenAt).not.toBeNull();
  });

  it('generates a trace id when the sender gave none', async () => {
    const node = await nodes.start();
    const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
    const reply = await postSecure(node, '/', { schema_version: '2.4', message: 'no trace' }, inboundSecret);
    expect(reply.body.trace_id).toMatch(/^sb-\d+-[0-9a-f]{12}$/);
    expect((await listMessages(node)).messages[0]?.traceId).toBe(reply.body.trace_id);
  });

  describe('schema versions', () => {
    it.each([
      [undefined, 200, 'no_schema_version_field', '1.0'],
      ['1.0', 200, undefined, '1.0'],
      ['2.4', 200, undefined, '2.4'],
      ['2', 200, undefined, '2'],
      ['2.5', 200, 'version_newer_than_server:max=2.4', '2.5'],
      ['2.4.1', 200, 'version_newer_than_server:max=2.4', '2.4.1'],
      ['3.0', 200, 'version_newer_than_server:max=2.4', '3.0'],
    ])('schema_version %s is accepted (warning %s)', async (version, status, warning, stored) => {
      const node = await nodes.start();
      const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
      const reply = await postSecure(node, '/', { ...(version ? { schema_version: version } : {}), message: 'm' }, inboundSecret);
      expect(reply.status).toBe(status);
      expect(reply.body.schema_warning).toBe(warning);
      expect((await listMessages(node)).messages[0]?.schemaVersion).toBe(stored);
    });

    it('refuses a version older than the minimum with 400 schema_version_incompatible and the server schema', async () => {
      const node = await nodes.start();
      const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
      const reply = await postSecure(node, '/', { schema_version: '0.9', message: 'old', trace_id: 't-old' }, inboundSecret);
      expect(reply).toEqual({
        status: 400,
        body: { error: 'schema_version_incompatible', details: 'version_too_old:min=1.0', server_schema: { current: '2.4', min_supported: '1.0', max_supported: '2.4' }, trace_id: 't-old' },
      });
      expect((await listMessages(node)).total).toBe(0);
    });

    it.each([['v2.4'], [2.4], ['2.4-beta'], ['']])('refuses the malformed version %j with 400', async (version) => {
      const node = await nodes.start();
      const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
      const reply = await postSecure(node, '/', { schema_version: version, message: 'm' }, inboundSecret);
      expect(reply.status).toBe(400);
      expect(reply.body.error).toBe('invalid_schema_version');
    });
  });

  describe('bad input', () => {
    it('answers bad JSON, wrong types and bad trace ids with 400 in the protocol shape, and keeps serving', async () => {
      const node = await nodes.start();
      const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
      expect((await postSecure(node, '/', '{"message": "unclosed', inboundSecret)).body).toMatchObject({ error: 'invalid_json' });
      expect((await postSecure(node, '/', '[1,2,3]', inboundSecret)).body).toMatchObject({ error: 'invalid_request' });
      expect((await postSecure(node, '/', { message: 5 }, inboundSecret)).body).toMatchObject({ error: 'invalid_request', details: expect.stringContaining('message') });
      expect((await postSecure(node, '/', { message: 'x', wake: 'yes' }, inboundSecret)).body).toMatchObject({ error: 'invalid_request' });
      expect((await postSecure(node, '/', { schema_version: '2.4' }, inboundSecret)).body).toMatchObject({ error: 'invalid_request', details: expect.stringContaining('message') });
      for (const traceId of ['../../etc/passwd', 'has space', 'x'.repeat(129), 'line\nbreak', '']) {
        const reply = await postSecure(node, '/', { message: 'x', trace_id: traceId }, inboundSecret);
        expect(reply.status, traceId).toBe(400);
      }
      expect((await postSecure(node, '/', { message: 'x', type: 'SYN' }, inboundSecret)).body).toMatchObject({ error: 'unsupported_type' });
      expect((await listMessages(node)).total).toBe(0);
      expect((await getSecure(node, '/health', null)).status).toBe(200);
    });

    it('refuses a body over the limit with 413 JSON', async () => {
      const node = await nodes.start({ bodyLimitBytes: 64 * 1024 });
      const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
      const reply = await postSecure(node, '/', { message: 'x'.repeat(100 * 1024) }, inboundSecret);
      expect(reply).toMatchObject({ status: 413, body: { error: 'payload_too_large' } });
    });

    it('accepts the JSON body whatever Content-Type the client sent (urllib sends form-encoded by default)', async () => {
      const node = await nodes.start();
      const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
      const reply = await postSecure(node, '/', { message: 'form typed' }, inboundSecret, { 'content-type': 'application/x-www-form-urlencoded' });
      expect(reply.status).toBe(200);
    });

    it('answers POST to other paths with 404 rather than treating them as messages', async () => {
      const node = await nodes.start();
      const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
      expect((await postSecure(node, '/foo', { message: 'x' }, inboundSecret)).status).toBe(404);
    });
  });

  describe('idempotency', () => {
    it('returns the first response to a repeat, stores once, and counts a duplicate', async () => {
      const node = await nodes.start();
      const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
      const body = { schema_version: '2.4', idempotency_key: 'unique-request-id-12345', message: 'Important', trace_id: 'first-trace' };
      const first = await postSecure(node, '/', body, inboundSecret);
      const second = await postSecure(node, '/', { ...body, trace_id: 'second-trace' }, inboundSecret);
      expect(second).toEqual(first);
      expect((await listMessages(node)).total).toBe(1);
      expect((await getSecure(node, '/stats', inboundSecret)).body).toMatchObject({ received: 1, duplicates: 1 });
    });

    it('uses the trace id as the key when there is no idempotency_key (the reference client retries that way)', async () => {
      const node = await nodes.start();
      const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
      const body = { schema_version: '2.4', trace_id: 'zen-1-retry', message: 'retried', sender: 'alice', wake: true };
      await postSecure(node, '/', body, inboundSecret);
      await postSecure(node, '/', body, inboundSecret);
      await postSecure(node, '/', { message: 'retried', wake: true, trace_id: 'zen-1-retry' }, inboundSecret);
      expect((await listMessages(node)).total).toBe(1);
    });

    it('scopes keys per peer: the same key from another peer is a new message', async () => {
      const node = await nodes.start();
      const alice = await addSecurePeer(node, { name: 'alice' });
      const bob = await addSecurePeer(node, { name: 'bob' });
      const body = { idempotency_key: 'shared-key', message: 'same words' };
      expect((await postSecure(node, '/', body, alice.inboundSecret)).status).toBe(200);
      expect((await postSecure(node, '/', body, bob.inboundSecret)).status).toBe(200);
      const { messages } = await listMessages(node);
      expect(messages.map((m) => m.peerName).sort()).toEqual(['alice', 'bob']);
    });

    it('refuses a reused key carrying a different message with 409', async () => {
      const node = await nodes.start();
      const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
      await postSecure(node, '/', { idempotency_key: 'k1', message: 'one' }, inboundSecret);
      const reused = await postSecure(node, '/', { idempotency_key: 'k1', message: 'two' }, inboundSecret);
      expect(reused).toMatchObject({ status: 409, body: { error: 'idempotency_key_reused' } });
      expect((await listMessages(node)).messages.map((m) => m.content)).toEqual(['one']);
    });

    it('treats path-like keys as data: no file is created or read, and they dedupe like any key', async () => {
      const node = await nodes.start();
      const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
      const before = readdirSync(node.status().dataDir).sort();
      for (const key of ['../../../../etc/passwd', '..\\..\\windows\\win.ini', '/tmp/a2a-idempotency/x', 'nul', 'ключ-🔑']) {
        expect((await postSecure(node, '/', { idempotency_key: key, message: `m ${key}` }, inboundSecret)).status).toBe(200);
        expect((await postSecure(node, '/', { idempotency_key: key, message: `m ${key}` }, inboundSecret)).status).toBe(200);
      }
      expect((await listMessages(node)).total).toBe(5);
      expect(readdirSync(node.status().dataDir).sort()).toEqual(before);
    });
  });

  describe('encrypted bodies', () => {
    it("decrypts with the peer's AES key and stores the plaintext", async () => {
      const node = await nodes.start();
      const { inboundSecret } = await addSecurePeer(node, { name: 'alice', aesKey: KEY_HEX });
      const reply = await postSecure(node, '/', { schema_version: '2.4', ...encryptEnvelope(KEY, 'secret plans ✓'), sender: 'alice', wake: false }, inboundSecret);
      expect(reply.status).toBe(200);
      const { messages } = await listMessages(node);
      expect(messages[0]).toMatchObject({ content: 'secret plans ✓', encrypted: true });
    });

    it('recognises a re-encrypted repeat (fresh nonce, same text, same trace id) as a duplicate', async () => {
      const node = await nodes.start();
      const { inboundSecret } = await addSecurePeer(node, { name: 'alice', aesKey: KEY_HEX });
      await postSecure(node, '/', { trace_id: 'enc-1', ...encryptEnvelope(KEY, 'again') }, inboundSecret);
      await postSecure(node, '/', { trace_id: 'enc-1', ...encryptEnvelope(KEY, 'again') }, inboundSecret);
      expect((await listMessages(node)).total).toBe(1);
    });

    function tamper(envelope: ReturnType<typeof encryptEnvelope>, field: 'nonce' | 'tag' | 'ciphertext', value: string) {
      return { ...envelope, [field]: value };
    }

    it.each([
      ['a wrong key', () => encryptEnvelope(randomBytes(32), 'x')],
      ['a 4-byte (truncated) tag', () => { const e = encryptEnvelope(KEY, 'x'); return tamper(e, 'tag', Buffer.from(e.tag, 'base64').subarray(0, 4).toString('base64')); }],
      ['an 11-byte nonce', () => tamper(encryptEnvelope(KEY, 'x'), 'nonce', randomBytes(11).toString('base64'))],
      ['bad base64', () => tamper(encryptEnvelope(KEY, 'x'), 'ciphertext', '***not base64***')],
      ['a flipped ciphertext bit', () => { const e = encryptEnvelope(KEY, 'hello'); const ct = Buffer.from(e.ciphertext, 'base64'); ct[0] = (ct[0] ?? 0) ^ 1; return tamper(e, 'ciphertext', ct.toString('base64')); }],
      ['non-UTF-8 plaintext', () => { const nonce = randomBytes(12); const c = createCipheriv('aes-256-gcm', KEY, nonce); const ct = Buffer.concat([c.update(Buffer.from([0xff, 0xfe, 0xfd])), c.final()]); return { encrypted: true as const, nonce: nonce.toString('base64'), ciphertext: ct.toString('base64'), tag: c.getAuthTag().toString('base64') }; }],
    ])('answers %s with 400 decrypt_failed, audits it, and stores nothing', async (_label, makeEnvelope) => {
      const node = await nodes.start();
      const { inboundSecret } = await addSecurePeer(node, { name: 'alice', aesKey: KEY_HEX });
      const reply = await postSecure(node, '/', { schema_version: '2.4', ...makeEnvelope() }, inboundSecret);
      expect(reply).toMatchObject({ status: 400, body: { error: 'decrypt_failed' } });
      expect((await listMessages(node)).total).toBe(0);
      expect(node.audit.list({ limit: 10 }).map((e) => e.event)).toContain('message.decrypt_failed');
      expect((await getSecure(node, '/stats', inboundSecret)).body).toMatchObject({ decrypt_failures: 1, received: 0 });
    });

    it('answers an encrypted message from a peer without an AES key with decrypt_failed', async () => {
      const node = await nodes.start();
      const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
      const reply = await postSecure(node, '/', encryptEnvelope(KEY, 'x'), inboundSecret);
      expect(reply).toMatchObject({ status: 400, body: { error: 'decrypt_failed', details: expect.stringContaining('no AES key') } });
    });
  });

  it('commits the message before it acknowledges, and finishes an in-flight request during shutdown', async () => {
    const node = await nodes.start();
    const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
    const body = JSON.stringify({ message: 'in flight', trace_id: 'flight-1' });
    const socket = connect(node.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let response = '';
    socket.on('data', (chunk) => (response += chunk.toString()));
    const ended = new Promise((resolve) => socket.once('close', resolve));
    socket.write(`POST / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${inboundSecret}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = node.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.write(body.slice(10));
    await ended;
    await closing;
    expect(response).toMatch(/^HTTP\/1\.1 200/);
    expect(response).toContain('"trace_id":"flight-1"');
    const reopened = await nodes.start({ dataDir: node.config.dataDir });
    expect((await listMessages(reopened)).messages.map((m) => m.traceId)).toEqual(['flight-1']);
  });
});
