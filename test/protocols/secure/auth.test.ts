import { describe, expect, it } from 'vitest';
import type { Peer } from '../../../src/shared/domain/peer';
import { rawRequest } from '../../helpers/raw-http';
import { addSecurePeer, getSecure, postSecure } from '../../helpers/secure-peer';
import { useTestNodes } from '../../helpers/test-node';

const message = { schema_version: '2.4', message: 'hi', sender: 'alice' };

describe('a2a-secure: who may send', () => {
  const nodes = useTestNodes();

  it('refuses a missing, wrong, or malformed Authorization with 401 {"error":"Unauthorized"}', async () => {
    const node = await nodes.start();
    const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
    const cases: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong-secret' },
      { authorization: `Bearer ${inboundSecret}x` },
      { authorization: `bearer ${inboundSecret}` },
      { authorization: `Bearer  ${inboundSecret}` },
      { authorization: `Basic ${inboundSecret}` },
      { authorization: inboundSecret },
      { authorization: `Bearer ${inboundSecret} extra` },
    ];
    for (const headers of cases) {
      const reply = await postSecure(node, '/', message, null, headers);
      expect(reply, JSON.stringify(headers)).toEqual({ status: 401, body: { error: 'Unauthorized' } });
    }
    expect((await node.api.call('messages.list', {}) as { total: number }).total).toBe(0);
  });

  it('answers a non-ASCII Authorization header with 401, never a crash', async () => {
    const node = await nodes.start();
    const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
    const body = JSON.stringify(message);
    for (const bytes of [Buffer.from('Bearer tökén', 'utf8'), Buffer.from([0x42, 0x65, 0x61, 0x72, 0x65, 0x72, 0x20, 0xe9, 0xff, 0x80]), Buffer.from(`Bearer ${inboundSecret}é`, 'latin1')]) {
      const response = await rawRequest(
        node.port,
        Buffer.concat([Buffer.from('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\nAuthorization: '), bytes, Buffer.from(`\r\nContent-Length: ${body.length}\r\n\r\n${body}`)]),
      );
      expect(response.status).toBe(401);
      expect(JSON.parse(response.body)).toEqual({ error: 'Unauthorized' });
    }
    expect((await postSecure(node, '/', message, inboundSecret)).status).toBe(200);
  });

  it('knows who sent a message from the secret alone, whatever the body claims', async () => {
    const node = await nodes.start();
    const alice = await addSecurePeer(node, { name: 'alice' });
    await addSecurePeer(node, { name: 'bob' });
    await postSecure(node, '/', { message: 'I am bob, honest', sender: 'bob' }, alice.inboundSecret);
    const { messages } = (await node.api.call('messages.list', {})) as { messages: { peerName: string }[] };
    expect(messages[0]?.peerName).toBe('alice');
  });

  it('audits failed attempts without letting a flood fill the log', async () => {
    const node = await nodes.start();
    for (let i = 0; i < 20; i += 1) await postSecure(node, '/', message, `wrong-${i}`);
    const failures = node.audit.list({ limit: 100 }).filter((entry) => entry.event === 'auth.failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]?.details).toMatchObject({ protocol: 'secure', address: '127.0.0.1' });
    expect(JSON.stringify(failures)).not.toContain('wrong-');
  });

  it('keeps the old secret working for the grace period after a rotation, then refuses it', async () => {
    let now = Date.parse('2026-11-23T10:00:00Z');
    const node = await nodes.start({}, { clock: { now: () => now } });
    const { inboundSecret: old } = await addSecurePeer(node, { name: 'alice' });
    const rotated = (await node.api.call('peers.rotateInboundSecret', { peer: 'alice', graceSeconds: 3600 })) as { inboundSecret: string; peer: Peer };
    expect(rotated.inboundSecret).not.toBe(old);
    expect(rotated.peer.inboundSecrets).toHaveLength(2);
    expect((await postSecure(node, '/', message, old)).status).toBe(200);
    expect((await postSecure(node, '/', { ...message, message: 'new' }, rotated.inboundSecret)).status).toBe(200);
    now += 3601 * 1000;
    expect((await postSecure(node, '/', { ...message, message: 'late' }, old)).status).toBe(401);
    expect((await postSecure(node, '/', { ...message, message: 'still' }, rotated.inboundSecret)).status).toBe(200);
  });

  it('revokes at once with a zero grace period, and by revoking a listed secret', async () => {
    const node = await nodes.start();
    const { inboundSecret: first } = await addSecurePeer(node, { name: 'alice' });
    const { inboundSecret: second } = (await node.api.call('peers.rotateInboundSecret', { peer: 'alice', graceSeconds: 0 })) as { inboundSecret: string };
    expect((await postSecure(node, '/', message, first)).status).toBe(401);
    expect((await postSecure(node, '/', message, second)).status).toBe(200);
    const peer = (await node.api.call('peers.get', { peer: 'alice' })) as Peer;
    await node.api.call('peers.revokeInboundSecret', { peer: 'alice', secretId: peer.inboundSecrets[0]!.id });
    expect((await postSecure(node, '/', { ...message, message: 'after revoke' }, second)).status).toBe(401);
  });

  it('refuses everything when no secret is configured at all (fails closed)', async () => {
    const node = await nodes.start();
    expect((await postSecure(node, '/', message, '')).status).toBe(401);
    expect((await postSecure(node, '/', message, 'anything-at-all')).status).toBe(401);
  });

  it("accepts the seed's legacy shared secret, attributing messages to the peer the sender names", async () => {
    const node = await nodes.start();
    await addSecurePeer(node, { name: 'alice' });
    await node.api.call('settings.update', { legacySecret: 'mysecret2026' });
    expect((await postSecure(node, '/', { message: 'from alice', sender: 'alice' }, 'mysecret2026')).status).toBe(200);
    expect((await postSecure(node, '/', { message: 'from a stranger', sender: 'mallory' }, 'mysecret2026')).status).toBe(200);
    const { messages } = (await node.api.call('messages.list', {})) as { messages: { peerName: string; peerId: string | null }[] };
    expect(messages.map((m) => m.peerName)).toEqual(['mallory (unverified)', 'alice']);
    expect(messages[0]?.peerId).toBeNull();
    await node.api.call('settings.update', { legacySecret: null });
    expect((await postSecure(node, '/', { message: 'again' }, 'mysecret2026')).status).toBe(401);
  });

  it('requires a secret for /stats and does not reveal it otherwise', async () => {
    const node = await nodes.start();
    const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
    expect(await getSecure(node, '/stats', null)).toEqual({ status: 401, body: { error: 'Unauthorized' } });
    expect((await getSecure(node, '/stats', inboundSecret)).body).toEqual({ received: 0, duplicates: 0, decrypt_failures: 0, wakes: 0, blobs_stored: 0, blobs_fetched: 0 });
  });
});
