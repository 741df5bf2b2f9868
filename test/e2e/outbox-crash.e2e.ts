import { describe, expect, it } from 'vitest';
import { controlCall, useServeProcesses } from './serve-process';

describe('the outbox survives SIGKILL', () => {
  const sb = useServeProcesses();

  it('delivers every queued message after a kill and restart, none twice', async () => {
    const bDir = sb.dataDir();
    let b = await sb.serve([], bDir);
    const bPort = b.port;
    await sb.command(['peers', 'add', 'a', '--url', 'http://127.0.0.1:9', '--inbound-secret', 'kill-test-secret-1', '--data-dir', bDir]);
    b.child.kill('SIGTERM');
    await b.exited;

    const aDir = sb.dataDir();
    let a = await sb.serve([], aDir);
    await sb.command(['peers', 'add', 'b', '--url', `http://127.0.0.1:${bPort}`, '--outbound-secret', 'kill-test-secret-1', '--data-dir', aDir]);
    await controlCall(a.consoleUrl, 'peers.setRetryPolicy', { peer: 'b', policy: { maxAttempts: 20, baseDelayMs: 300 } });
    const traces: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const sent = await sb.command(['send', '--to', 'b', '--data-dir', aDir, `queued before the kill ${i}`]);
      traces.push(sent.stdout.trim());
    }
    // Let some attempts run (and fail: B is down), then kill A without warning.
    await new Promise((resolve) => setTimeout(resolve, 700));
    a.child.kill('SIGKILL');
    await a.exited;

    b = await sb.serve(['--port', String(bPort)], bDir);
    a = await sb.serve([], aDir);
    const deadline = Date.now() + 20_000;
    let received: { traceId: string }[] = [];
    while (Date.now() < deadline) {
      received = JSON.parse((await sb.command(['messages', 'list', '--json', '--data-dir', bDir])).stdout) as { traceId: string }[];
      if (received.length >= traces.length) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // Give any duplicate a chance to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 500));
    received = JSON.parse((await sb.command(['messages', 'list', '--json', '--data-dir', bDir])).stdout) as { traceId: string }[];
    expect(received.map((m) => m.traceId).sort()).toEqual([...traces].sort());
    const sent = JSON.parse((await sb.command(['messages', 'list', '--json', '--direction', 'out', '--data-dir', aDir])).stdout) as { status: string }[];
    expect(sent.map((m) => m.status)).toEqual(Array(6).fill('delivered'));
  });
});
