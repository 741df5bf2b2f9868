import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli';
import { postSecure } from '../helpers/secure-peer';
import { useTestNodes } from '../helpers/test-node';

describe('switchboard peers and messages', () => {
  const nodes = useTestNodes();

  it('adds a peer with generated secrets printed once, then lists and shows it without them', async () => {
    const node = await nodes.start();
    const added = await cli(node, 'peers', 'add', 'alice', '--url', 'http://alice.example:8080', '--generate-inbound-secret', '--generate-aes-key', '--outbound-secret', 'to-alice-outbound');
    expect(added.code).toBe(0);
    const inbound = /Inbound secret.*\n {2}([A-Za-z0-9_-]{43})/.exec(added.stdout)?.[1];
    const aes = /AES-256 key.*\n {2}([0-9a-f]{64})/.exec(added.stdout)?.[1];
    expect(inbound).toBeDefined();
    expect(aes).toBeDefined();

    const list = await cli(node, 'peers', 'list');
    expect(list.stdout).toMatch(/NAME\s+PROTOCOL\s+URL\s+LAST SEEN\nalice\s+a2a-secure\s+http:\/\/alice.example:8080\s+never/);
    const shown = await cli(node, 'peers', 'show', 'alice', '--json');
    const peer = JSON.parse(shown.stdout) as { name: string; hasAesKey: boolean };
    expect(peer).toMatchObject({ name: 'alice', hasAesKey: true, hasOutboundSecret: true });
    for (const output of [list.stdout, shown.stdout, (await cli(node, 'peers', 'show', 'alice')).stdout]) {
      expect(output).not.toContain(inbound);
      expect(output).not.toContain(aes);
      expect(output).not.toContain('to-alice-outbound');
    }
    expect((await postSecure(node, '/', { message: 'it works' }, inbound!)).status).toBe(200);
  });

  it('imports an AES key file as `openssl rand -hex 32` writes it, and rejects a bad one', async () => {
    const node = await nodes.start();
    const good = join(node.config.dataDir, 'good.key');
    writeFileSync(good, `${'AB'.repeat(32)}\n`);
    expect((await cli(node, 'peers', 'add', 'alice', '--url', 'http://a.example', '--aes-key-file', good)).code).toBe(0);
    expect(await node.api.call('peers.revealCredential', { peer: 'alice', kind: 'aes_key' })).toEqual({ value: 'ab'.repeat(32) });
    const bad = join(node.config.dataDir, 'bad.key');
    writeFileSync(bad, 'abc');
    const refused = await cli(node, 'peers', 'add', 'bob', '--url', 'http://b.example', '--aes-key-file', bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/aesKey: must be 64 hexadecimal characters/);
    const missing = await cli(node, 'peers', 'add', 'carol', '--url', 'http://c.example', '--aes-key-file', '/no/such/file');
    expect(missing.stderr).toMatch(/Could not read the AES key file/);
  });

  it('explains mistakes: duplicates, conflicting flags, unknown peers', async () => {
    const node = await nodes.start();
    await cli(node, 'peers', 'add', 'alice', '--url', 'http://a.example');
    expect((await cli(node, 'peers', 'add', 'alice', '--url', 'http://a.example')).stderr).toMatch(/already exists/);
    expect((await cli(node, 'peers', 'add', 'bob', '--url', 'http://b.example', '--generate-inbound-secret', '--inbound-secret', 'abcdefghij')).stderr).toMatch(/either/);
    expect((await cli(node, 'peers', 'show', 'nobody')).stderr).toMatch(/There is no peer "nobody"/);
    expect((await cli(node, 'peers', 'add', 'carol')).stderr).toMatch(/--url/);
    const removed = await cli(node, 'peers', 'remove', 'alice');
    expect(removed.stdout).toMatch(/Removed peer alice/);
    expect((await cli(node, 'peers', 'list')).stdout).toMatch(/No peers yet/);
  });

  it('lists messages with filters, and --json gives full texts', async () => {
    const node = await nodes.start();
    await cli(node, 'peers', 'add', 'alice', '--url', 'http://a.example', '--inbound-secret', 'alice-secret-123');
    await cli(node, 'peers', 'add', 'bob', '--url', 'http://b.example', '--inbound-secret', 'bob-secret-1234');
    await postSecure(node, '/', { message: 'from alice', trace_id: 'ta-1' }, 'alice-secret-123');
    await postSecure(node, '/', { message: `long ${'x'.repeat(1000)}`, trace_id: 'tb-1' }, 'bob-secret-1234');
    const all = await cli(node, 'messages', 'list');
    expect(all.stdout).toMatch(/TIME\s+DIR\s+PEER\s+STATUS\s+TRACE\s+TEXT/);
    expect(all.stdout).toMatch(/in\s+alice\s+received\s+ta-1\s+from alice/);
    const json = JSON.parse((await cli(node, 'messages', 'list', '--peer', 'bob', '--json')).stdout) as { traceId: string; content: string }[];
    expect(json).toHaveLength(1);
    expect(json[0]?.content).toHaveLength(1005);
    expect(JSON.parse((await cli(node, 'messages', 'list', '--trace', 'ta-1', '--json')).stdout)).toHaveLength(1);
    expect(JSON.parse((await cli(node, 'messages', 'list', '--direction', 'out', '--json')).stdout)).toHaveLength(0);
    expect((await cli(node, 'messages', 'list', '--direction', 'sideways')).code).not.toBe(0);
    expect((await cli(node, 'messages', 'list', '--limit', '0')).code).not.toBe(0);
  });

  it('sets the legacy secret and a wake hook from the command line', async () => {
    const node = await nodes.start();
    expect((await cli(node, 'settings', 'set', '--legacy-secret', 'mysecret2026', '--wake-command', '["notify-send","{text}"]')).code).toBe(0);
    const shown = await cli(node, 'settings', 'show');
    expect(shown.stdout).toMatch(/Legacy secret\s+set/);
    expect(shown.stdout).toMatch(/Wake hook\s+command \["notify-send","\{text\}"\]/);
    expect(shown.stdout).not.toContain('mysecret2026');
    expect((await cli(node, 'settings', 'set', '--wake-command', 'not json')).stderr).toMatch(/JSON array/);
    expect((await cli(node, 'settings', 'set', '--no-wake-hook')).stdout).toMatch(/Wake hook: none/);
  });
});

describe('switchboard peers delivery settings', () => {
  const nodes = useTestNodes();

  it('sets a peer’s own retry policy, returns it to the default, and pauses and resumes delivery', async () => {
    const node = await nodes.start();
    await cli(node, 'peers', 'add', 'alice', '--url', 'http://a.example');
    expect((await cli(node, 'peers', 'set-policy', 'alice', '--max-attempts', '5', '--base-delay', '250')).stdout).toBe('alice: 5 attempts, first wait 250 ms.\n');
    expect((await cli(node, 'peers', 'show', 'alice')).stdout).toMatch(/Delivery\s+on; 5 attempts, first wait 250 ms/);
    expect((await cli(node, 'peers', 'pause', 'alice')).stdout).toBe('Paused delivery to alice.\n');
    expect((await cli(node, 'peers', 'show', 'alice')).stdout).toMatch(/Delivery\s+paused/);
    await cli(node, 'peers', 'resume', 'alice');
    expect((await cli(node, 'peers', 'set-policy', 'alice', '--default')).stdout).toBe("alice: the node's retry policy.\n");
    expect((await cli(node, 'peers', 'set-policy', 'alice', '--max-attempts', '5')).stderr).toMatch(/--base-delay/);
    expect((await cli(node, 'peers', 'set-policy', 'alice', '--max-attempts', '50', '--base-delay', '100')).stderr).toMatch(/maxAttempts/);
  });
});
