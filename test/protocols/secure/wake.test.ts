import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WakeNotice } from '../../../src/shared/domain/wake';
import { addSecurePeer, postSecure } from '../../helpers/secure-peer';
import { useTestNodes } from '../../helpers/test-node';
import { useTinyServers } from '../../helpers/tiny-server';

const writeArgs = "require('fs').writeFileSync(process.argv[1], JSON.stringify(process.argv.slice(2)))";

describe('a2a-secure: wake', () => {
  const nodes = useTestNodes();
  const tinyServer = useTinyServers();

  it('raises a wake event only when the message asks for it', async () => {
    const node = await nodes.start();
    const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
    const wakes: WakeNotice[] = [];
    node.events.on('message.wake', (notice) => wakes.push(notice));
    expect((await postSecure(node, '/', { message: 'quiet', wake: false }, inboundSecret)).body.wake).toBe(false);
    expect((await postSecure(node, '/', { message: 'no field' }, inboundSecret)).body.wake).toBe(false);
    expect((await postSecure(node, '/', { message: 'wake up', wake: true, trace_id: 'w-1' }, inboundSecret)).body.wake).toBe(true);
    expect(wakes).toEqual([{ messageId: expect.any(Number), peerName: 'alice', traceId: 'w-1', preview: 'wake up' }]);
    expect(node.status().counts.unseenWakes).toBe(1);
    await node.api.call('messages.markWakesSeen', { all: true });
    expect(node.status().counts.unseenWakes).toBe(0);
  });

  it('runs a command hook without a shell: peer text arrives as one literal argument', async () => {
    const node = await nodes.start();
    const out = join(node.config.dataDir, 'hook-args.json');
    const canary = join(node.config.dataDir, 'pwned');
    await node.api.call('settings.update', { wakeHook: { kind: 'command', argv: [process.execPath, '-e', writeArgs, out, '{text}', '{peer}', '{trace_id}'] } });
    const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
    const hostile = `$(touch ${canary}); touch ${canary} && echo "\`touch ${canary}\`"`;
    await postSecure(node, '/', { message: hostile, wake: true, trace_id: 'hook-1' }, inboundSecret);
    await node.wake.idle();
    const args = JSON.parse(readFileSync(out, 'utf8')) as string[];
    expect(args).toEqual([`[A2A] message from peer "alice" (trace hook-1): ${hostile}`, 'alice', 'hook-1']);
    expect(existsSync(canary)).toBe(false);
  });

  it('records a failing or hanging hook without failing the receive', async () => {
    const node = await nodes.start();
    const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
    await node.api.call('settings.update', { wakeHook: { kind: 'command', argv: [process.execPath, '-e', 'process.exit(3)'] } });
    expect((await postSecure(node, '/', { message: 'a', wake: true }, inboundSecret)).status).toBe(200);
    await node.wake.idle();
    await node.api.call('settings.update', { wakeHook: { kind: 'command', argv: [process.execPath, '-e', 'setTimeout(() => {}, 60000)'], timeoutMs: 300 } });
    expect((await postSecure(node, '/', { message: 'b', wake: true }, inboundSecret)).status).toBe(200);
    await node.wake.idle();
    await node.api.call('settings.update', { wakeHook: { kind: 'command', argv: ['/definitely/not/a/program'] } });
    expect((await postSecure(node, '/', { message: 'c', wake: true }, inboundSecret)).status).toBe(200);
    await node.wake.idle();
    const failures = node.audit.list({ limit: 50 }).filter((entry) => entry.event === 'wake.hook_failed').map((entry) => String(entry.details.reason));
    expect(failures).toHaveLength(3);
    expect(failures.some((reason) => /timed out after 300 ms/.test(reason))).toBe(true);
    expect(((await node.api.call('messages.list', {})) as { total: number }).total).toBe(3);
  });

  it('posts to a webhook hook', async () => {
    const hook = await tinyServer((_request, response) => response.writeHead(204).end());
    const node = await nodes.start();
    await node.api.call('settings.update', { wakeHook: { kind: 'webhook', url: `${hook.url}/wake` } });
    const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
    await postSecure(node, '/', { message: 'ping', wake: true, trace_id: 'wh-1' }, inboundSecret);
    await node.wake.idle();
    expect(hook.requests).toHaveLength(1);
    expect(JSON.parse(hook.requests[0]!.body)).toMatchObject({ event: 'wake', peer: 'alice', trace_id: 'wh-1', text: expect.stringContaining('ping') });
  });

  it('refuses a malformed hook through the control API', async () => {
    const node = await nodes.start();
    await expect(node.api.call('settings.update', { wakeHook: { kind: 'command', argv: [] } })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(node.api.call('settings.update', { wakeHook: { kind: 'command', argv: 'sh -c x' } })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(node.api.call('settings.update', { wakeHook: { kind: 'webhook', url: 'ftp://x' } })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
