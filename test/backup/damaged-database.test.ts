import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/headless/cli-program';
import { addSecurePeer, postSecure } from '../helpers/secure-peer';
import { useTestNodes } from '../helpers/test-node';

const PAGE = 4096;

/** Overwrites whole pages in the middle of a database file with noise, as a failing disk would. */
function damagePages(path: string): void {
  const pages = Math.floor(statSync(path).size / PAGE);
  const fd = openSync(path, 'r+');
  try {
    for (let page = Math.floor(pages / 2) - 2; page < Math.floor(pages / 2) + 2; page++) writeSync(fd, randomBytes(PAGE), 0, PAGE, page * PAGE);
  } finally {
    closeSync(fd);
  }
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('a damaged database', () => {
  const nodes = useTestNodes();

  it('stops the node at start with a sentence naming the last good backup and the restore command, and the restore brings it back', async () => {
    const node = await nodes.start({ name: 'fragile' });
    const { inboundSecret } = await addSecurePeer(node, { name: 'alice', outboundSecret: 'alice-outbound-secret' });
    for (let i = 0; i < 200; i++) await postSecure(node, '/', { schema_version: '2.4', message: `message ${i} ${'x'.repeat(200)}`, wake: false }, inboundSecret);
    const backup = await node.backups.runScheduled();
    const dataDir = node.config.dataDir;
    await node.close();
    const dbPath = join(dataDir, 'switchboard.db');
    damagePages(dbPath);
    const damaged = sha256(dbPath);

    const refused = nodes.start({ dataDir });
    await expect(refused).rejects.toThrow(/The database .*switchboard\.db is damaged \(.+\)\. The node was not started and the file was not changed\./);
    const message = await refused.catch((error: Error) => error.message);
    expect(message).toContain(`The last good backup is ${backup.path}`);
    expect(message).toContain(`switchboard restore '${backup.path}' --data-dir '${dataDir}' --force`);
    expect(sha256(dbPath)).toBe(damaged);

    const out: string[] = [];
    const code = await runCli(['--data-dir', dataDir, 'restore', backup.path, '--force'], { stdout: (t) => out.push(t), stderr: (t) => out.push(t), env: {} });
    expect(out.join('')).toContain('Restored');
    expect(code).toBe(0);
    const again = await nodes.start({ dataDir });
    expect(((await again.api.call('messages.list', { limit: 1 })) as { total: number }).total).toBe(200);
    expect(await again.api.call('peers.revealCredential', { peer: 'alice', kind: 'outbound_secret' })).toEqual({ value: 'alice-outbound-secret' });
  });

  it('without a scheduled backup, says so and how to restore one made by hand', async () => {
    const node = await nodes.start();
    const { inboundSecret } = await addSecurePeer(node, { name: 'bob' });
    for (let i = 0; i < 200; i++) await postSecure(node, '/', { schema_version: '2.4', message: `message ${i} ${'y'.repeat(200)}`, wake: false }, inboundSecret);
    const dataDir = node.config.dataDir;
    await node.close();
    damagePages(join(dataDir, 'switchboard.db'));
    await expect(nodes.start({ dataDir })).rejects.toThrow(/There is no scheduled backup in .*backups\. Restore one you made with `switchboard restore FILE --data-dir/);
  });
});
