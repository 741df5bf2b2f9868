import { describe, expect, it } from 'vitest';
import type { ReceivingState } from '../../src/shared/domain/node';
import { cli } from '../helpers/cli';
import { addSecurePeer, postSecure } from '../helpers/secure-peer';
import { useTestNodes } from '../helpers/test-node';

describe('pausing receiving', () => {
  const nodes = useTestNodes();

  it('refuses writes on every protocol with 503 and Retry-After, keeps reads, and survives a restart', async () => {
    const node = await nodes.start();
    const { inboundSecret } = await addSecurePeer(node, { name: 'alice' });
    const told: ReceivingState[] = [];
    node.events.on('receiving.changed', (state) => told.push(state));
    const paused = (await node.api.call('receiving.set', { paused: true })) as ReceivingState;
    expect(paused).toEqual({ paused: true, since: expect.any(String) });
    expect(told).toEqual([paused]);
    expect(node.status().receiving).toEqual(paused);
    const base = `http://127.0.0.1:${node.port}`;

    const secure = await fetch(`${base}/`, { method: 'POST', headers: { authorization: `Bearer ${inboundSecret}`, 'content-type': 'application/json' }, body: JSON.stringify({ message: 'hi' }) });
    expect([secure.status, secure.headers.get('retry-after'), ((await secure.json()) as { error: string }).error]).toEqual([503, '60', 'receiving_paused']);
    for (const path of ['/a2a', '/v1/agents/join', '/messages']) {
      const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect([path, response.status, response.headers.get('retry-after')]).toEqual([path, 503, '60']);
    }
    for (const path of ['/health', '/', '/.well-known/agent-card.json']) expect([path, (await fetch(`${base}${path}`)).status]).toEqual([path, 200]);
    // Nothing was stored while paused.
    expect(node.status().counts.messagesIn).toBe(0);
    // Pausing twice changes nothing and tells nothing.
    await node.api.call('receiving.set', { paused: true });
    expect(told).toHaveLength(1);

    const dataDir = node.config.dataDir;
    await node.close();
    const again = await nodes.start({ dataDir });
    expect(again.status().receiving).toEqual(paused);
    expect((await postSecure(again, '/', { message: 'hi' }, inboundSecret)).status).toBe(503);
    const resumed = await cli(again, 'receiving', 'resume');
    expect(resumed).toMatchObject({ code: 0, stdout: 'Receiving again.\n' });
    expect((await postSecure(again, '/', { message: 'hi' }, inboundSecret)).status).toBe(200);
    expect(again.audit.list({ limit: 50 }).map((entry) => entry.event)).toEqual(expect.arrayContaining(['receiving.paused', 'receiving.resumed']));
    expect((await cli(again, 'receiving', 'pause')).stdout).toMatch(/^Receiving is paused \(since .+\)\. Peers are told to try again in a minute/);
    expect((await cli(again, 'status')).stdout).toMatch(/Receiving\s+paused since/);
    await expect(again.api.call('receiving.set', { paused: 'yes' })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
