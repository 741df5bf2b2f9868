import Database from 'better-sqlite3';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Peer } from '../../src/shared/domain/peer';
import { ControlError } from '../../src/shared/control-error';
import { callControl, useTestNodes } from '../helpers/test-node';

describe('the peer address book', () => {
  const nodes = useTestNodes();

  it('adds a peer with generated secrets, returned once, and never in lists, events or status', async () => {
    const node = await nodes.start();
    const events: unknown[] = [];
    node.events.onAny((event, payload) => events.push({ event, payload }));
    const added = (await node.api.call('peers.add', {
      name: 'alice',
      baseUrl: 'http://alice.example:8080/',
      inboundSecret: 'generate',
      outboundSecret: 'out-secret-for-alice',
      aesKey: 'generate',
      notes: 'met at the conference',
    })) as { peer: Peer; generated: { inboundSecret: string; aesKey: string } };
    expect(added.generated.inboundSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(added.generated.aesKey).toMatch(/^[0-9a-f]{64}$/);
    expect(added.peer).toMatchObject({ name: 'alice', protocol: 'secure', baseUrl: 'http://alice.example:8080', hasOutboundSecret: true, hasAesKey: true, notes: 'met at the conference' });
    expect(added.peer.inboundSecrets).toEqual([{ id: expect.any(Number), hint: `${added.generated.inboundSecret.slice(0, 4)}…${added.generated.inboundSecret.slice(-4)}`, createdAt: expect.any(String), expiresAt: null }]);

    const visible = JSON.stringify([await node.api.call('peers.list', {}), await node.api.call('peers.get', { peer: 'alice' }), events, node.audit.list({ limit: 50 })]);
    for (const secret of [added.generated.inboundSecret, added.generated.aesKey, 'out-secret-for-alice']) expect(visible).not.toContain(secret);
  });

  it('keeps recoverable secrets encrypted at rest and inbound secrets only as digests', async () => {
    const node = await nodes.start();
    const added = (await node.api.call('peers.add', { name: 'alice', baseUrl: 'http://a.example', inboundSecret: 'inbound-plain-secret', outboundSecret: 'outbound-plain-secret', aesKey: 'ab'.repeat(32) })) as { peer: Peer };
    const dbPath = join(node.config.dataDir, 'switchboard.db');
    node.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = Buffer.concat([readFileSync(dbPath), readFileSync(`${dbPath}-wal`, { flag: 'a+' })]).toString('latin1');
    for (const secret of ['inbound-plain-secret', 'outbound-plain-secret', 'ab'.repeat(32)]) expect(bytes).not.toContain(secret);
    const raw = new Database(dbPath, { readonly: true });
    const sealed = raw.prepare('SELECT kind, sealed FROM peer_credentials WHERE peer_id = ?').all(added.peer.id) as { kind: string; sealed: Buffer }[];
    expect(sealed.map((row) => row.kind).sort()).toEqual(['aes_key', 'outbound_secret']);
    raw.close();
    if (process.platform !== 'win32') expect(statSync(join(node.config.dataDir, 'vault.key')).mode & 0o777).toBe(0o600);
  });

  it('reveals a credential only on request, and audits the reveal', async () => {
    const node = await nodes.start();
    await node.api.call('peers.add', { name: 'alice', baseUrl: 'http://a.example', outboundSecret: 'reveal-me-please', aesKey: 'cd'.repeat(32) });
    expect(await node.api.call('peers.revealCredential', { peer: 'alice', kind: 'outbound_secret' })).toEqual({ value: 'reveal-me-please' });
    expect(await node.api.call('peers.revealCredential', { peer: 'alice', kind: 'aes_key' })).toEqual({ value: 'cd'.repeat(32) });
    const reveals = node.audit.list({ limit: 20 }).filter((entry) => entry.event === 'credential.revealed');
    expect(reveals.map((entry) => entry.details)).toEqual([{ peer: 'alice', kind: 'aes_key' }, { peer: 'alice', kind: 'outbound_secret' }]);
  });

  it('survives a restart: credentials open with the same vault key', async () => {
    const dataDir = nodes.tempDir();
    const first = await nodes.start({ dataDir });
    await first.api.call('peers.add', { name: 'alice', baseUrl: 'http://a.example', outboundSecret: 'persisted-secret' });
    await first.close();
    const second = await nodes.start({ dataDir });
    expect(await second.api.call('peers.revealCredential', { peer: 'alice', kind: 'outbound_secret' })).toEqual({ value: 'persisted-secret' });
  });

  it('refuses duplicate names (case-insensitively), a secret another peer uses, and bad input', async () => {
    const node = await nodes.start();
    await node.api.call('peers.add', { name: 'alice', baseUrl: 'http://a.example', inboundSecret: 'shared-secret-1' });
    await expect(node.api.call('peers.add', { name: 'ALICE', baseUrl: 'http://b.example' })).rejects.toEqual(new ControlError('conflict', 'A peer named "ALICE" already exists.'));
    await expect(node.api.call('peers.add', { name: 'bob', baseUrl: 'http://b.example', inboundSecret: 'shared-secret-1' })).rejects.toMatchObject({ code: 'conflict' });
    expect(((await node.api.call('peers.list', {})) as { peers: Peer[] }).peers.map((p) => p.name)).toEqual(['alice']);
    for (const bad of [
      { name: '', baseUrl: 'http://x' },
      { name: '../etc', baseUrl: 'http://x' },
      { name: 'x', baseUrl: 'ftp://x' },
      { name: 'x', baseUrl: 'http://user:pass@x' },
      { name: 'x', baseUrl: 'http://x', inboundSecret: 'short' },
      { name: 'x', baseUrl: 'http://x', inboundSecret: 'has spaces in it' },
      { name: 'x', baseUrl: 'http://x', aesKey: 'zz'.repeat(32) },
      { name: 'x', baseUrl: 'http://x', protocol: 'smtp' },
    ]) {
      await expect(node.api.call('peers.add', bad), JSON.stringify(bad)).rejects.toMatchObject({ code: 'invalid_input' });
    }
  });

  it('edits and removes a peer; its messages stay in the timeline under its name', async () => {
    const node = await nodes.start();
    const { peer } = (await node.api.call('peers.add', { name: 'alice', baseUrl: 'http://a.example', inboundSecret: 'alice-secret-1' })) as { peer: Peer };
    const updated = (await node.api.call('peers.update', { peer: peer.id, name: 'alice2', notes: 'renamed' })) as Peer;
    expect(updated).toMatchObject({ name: 'alice2', notes: 'renamed', baseUrl: 'http://a.example' });
    await fetch(`http://127.0.0.1:${node.port}/`, { method: 'POST', headers: { authorization: 'Bearer alice-secret-1' }, body: JSON.stringify({ message: 'kept' }) });
    await node.api.call('peers.remove', { peer: 'alice2' });
    expect(((await node.api.call('peers.list', {})) as { peers: Peer[] }).peers).toEqual([]);
    const { messages } = (await node.api.call('messages.list', {})) as { messages: { peerName: string; peerId: string | null }[] };
    expect(messages).toEqual([expect.objectContaining({ peerName: 'alice2', peerId: null })]);
    await expect(node.api.call('peers.remove', { peer: 'alice2' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('searches by name, URL and notes', async () => {
    const node = await nodes.start();
    await node.api.call('peers.add', { name: 'alice', baseUrl: 'http://alpha.example' });
    await node.api.call('peers.add', { name: 'bob', baseUrl: 'http://beta.example', notes: 'works with alice' });
    await node.api.call('peers.add', { name: 'carol', baseUrl: 'http://gamma.example' });
    const search = async (text: string) => ((await node.api.call('peers.list', { search: text })) as { peers: Peer[] }).peers.map((p) => p.name);
    expect(await search('alice')).toEqual(['alice', 'bob']);
    expect(await search('gamma')).toEqual(['carol']);
    expect(await search('%')).toEqual([]);
  });

  it('answers the web console and CLI the same way over the loopback API', async () => {
    const node = await nodes.start();
    const created = await callControl(node, 'peers.add', { name: 'web', baseUrl: 'http://w.example', inboundSecret: 'generate' });
    expect(created.status).toBe(200);
    const bad = await callControl(node, 'peers.add', { name: 'web2', baseUrl: 'nope' });
    expect(bad).toMatchObject({ status: 400, body: { error: 'invalid_input', message: expect.stringContaining('baseUrl') } });
    expect((await callControl(node, 'peers.get', { peer: 'nobody' })).status).toBe(404);
  });
});
