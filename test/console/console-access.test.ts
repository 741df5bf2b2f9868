import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { readControlFile } from '../../src/main/core/control/control-file';
import { silentLogger } from '../../src/main/core/logger';
import { createNode, type SwitchboardNode } from '../../src/main/core/node';
import { runCli, type CliIo } from '../../src/main/headless/cli-program';
import type { NodeStatus } from '../../src/shared/domain/node';
import { useTempDirs } from '../helpers/temp-dir';

async function call(node: Pick<SwitchboardNode, 'control'>, token: string, method: string, input: unknown = {}) {
  const response = await fetch(`${node.control.url}/api/call/${method}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(input) });
  return { status: response.status, body: (await response.json()) as { ok?: boolean; result?: unknown; error?: string; message?: string; fields?: unknown } };
}

function openSocket(url: string, token: string): Promise<{ socket: WebSocket; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace('http', 'ws')}/api/events`);
    const closed = new Promise<number>((done) =>
      socket.on('close', (code) => {
        done(code);
        reject(new Error(`closed ${code} before ready`));
      }),
    );
    socket.on('open', () => socket.send(JSON.stringify({ type: 'auth', token })));
    socket.on('message', (data) => {
      if ((JSON.parse(String(data)) as { type: string }).type === 'ready') resolve({ socket, closed });
    });
    socket.on('error', reject);
  });
}

async function cliIn(dataDir: string, args: string[], extra: Partial<CliIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['--data-dir', dataDir, ...args], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {}, ...extra });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('a console that survives restarts', () => {
  const tempDir = useTempDirs();
  const running: SwitchboardNode[] = [];
  const start = async (dataDir: string, extra: { controlPort?: number } = {}) => {
    const node = await createNode({ dataDir, host: '127.0.0.1', port: 0, issueFirstA2aKey: false, inspector: { inspectNewPeers: false }, ...extra }, { logger: silentLogger });
    running.push(node);
    return node;
  };
  const stop = async (node: SwitchboardNode) => {
    running.splice(running.indexOf(node), 1);
    await node.close();
  };

  it('keeps the same console address and admin token across a restart, sealed in the data dir', async () => {
    const dir = tempDir();
    const first = await start(dir);
    const url = first.consoleUrl;
    const token = first.control.token;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/);
    await stop(first);

    const second = await start(dir);
    expect(second.consoleUrl).toBe(url);
    expect((await call(second, token, 'node.status')).status).toBe(200);
    const status = (await call(second, token, 'node.status')).body.result as NodeStatus;
    expect(status.console).toEqual({ url: second.control.url, tokenRotatedAt: null });
    // Never in the clear on disk: the database holds it sealed by the vault.
    expect(readFileSync(join(dir, 'switchboard.db')).includes(Buffer.from(token))).toBe(false);
    await stop(second);
  });

  it('moves to a free port when the remembered one is taken, and stays there', async () => {
    const dir = tempDir();
    const first = await start(dir);
    const port = first.control.port;
    await stop(first);
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      const second = await start(dir);
      expect(second.control.port).not.toBe(port);
      const moved = second.control.port;
      await stop(second);
      const third = await start(dir);
      expect(third.control.port).toBe(moved);
      await stop(third);
    } finally {
      squatter.close();
    }
  });

  it('an explicit control port is used as given and not remembered', async () => {
    const dir = tempDir();
    const first = await start(dir, { controlPort: 0 });
    const anyPort = first.control.port;
    await stop(first);
    const second = await start(dir);
    expect(second.control.port).not.toBe(anyPort);
    await stop(second);
  });

  it('rotating the token disconnects open consoles (4401), refuses the old token, and rewrites control.json', async () => {
    const dir = tempDir();
    const node = await start(dir, { controlPort: 0 });
    const old = node.control.token;
    const { closed } = await openSocket(node.control.url, old);
    const rotated = await call(node, old, 'console.rotateToken');
    expect(rotated.status).toBe(200);
    const consoleUrl = (rotated.body.result as { consoleUrl: string }).consoleUrl;
    const fresh = /#token=(.+)$/.exec(consoleUrl)![1]!;
    expect(fresh).not.toBe(old);
    expect(await closed).toBe(4401);
    expect((await call(node, old, 'node.status')).status).toBe(401);
    expect((await call(node, fresh, 'node.status')).status).toBe(200);
    expect(readControlFile(dir)?.token).toBe(fresh);
    const status = (await call(node, fresh, 'node.status')).body.result as NodeStatus;
    expect(status.console.tokenRotatedAt).not.toBeNull();
    // A socket with the old token is refused; with the new one it opens.
    await expect(openSocket(node.control.url, old)).rejects.toThrow(/closed 4401/);
    const again = await openSocket(node.control.url, fresh);
    again.socket.close();
    await stop(node);
    const restarted = await start(dir, { controlPort: 0 });
    expect(restarted.control.token).toBe(fresh);
  });

  it('`switchboard console` prints the address, --open opens it, --rotate-token gives a new one', async () => {
    const dir = tempDir();
    const node = await start(dir, { controlPort: 0 });
    const printed = await cliIn(dir, ['console']);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain(node.consoleUrl);
    const opened: string[] = [];
    const open = await cliIn(dir, ['console', '--open'], { openUrl: async (url) => void opened.push(url), consoleDir: dir });
    expect(open.code).toBe(0);
    expect(opened).toEqual([node.consoleUrl]);
    expect(open.stdout).toContain('Opened in the browser.');
    const before = node.consoleUrl;
    const rotated = await cliIn(dir, ['console', '--rotate-token']);
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toContain('new admin token');
    expect(rotated.stdout).toContain(node.consoleUrl);
    expect(node.consoleUrl).not.toBe(before);
    // The CLI keeps working: it reads the new token from control.json.
    expect((await cliIn(dir, ['status'])).code).toBe(0);
    await stop(node);
    const gone = await cliIn(dir, ['console']);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toMatch(/No Switchboard node is running/);
  });
});
