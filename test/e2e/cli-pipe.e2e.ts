import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, controlCall, useServeProcesses } from './serve-process';

/** Runs `switchboard ARGS | FILTER` in a shell, as an operator would, and collects what the filter printed. */
function piped(args: string[], filter: string): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  const quoted = [process.execPath, BIN, ...args].map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', `${quoted} | ${filter}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: err }));
  });
}

describe('the CLI never loses output', () => {
  const sb = useServeProcesses();

  // It was cut off at 80–130 KB when stdout was a pipe (the process exited before the pipe took it all).
  it('writes a large --json answer whole through `| cat`, and stops quietly when `| head -c` closes the pipe', async () => {
    const node = await sb.serve();
    await controlCall(node.consoleUrl, 'peers.add', { name: 'loud', baseUrl: 'http://127.0.0.1:9', inboundSecret: 'loud-inbound-secret-1' });
    const post = (i: number) =>
      fetch(`http://127.0.0.1:${node.port}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer loud-inbound-secret-1' },
        body: JSON.stringify({ schema_version: '2.4', message: `message ${i} ${'m'.repeat(1000)}`, wake: false }),
      });
    for (let batch = 0; batch < 300; batch += 50) {
      const statuses = (await Promise.all(Array.from({ length: 50 }, (_, i) => post(batch + i)))).map((response) => response.status);
      expect(statuses.every((status) => status === 200)).toBe(true);
    }
    const args = ['--data-dir', node.dataDir, 'messages', 'list', '--json', '--limit', '1000'];

    const whole = await piped(args, 'cat');
    expect(whole.code).toBe(0);
    expect(whole.stdout.length).toBeGreaterThan(300_000);
    const parsed = JSON.parse(whole.stdout.toString('utf8')) as unknown;
    const list = Array.isArray(parsed) ? parsed : (parsed as { messages: unknown[] }).messages;
    expect(list).toHaveLength(300);

    const head = await piped(args, 'head -c 100000');
    expect(head.code).toBe(0);
    expect(head.stdout.length).toBe(100_000);
    expect(head.stdout.equals(whole.stdout.subarray(0, 100_000))).toBe(true);
    expect(head.stderr).not.toMatch(/EPIPE|Error|at /);
  });
});
