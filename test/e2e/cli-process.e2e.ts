import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useServeProcesses } from './serve-process';

describe('switchboard serve and status, as processes', () => {
  const sb = useServeProcesses();

  it('serves /health, and `switchboard status --json` prints the same name', async () => {
    const node = await sb.serve(['--name', 'process-node']);
    const health = await (await fetch(`http://127.0.0.1:${node.port}/health`)).json();
    expect(health).toMatchObject({ status: 'OK', name: 'process-node' });
    const status = await sb.command(['status', '--json', '--data-dir', node.dataDir]);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ name: 'process-node', port: node.port });
  });

  it('refuses a second serve on the same data dir, naming the lock, and starts after the first is SIGKILLed', async () => {
    const first = await sb.serve();
    const second = await sb.command(['serve', '--data-dir', first.dataDir, '--host', '127.0.0.1', '--port', '0', '--control-port', '0']);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain(join(first.dataDir, 'node.lock'));

    first.child.kill('SIGKILL');
    await first.exited;
    const third = await sb.serve([], first.dataDir);
    expect((await fetch(`http://127.0.0.1:${third.port}/health`)).status).toBe(200);
  });

  it('stops cleanly on SIGTERM: exit 0, control file removed, status then says no node runs', async () => {
    const node = await sb.serve();
    node.child.kill('SIGTERM');
    expect(await node.exited).toBe(0);
    expect(existsSync(join(node.dataDir, 'control.json'))).toBe(false);
    const status = await sb.command(['status', '--data-dir', node.dataDir]);
    expect(status.code).toBe(1);
    expect(status.stderr).toMatch(/No Switchboard node is running/);
  });

  it('reports a port in use clearly and exits non-zero', async () => {
    const node = await sb.serve();
    const clash = await sb.command(['serve', '--data-dir', sb.dataDir(), '--host', '127.0.0.1', '--port', String(node.port)]);
    expect(clash.code).not.toBe(0);
    expect(clash.stderr).toMatch(new RegExp(`Port ${node.port} on 127.0.0.1 is already in use`));
  });

  it('keeps serving after a 2 MiB POST (413 JSON)', async () => {
    const node = await sb.serve();
    const response = await fetch(`http://127.0.0.1:${node.port}/`, { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024) });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: 'payload_too_large' });
    expect((await fetch(`http://127.0.0.1:${node.port}/health`)).status).toBe(200);
  });
});
