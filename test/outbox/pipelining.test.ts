import { afterEach, describe, expect, it } from 'vitest';
import type { MessageSummary } from '../../src/shared/domain/message';
import { untilFinal } from '../helpers/linked-nodes';
import { startRecordingPeer } from '../helpers/recording-peer';
import { useTestNodes } from '../helpers/test-node';

describe('how many of a peer’s messages are on the wire at once', () => {
  const nodes = useTestNodes();
  const peers: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(peers.splice(0).map((peer) => peer.close()));
  });

  it('pipelines an a2a-secure peer: four messages are in flight together', async () => {
    const peer = await startRecordingPeer({ holdUntil: 4 });
    peers.push(peer);
    const a = await nodes.start();
    await a.api.call('peers.add', { name: 'fast', baseUrl: peer.url });
    const sent: MessageSummary[] = [];
    for (let i = 0; i < 4; i += 1) sent.push((await a.api.call('messages.send', { peer: 'fast', text: `m${i}` })) as MessageSummary);
    for (const message of sent) expect((await untilFinal(a, message.id)).status).toBe('delivered');
    expect(peer.most()).toBe(4);
    expect([...peer.texts].sort()).toEqual(['m0', 'm1', 'm2', 'm3']);
  });

  it('sends one at a time, oldest first, once the operator asks for strict order', async () => {
    const peer = await startRecordingPeer();
    peers.push(peer);
    const a = await nodes.start();
    await a.api.call('peers.add', { name: 'strict', baseUrl: peer.url });
    expect(await a.api.call('outbox.setOrdered', { peer: 'strict', ordered: true })).toEqual({ peer: 'strict', ordered: true });
    await a.api.call('outbox.setPaused', { peer: 'strict', paused: true });
    const sent: MessageSummary[] = [];
    for (let i = 0; i < 6; i += 1) sent.push((await a.api.call('messages.send', { peer: 'strict', text: `m${i}` })) as MessageSummary);
    await a.api.call('outbox.setPaused', { peer: 'strict', paused: false });
    for (const message of sent) expect((await untilFinal(a, message.id)).status).toBe('delivered');
    expect(peer.most()).toBe(1);
    expect(peer.texts).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('keeps the operator’s choice across a restart, and pipelines again once it is switched off', async () => {
    const peer = await startRecordingPeer({ holdUntil: 3 });
    peers.push(peer);
    const dataDir = nodes.tempDir();
    const a = await nodes.start({ dataDir });
    await a.api.call('peers.add', { name: 'p', baseUrl: peer.url });
    await a.api.call('outbox.setOrdered', { peer: 'p', ordered: true });
    await a.close();
    const b = await nodes.start({ dataDir });
    await b.api.call('outbox.setPaused', { peer: 'p', paused: true });
    const sent: MessageSummary[] = [];
    for (let i = 0; i < 3; i += 1) sent.push((await b.api.call('messages.send', { peer: 'p', text: `m${i}` })) as MessageSummary);
    expect(await b.api.call('outbox.setOrdered', { peer: 'p', ordered: false })).toEqual({ peer: 'p', ordered: false });
    await b.api.call('outbox.setPaused', { peer: 'p', paused: false });
    for (const message of sent) expect((await untilFinal(b, message.id)).status).toBe('delivered');
    expect(peer.most()).toBe(3);
  });
});
