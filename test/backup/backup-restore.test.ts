import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../../src/main/core/backup/backup-file';
import type { SwitchboardNode } from '../../src/main/core/node';
import { runCli, type CliIo } from '../../src/main/headless/cli-program';
import { addSecurePeer, postSecure } from '../helpers/secure-peer';
import { useTestNodes } from '../helpers/test-node';

const PASSPHRASE = 'correct horse battery staple';

async function run(dataDir: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env };
  const code = await runCli(['--data-dir', dataDir, ...args], io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

type Listed = { messages: { id: number; content: string; traceId: string; peerName: string | null }[]; total: number };
const messagesOf = async (node: SwitchboardNode) => ((await node.api.call('messages.list', { limit: 1000 })) as Listed).messages;

describe('backup and restore', () => {
  const nodes = useTestNodes();

  const passphraseFile = (text = `${PASSPHRASE}\n`) => {
    const path = join(nodes.tempDir(), 'passphrase');
    writeFileSync(path, text, { mode: 0o600 });
    return path;
  };

  it('a backup taken while messages arrive restores on a fresh data dir to a node with the same messages, peers and keys, whose secrets still open', async () => {
    const source = await nodes.start({ name: 'origin' });
    const aesKey = randomBytes(32).toString('hex');
    const { inboundSecret } = await addSecurePeer(source, { name: 'alice', outboundSecret: 'alice-outbound-secret', aesKey });
    const { key: a2aKey } = (await source.api.call('keys.generate', { label: 'bob' })) as { key: string };
    const send = (i: number) => postSecure(source, '/', { schema_version: '2.4', trace_id: `trace-${i}`, message: `message ${i}`, wake: false }, inboundSecret);
    for (let i = 0; i < 20; i++) expect((await send(i)).status).toBe(200);

    // Given messages still arriving, when the backup is taken through the running node,
    const arriving = Promise.all(Array.from({ length: 60 }, (_, i) => send(20 + i)));
    const dest = join(nodes.tempDir(), 'origin.sbbackup');
    const backup = await run(source.config.dataDir, ['backup', dest, '--passphrase-file', passphraseFile()]);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain(`Backup written: ${dest}`);
    expect((await arriving).every((reply) => reply.status === 200)).toBe(true);
    const { manifest } = readManifest(dest);
    expect(manifest).toMatchObject({ kind: 'full', nodeName: 'origin', counts: { peers: 2 } });
    expect(manifest.counts.messages).toBeGreaterThanOrEqual(20);

    // then a fresh data dir restored from it
    const fresh = nodes.tempDir();
    const restore = await run(fresh, ['restore', dest, '--passphrase-file', passphraseFile()]);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain('Its data key was restored too');
    const copy = await nodes.start({ dataDir: fresh, name: 'origin' });

    // holds exactly what the source held when the copy was made (a consistent snapshot: no message half there)
    const restored = await messagesOf(copy);
    expect(restored).toHaveLength(manifest.counts.messages!);
    const original = new Map((await messagesOf(source)).map((m) => [m.id, m]));
    for (const message of restored) expect(original.get(message.id)).toMatchObject({ content: message.content, traceId: message.traceId, peerName: 'alice' });
    for (let i = 0; i < 20; i++) expect(restored.some((m) => m.traceId === `trace-${i}`)).toBe(true);
    // and its secrets open with the restored data key, and the peers' credentials still work.
    expect(await copy.api.call('peers.revealCredential', { peer: 'alice', kind: 'outbound_secret' })).toEqual({ value: 'alice-outbound-secret' });
    expect(await copy.api.call('peers.revealCredential', { peer: 'alice', kind: 'aes_key' })).toEqual({ value: aesKey });
    expect((await postSecure(copy, '/', { schema_version: '2.4', message: 'after restore', wake: false }, inboundSecret)).status).toBe(200);
    const card = await fetch(`http://127.0.0.1:${copy.port}/a2a`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${a2aKey}`, 'a2a-version': '1.0' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'GetTask', params: { id: 'none' } }),
    });
    expect(((await card.json()) as { error?: { code: number } }).error?.code).toBe(-32001); // authenticated: "task not found", not 401
  });

  it('backs up a data dir no node is using, straight from its files', async () => {
    const node = await nodes.start({ name: 'resting' });
    await addSecurePeer(node, { name: 'carol', outboundSecret: 'carol-outbound-secret' });
    const dataDir = node.config.dataDir;
    await node.close();
    const dest = join(nodes.tempDir(), 'resting.sbbackup');
    const backup = await run(dataDir, ['backup', dest], { SWITCHBOARD_BACKUP_PASSPHRASE: PASSPHRASE });
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    const fresh = nodes.tempDir();
    expect((await run(fresh, ['restore', dest], { SWITCHBOARD_BACKUP_PASSPHRASE: PASSPHRASE })).code).toBe(0);
    const copy = await nodes.start({ dataDir: fresh });
    expect(await copy.api.call('peers.revealCredential', { peer: 'carol', kind: 'outbound_secret' })).toEqual({ value: 'carol-outbound-secret' });
  });

  it('refuses an empty passphrase, a wrong one, a damaged file, a running node and a data dir with data, each with a sentence and nothing changed', async () => {
    const node = await nodes.start();
    await addSecurePeer(node, { name: 'dave', outboundSecret: 'dave-outbound-secret' });
    const dataDir = node.config.dataDir;
    const dest = join(nodes.tempDir(), 'b.sbbackup');

    const empty = await run(dataDir, ['backup', dest, '--passphrase-file', passphraseFile('\n')]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('The passphrase is empty');
    expect(existsSync(dest)).toBe(false);
    const none = await run(dataDir, ['backup', dest]);
    expect(none.stderr).toContain('A passphrase is needed');

    expect((await run(dataDir, ['backup', dest, '--passphrase-file', passphraseFile()])).code).toBe(0);
    expect(readFileSync(dest).includes(Buffer.from(PASSPHRASE))).toBe(false);
    const again = await run(dataDir, ['backup', dest, '--passphrase-file', passphraseFile()]);
    expect(again.stderr).toContain('exists already');

    const fresh = nodes.tempDir();
    const wrong = await run(fresh, ['restore', dest, '--passphrase-file', passphraseFile('not the passphrase')]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('The passphrase does not open this backup');
    expect(readdirSync(fresh).filter((name) => !name.startsWith('node.lock'))).toEqual([]);

    const damaged = join(nodes.tempDir(), 'damaged.sbbackup');
    const bytes = readFileSync(dest);
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff;
    writeFileSync(damaged, bytes);
    const broken = await run(fresh, ['restore', damaged, '--passphrase-file', passphraseFile()]);
    expect(broken.stderr).toContain('is damaged: its database does not match the checksum');

    const running = await run(dataDir, ['restore', dest, '--passphrase-file', passphraseFile(), '--force']);
    expect(running.stderr).toContain('A Switchboard node is running on');

    await node.close();
    const occupied = await run(dataDir, ['restore', dest, '--passphrase-file', passphraseFile()]);
    expect(occupied.stderr).toContain('is not empty');
    const forced = await run(dataDir, ['restore', dest, '--passphrase-file', passphraseFile(), '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('The data key already here is the one its secrets were sealed with.');
    expect(forced.stdout).toMatch(/What was there before is in .*replaced-/);
  });

  it('makes scheduled database-only backups in the data dir, keeps as many as Settings say, and restores one only where its key is', async () => {
    const node = await nodes.start({ name: 'scheduled' });
    await addSecurePeer(node, { name: 'erin', outboundSecret: 'erin-outbound-secret' });
    expect((await node.api.call('settings.get', {})) as { backups: unknown }).toMatchObject({ backups: { enabled: true, intervalHours: 24, keep: 7 } });
    await node.api.call('settings.update', { backups: { keep: 2 } });
    const first = await node.backups.runDue();
    expect(first).toMatchObject({ kind: 'database', counts: { peers: 1 } });
    expect(await node.backups.runDue()).toBeNull(); // not due again for a day
    await node.backups.runScheduled();
    await node.backups.runScheduled();
    const { backups, dir } = (await node.api.call('backups.list', {})) as { dir: string; backups: { path: string }[] };
    expect(dir).toBe(join(node.config.dataDir, 'backups'));
    expect(backups).toHaveLength(2);
    expect(backups.some((backup) => backup.path === first!.path)).toBe(false);
    expect(node.status().storage.lastBackup?.path).toBe(backups[0]!.path);
    expect(readManifest(backups[0]!.path).manifest.key).toBeNull();

    const elsewhere = await run(nodes.tempDir(), ['restore', backups[0]!.path]);
    expect(elsewhere.stderr).toContain('holds the database only');
    const dataDir = node.config.dataDir;
    await node.close();
    const home = await run(dataDir, ['restore', backups[0]!.path, '--force']);
    expect(home.stderr).toBe('');
    const again = await nodes.start({ dataDir });
    expect(await again.api.call('peers.revealCredential', { peer: 'erin', kind: 'outbound_secret' })).toEqual({ value: 'erin-outbound-secret' });
  });
});
