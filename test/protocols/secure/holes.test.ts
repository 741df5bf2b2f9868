import { statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { constantTimeEqual } from '../../../src/main/core/crypto/tokens';
import type { WakeNotice } from '../../../src/shared/domain/wake';
import { addSecurePeer, postSecure } from '../../helpers/secure-peer';
import { useTestNodes } from '../../helpers/test-node';

/** Each test names the hole of the reference implementation (seed-systems.md §2A) it keeps closed. */
describe('a2a-secure: the reference server’s holes stay closed', () => {
  const nodes = useTestNodes();

  it('A1: a message signed by the key it carries, without a secret, is refused', async () => {
    const node = await nodes.start();
    await addSecurePeer(node, { name: 'alice' });
    const forged = { message: 'forged by stranger', identity: { hot_pub_b64: 'A'.repeat(44) }, sig: 'B'.repeat(88) };
    expect((await postSecure(node, '/', forged, null)).status).toBe(401);
    expect((await postSecure(node, '/', forged, 'guess')).status).toBe(401);
  });

  it('A2: idempotency is checked after authentication — a stranger cannot read a cached response by key', async () => {
    const node = await nodes.start();
    const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
    await postSecure(node, '/', { idempotency_key: 'known-key', message: 'private' }, inboundSecret);
    const probe = await postSecure(node, '/', { idempotency_key: 'known-key', message: 'private' }, 'not-a-secret');
    expect(probe).toEqual({ status: 401, body: { error: 'Unauthorized' } });
  });

  it('A5: a fetch_ref without credentials wakes nothing and fetches nothing', async () => {
    const node = await nodes.start();
    await addSecurePeer(node, { name: 'alice' });
    const wakes: WakeNotice[] = [];
    node.events.on('message.wake', (notice) => wakes.push(notice));
    const reply = await postSecure(node, '/', { type: 'fetch_ref', msg_id: 'x', url: 'http://127.0.0.1:9/messages/x', from: 'Neo', wake: true }, null);
    expect(reply.status).toBe(401);
    expect(wakes).toEqual([]);
  });

  it('A6/O5: secrets compare as fixed-length digests, whatever the lengths and encodings', () => {
    expect(constantTimeEqual('secret', 'secret')).toBe(true);
    expect(constantTimeEqual('secret', 'secret-but-longer')).toBe(false);
    expect(constantTimeEqual('é'.repeat(43), 'e'.repeat(43))).toBe(false);
    expect(constantTimeEqual('', 'x')).toBe(false);
  });

  it('A13: a chunked body (no Content-Length) is read, not taken as empty', async () => {
    const node = await nodes.start();
    const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: node.port, path: '/', method: 'POST', headers: { authorization: `Bearer ${inboundSecret}`, 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('{"message": "sent ');
      req.end('in chunks"}');
    });
    expect(status).toBe(200);
    const { messages } = (await node.api.call('messages.list', {})) as { messages: { content: string }[] };
    expect(messages[0]?.content).toBe('sent in chunks');
  });

  it('A13: a slow client does not hold up anyone else', async () => {
    const node = await nodes.start();
    const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
    const slow = connect(node.port, '127.0.0.1');
    await new Promise((resolve) => slow.once('connect', resolve));
    slow.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"mess');
    const replies = await Promise.all(Array.from({ length: 5 }, (_, i) => postSecure(node, '/', { message: `fast ${i}` }, inboundSecret)));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    slow.destroy();
  });

  it('A14: everything lives in the private data dir — no /tmp files, dir 0700, database 0600', async () => {
    const node = await nodes.start();
    const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
    await postSecure(node, '/', { message: 'stored privately', idempotency_key: 'k', wake: true }, inboundSecret);
    if (process.platform === 'win32') return;
    expect(statSync(node.config.dataDir).mode & 0o777).toBe(0o700);
    for (const file of ['switchboard.db', 'switchboard.db-wal', 'node.lock', 'vault.key', 'control.json']) {
      expect(statSync(join(node.config.dataDir, file)).mode & 0o777, file).toBe(0o600);
    }
  });

  it('A16: the wake flag is honoured both ways and the wake names the verified peer, not the claimed sender', async () => {
    const node = await nodes.start();
    const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
    const wakes: WakeNotice[] = [];
    node.events.on('message.wake', (notice) => wakes.push(notice));
    await postSecure(node, '/', { message: 'no wake please', wake: false, sender: 'Neo' }, inboundSecret);
    await postSecure(node, '/', { message: 'wake please', wake: true, sender: 'Neo' }, inboundSecret);
    expect(wakes.map((w) => [w.peerName, w.preview])).toEqual([['alice', 'wake please']]);
  });
});
