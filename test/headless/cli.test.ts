import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../src/main/headless/cli-program';
import type { SwitchboardNode } from '../../src/main/core/node';
import { useTestNodes } from '../helpers/test-node';

function captureIo(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const served: SwitchboardNode[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env, onServing: (node) => served.push(node) };
  return { io, stdout: () => out.join(''), stderr: () => err.join(''), served };
}

describe('the switchboard CLI', () => {
  const nodes = useTestNodes();

  it('status --json prints the running node as JSON', async () => {
    const node = await nodes.start({ name: 'cli-node' });
    const { io, stdout } = captureIo();
    const code = await runCli(['--data-dir', node.status().dataDir, 'status', '--json'], io);
    expect(code).toBe(0);
    expect(JSON.parse(stdout())).toMatchObject({ name: 'cli-node', port: node.port, counts: { messagesIn: 0, messagesOut: 0 } });
  });

  it('status prints a readable summary and finds the data dir from SWITCHBOARD_DATA_DIR', async () => {
    const node = await nodes.start({ name: 'env-node' });
    const { io, stdout } = captureIo({ SWITCHBOARD_DATA_DIR: node.status().dataDir });
    expect(await runCli(['status'], io)).toBe(0);
    expect(stdout()).toMatch(/Name\s+env-node/);
    expect(stdout()).toMatch(/Messages\s+0 in, 0 out/);
    expect(stdout()).toMatch(/Uptime\s+\d+s/);
  });

  it('says no node is running and exits non-zero when there is none', async () => {
    const { io, stderr } = captureIo();
    const dir = nodes.tempDir();
    expect(await runCli(['--data-dir', dir, 'status'], io)).toBe(1);
    expect(stderr()).toMatch(/No Switchboard node is running for the data dir .*switchboard serve/);
  });

  it('treats a control file left by a dead node as no node running', async () => {
    const dir = nodes.tempDir();
    const port = await freePort();
    writeFileSync(join(dir, 'control.json'), JSON.stringify({ pid: 2 ** 22 + 1, port, token: 'x'.repeat(43), url: `http://127.0.0.1:${port}`, startedAt: 'then' }));
    const { io, stderr } = captureIo();
    expect(await runCli(['--data-dir', dir, 'status', '--json'], io)).toBe(1);
    expect(stderr()).toMatch(/No Switchboard node is running.*pid 4194305, which has stopped/);
  });

  it('treats a control file whose port no longer answers as no node running', async () => {
    const dir = nodes.tempDir();
    const port = await freePort();
    writeFileSync(join(dir, 'control.json'), JSON.stringify({ pid: process.pid, port, token: 'x'.repeat(43), url: `http://127.0.0.1:${port}`, startedAt: 'then' }));
    const { io, stderr } = captureIo();
    expect(await runCli(['--data-dir', dir, 'status'], io)).toBe(1);
    expect(stderr()).toMatch(new RegExp(`No Switchboard node is running.*nothing answers on port ${port}`));
  });

  it('serve starts a node, prints where it listens and the console URL with the token in the fragment', async () => {
    const dir = nodes.tempDir();
    const { io, stdout, served } = captureIo();
    const code = await runCli(['--data-dir', dir, 'serve', '--host', '127.0.0.1', '--port', '0', '--control-port', '0', '--name', 'served'], { ...io, consoleDir: dir, interactive: true });
    expect(code).toBe(0);
    const node = served[0]!;
    try {
      expect(stdout()).toMatch(/Switchboard\s+served/);
      expect(stdout()).toContain(`Console      http://127.0.0.1:${node.control.port}/#token=${node.control.token}`);
      expect(stdout()).not.toMatch(/\?token=/);
    } finally {
      await node.close();
    }
  });

  it('serve keeps the lasting console token out of output that is not a terminal (journals, log collectors)', async () => {
    const dir = nodes.tempDir();
    const { io, stdout, served } = captureIo();
    expect(await runCli(['--data-dir', dir, 'serve', '--host', '127.0.0.1', '--port', '0', '--control-port', '0'], { ...io, consoleDir: dir, interactive: false })).toBe(0);
    const node = served[0]!;
    try {
      expect(stdout()).toContain(`Console      ${node.control.url}/  (\`switchboard console\` prints it with its access token)`);
      expect(stdout()).not.toContain(node.control.token);
    } finally {
      await node.close();
    }
  });

  it('serve refuses a second node on the same data dir with a message naming the lock', async () => {
    const node = await nodes.start();
    const { io, stderr } = captureIo();
    const code = await runCli(['--data-dir', node.status().dataDir, 'serve', '--port', '0'], io);
    expect(code).toBe(1);
    expect(stderr()).toContain(`${node.status().dataDir}/node.lock`);
  });

  it('serve takes the inspector timeout; a value out of range is refused with the limit', async () => {
    const dir = nodes.tempDir();
    const { io, served } = captureIo();
    expect(await runCli(['--data-dir', dir, 'serve', '--host', '127.0.0.1', '--port', '0', '--control-port', '0', '--inspector-timeout', '750'], { ...io, consoleDir: dir })).toBe(0);
    const node = served[0]!;
    try {
      expect(node.config.inspector.timeoutMs).toBe(750);
    } finally {
      await node.close();
    }
    const refused = captureIo();
    expect(await runCli(['--data-dir', nodes.tempDir(), 'serve', '--port', '0', '--inspector-timeout', '99999999'], refused.io)).not.toBe(0);
    expect(refused.stderr()).toMatch(/timeoutMs|60000|60 ?000/);
  });

  it('rejects a malformed port before starting anything', async () => {
    const { io, stderr } = captureIo();
    expect(await runCli(['--data-dir', nodes.tempDir(), 'serve', '--port', 'eighty'], io)).not.toBe(0);
    expect(stderr()).toMatch(/port number/);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
