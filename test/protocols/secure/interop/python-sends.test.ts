import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../../../src/main/headless/cli-program';
import { useTestNodes } from '../../../helpers/test-node';
import { requirePythonCrypto, runPython } from './python-peer';

describe('interop: the seed’s Python client sends to this node', () => {
  const nodes = useTestNodes();
  beforeAll(() => requirePythonCrypto());

  it('delivers plaintext and encrypted messages that `messages list --json` shows decrypted', async () => {
    const node = await nodes.start({ name: 'py-target' });
    const keyFile = join(node.config.dataDir, 'aes256.key');
    writeFileSync(keyFile, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 }); // as `openssl rand -hex 32 > …`
    const out: string[] = [];
    const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => out.push(t), env: {} };
    expect(await runCli(['--data-dir', node.config.dataDir, 'peers', 'add', 'python', '--url', 'http://127.0.0.1:9', '--inbound-secret', 'mysecret2026', '--aes-key-file', keyFile], io)).toBe(0);

    const url = `http://127.0.0.1:${node.port}`;
    const plain = JSON.parse(await runPython('seed_send.py', [url, 'mysecret2026', keyFile, 'Hello from the other side! ✓', 'zen-1700000000-plain001', 'plain'])) as { status: number; body: Record<string, unknown> };
    expect(plain).toEqual({ status: 200, body: { status: 'OK', from: 'py-target', wake: true, version: '2.5', schema_version: '2.4', trace_id: 'zen-1700000000-plain001' } });
    const encrypted = JSON.parse(await runPython('seed_send.py', [url, 'mysecret2026', keyFile, 'Encrypted: the eagle lands at 6 — ünïcödé', 'zen-1700000000-crypt001', 'encrypted'])) as { status: number };
    expect(encrypted.status).toBe(200);

    out.length = 0;
    expect(await runCli(['--data-dir', node.config.dataDir, 'messages', 'list', '--json'], io)).toBe(0);
    const listed = JSON.parse(out.join('')) as { traceId: string; content: string; encrypted: boolean; peerName: string; wake: boolean }[];
    expect(listed).toEqual([
      expect.objectContaining({ traceId: 'zen-1700000000-crypt001', content: 'Encrypted: the eagle lands at 6 — ünïcödé', encrypted: true, peerName: 'python', wake: true }),
      expect.objectContaining({ traceId: 'zen-1700000000-plain001', content: 'Hello from the other side! ✓', encrypted: false, peerName: 'python', wake: true }),
    ]);
  });

  it('refuses the Python client with a wrong secret (urllib sees 401)', async () => {
    const node = await nodes.start();
    const keyFile = join(node.config.dataDir, 'aes256.key');
    writeFileSync(keyFile, randomBytes(32).toString('hex'));
    await expect(runPython('seed_send.py', [`http://127.0.0.1:${node.port}`, 'not-the-secret', keyFile, 'x', 'zen-1-x', 'plain'])).rejects.toThrow(/HTTP Error 401/);
  });
});
