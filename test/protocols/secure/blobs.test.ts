import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encryptEnvelope } from '../../../src/main/core/crypto/aes-gcm-envelope';
import { addSecurePeer, getSecure, postSecure } from '../../helpers/secure-peer';
import { useTestNodes } from '../../helpers/test-node';
import { useTinyServers } from '../../helpers/tiny-server';

const KEY = randomBytes(32);
const KEY_HEX = KEY.toString('hex');

describe('a2a-secure: store-and-fetch', () => {
  const nodes = useTestNodes();
  const tinyServer = useTinyServers();

  describe('POST /messages and GET /messages/:id', () => {
    it('stores only encrypted blobs', async () => {
      const node = await nodes.start();
      const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
      expect(await postSecure(node, '/messages', { message: 'plain' }, inboundSecret)).toEqual({ status: 400, body: { error: 'only_encrypted_payloads_allowed' } });
      expect((await postSecure(node, '/messages', { encrypted: true, nonce: 'x' }, inboundSecret)).status).toBe(400);
      expect((await postSecure(node, '/messages', encryptEnvelope(KEY, 'x'), null)).status).toBe(401);
    });

    it('answers with a server-generated 256-bit id, ignores a client msg_id, and writes no file', async () => {
      const node = await nodes.start();
      const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
      const before = readdirSync(node.config.dataDir).sort();
      const stored = await postSecure(node, '/messages', { ...encryptEnvelope(KEY, 'big'), msg_id: '../../pwned' }, inboundSecret);
      expect(stored).toEqual({
        status: 200,
        body: { status: 'stored', msg_id: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), max_inline_bytes: 8000, ttl_seconds: 86400, schema_version: '2.4' },
      });
      expect(readdirSync(node.config.dataDir).sort()).toEqual(before);
    });

    it('returns a blob once to the peer that stored it, then 404', async () => {
      const node = await nodes.start();
      const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
      const envelope = encryptEnvelope(KEY, 'once');
      const { body } = await postSecure(node, '/messages', envelope, inboundSecret);
      const first = await getSecure(node, `/messages/${body.msg_id as string}`, inboundSecret);
      expect(first).toEqual({ status: 200, body: envelope });
      expect(await getSecure(node, `/messages/${body.msg_id as string}`, inboundSecret)).toEqual({ status: 404, body: { error: 'Not Found' } });
    });

    it("refuses another peer, no credentials, and ids that are not ours — without consuming the blob", async () => {
      const node = await nodes.start();
      const alice = await addSecurePeer(node, { name: 'alice' });
      const mallory = await addSecurePeer(node, { name: 'mallory' });
      const { body } = await postSecure(node, '/messages', encryptEnvelope(KEY, 'mine'), alice.inboundSecret);
      const id = body.msg_id as string;
      expect((await getSecure(node, `/messages/${id}`, mallory.inboundSecret)).status).toBe(404);
      expect((await getSecure(node, `/messages/${id}`, null)).status).toBe(401);
      for (const path of ['/messages/..%2F..%2Fetc%2Fpasswd', '/messages/short', `/messages/${id}x`, `/messages/${id}?x=1`.replace(id, id.slice(0, 42) + '/'), '/messages/%00']) {
        expect((await getSecure(node, path, alice.inboundSecret)).status, path).toBe(404);
      }
      expect((await getSecure(node, `/messages/${id}`, alice.inboundSecret)).status).toBe(200);
    });

    it('forgets blobs after their time to live', async () => {
      let now = Date.parse('2026-11-23T10:00:00Z');
      const node = await nodes.start({}, { clock: { now: () => now } });
      const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
      const { body } = await postSecure(node, '/messages', encryptEnvelope(KEY, 'ephemeral'), inboundSecret);
      now += 24 * 3600 * 1000 + 1;
      expect((await getSecure(node, `/messages/${body.msg_id as string}`, inboundSecret)).status).toBe(404);
    });
  });

  describe('fetch_ref', () => {
    async function peerOrigin(blob: unknown, expectedSecret: string) {
      return tinyServer((request, response) => {
        if (request.headers.authorization !== `Bearer ${expectedSecret}`) {
          response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"Unauthorized"}');
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(blob));
      });
    }

    it("fetches the blob from the peer's origin with the peer's credentials, decrypts it, and stores the text", async () => {
      const long = `long text ${'z'.repeat(20_000)}`;
      const origin = await peerOrigin(encryptEnvelope(KEY, long), 'to-alice-secret');
      const node = await nodes.start({ name: 'receiver' });
      const { inboundSecret } = await addSecurePeer(node, { name: 'alice', baseUrl: origin.url, outboundSecret: 'to-alice-secret', aesKey: KEY_HEX });
      const reply = await postSecure(node, '/', { type: 'fetch_ref', msg_id: 'abc', url: `${origin.url}/messages/abc`, from: 'alice', trace_id: 'ref-1' }, inboundSecret);
      expect(reply).toEqual({ status: 200, body: { status: 'OK', from: 'receiver', wake: false, version: '2.5', schema_version: '2.4', trace_id: 'ref-1', schema_warning: 'no_schema_version_field', mode: 'fetch_ref' } });
      expect(origin.requests).toHaveLength(1);
      expect(origin.requests[0]).toMatchObject({ method: 'GET', url: '/messages/abc' });
      const message = (await node.api.call('messages.list', {})) as { messages: { id: number; contentLength: number; encrypted: boolean }[] };
      expect(message.messages[0]).toMatchObject({ contentLength: long.length, encrypted: true });
      const detail = (await node.api.call('messages.get', { id: message.messages[0]!.id })) as { content: string };
      expect(detail.content).toBe(long);
    });

    it('refuses a fetch_ref pointing to any other origin (no SSRF), audits it, and never contacts that host', async () => {
      const victim = await tinyServer((_request, response) => response.writeHead(200).end('{}'));
      const node = await nodes.start();
      const { inboundSecret } = await addSecurePeer(node, { name: 'alice', baseUrl: 'http://127.0.0.1:9', aesKey: KEY_HEX });
      for (const url of [`${victim.url}/messages/abc`, 'http://169.254.169.254/latest/meta-data/', 'file:///etc/passwd', `http://user:pw@127.0.0.1:9/messages/x`, 'not a url']) {
        const reply = await postSecure(node, '/', { type: 'fetch_ref', msg_id: 'abc', url, trace_id: `t${url.length}` }, inboundSecret);
        expect(reply.status, url).toBe(400);
        expect(String(reply.body.error)).toMatch(/^fetch_ref_(origin_mismatch|invalid)$/);
      }
      expect(victim.requests).toHaveLength(0);
      expect(node.audit.list({ limit: 20 }).filter((e) => e.event === 'fetch_ref.refused').length).toBeGreaterThan(0);
    });

    it('does not follow a redirect from the peer origin', async () => {
      const elsewhere = await tinyServer((_request, response) => response.writeHead(200).end(JSON.stringify(encryptEnvelope(KEY, 'x'))));
      const origin = await tinyServer((_request, response) => response.writeHead(302, { location: `${elsewhere.url}/steal` }).end());
      const node = await nodes.start();
      const { inboundSecret } = await addSecurePeer(node, { name: 'alice', baseUrl: origin.url, outboundSecret: 'to-alice', aesKey: KEY_HEX });
      const reply = await postSecure(node, '/', { type: 'fetch_ref', msg_id: 'a', url: `${origin.url}/messages/a` }, inboundSecret);
      expect(reply).toMatchObject({ status: 502, body: { error: 'fetch_ref_failed' } });
      expect(elsewhere.requests).toHaveLength(0);
    });

    it("takes a blob the peer stored on this node itself (the seed's literal flow)", async () => {
      const node = await nodes.start({ publicUrl: 'https://sb.example.net' });
      const { inboundSecret } = await addSecurePeer(node, { name: 'alice', aesKey: KEY_HEX });
      const stored = await postSecure(node, '/messages', encryptEnvelope(KEY, 'stored here'), inboundSecret);
      const reply = await postSecure(node, '/', { type: 'fetch_ref', msg_id: stored.body.msg_id, url: `https://sb.example.net/messages/${stored.body.msg_id as string}`, from: 'alice' }, inboundSecret);
      expect(reply.status).toBe(200);
      const { messages } = (await node.api.call('messages.list', {})) as { messages: { content: string }[] };
      expect(messages[0]?.content).toBe('stored here');
    });

    it('answers a repeated fetch_ref from the record instead of fetching again', async () => {
      const origin = await peerOrigin(encryptEnvelope(KEY, 'fetched once'), 's3cret-out');
      const node = await nodes.start();
      const { inboundSecret } = await addSecurePeer(node, { name: 'alice', baseUrl: origin.url, outboundSecret: 's3cret-out', aesKey: KEY_HEX });
      const body = { type: 'fetch_ref', msg_id: 'm1', url: `${origin.url}/messages/m1`, trace_id: 'ref-dup' };
      const [first, second] = await Promise.all([postSecure(node, '/', body, inboundSecret), postSecure(node, '/', body, inboundSecret)]);
      const third = await postSecure(node, '/', body, inboundSecret);
      expect(first).toEqual(second);
      expect(third).toEqual(first);
      expect(origin.requests).toHaveLength(1);
      expect(((await node.api.call('messages.list', {})) as { total: number }).total).toBe(1);
    });

    it('reports a peer origin that refuses our credentials as 502 fetch_ref_failed', async () => {
      const origin = await peerOrigin(encryptEnvelope(KEY, 'x'), 'the-right-secret');
      const node = await nodes.start();
      const { inboundSecret } = await addSecurePeer(node, { name: 'alice', baseUrl: origin.url, outboundSecret: 'a-wrong-secret', aesKey: KEY_HEX });
      const reply = await postSecure(node, '/', { type: 'fetch_ref', msg_id: 'm', url: `${origin.url}/messages/m` }, inboundSecret);
      expect(reply).toMatchObject({ status: 502, body: { error: 'fetch_ref_failed', details: expect.stringContaining('401') } });
    });
  });
});
