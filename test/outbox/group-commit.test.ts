import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageSummary } from '../../src/shared/domain/message';
import { untilFinal } from '../helpers/linked-nodes';
import { startRecordingPeer } from '../helpers/recording-peer';
import { useTestNodes } from '../helpers/test-node';

describe('sends and attempts that share a commit', () => {
  const nodes = useTestNodes();
  const peers: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(peers.splice(0).map((peer) => peer.close()));
  });

  it('sends arriving together are each acknowledged once stored, and one refused send fails alone', async () => {
    const peer = await startRecordingPeer();
    peers.push(peer);
    const a = await nodes.start();
    await a.api.call('peers.add', { name: 'fast', baseUrl: peer.url });
    await a.api.call('outbox.setPaused', { peer: 'fast', paused: true });
    const calls = Array.from({ length: 20 }, (_, i) => a.api.call('messages.send', { peer: 'fast', text: `m${i}` }) as Promise<MessageSummary>);
    const refused = a.api.call('messages.send', { peer: 'nobody', text: 'lost' });
    const sent = await Promise.all(calls);
    await expect(refused).rejects.toThrow(/nobody/);
    expect(new Set(sent.map((m) => m.id)).size).toBe(20);
    expect(sent.every((m) => m.status === 'queued' && m.delivery?.attempts === 0 && m.delivery.maxAttempts > 0)).toBe(true);
    // Acknowledged means committed: every one is there to read, as the summary the send returned said.
    const listed = (await a.api.call('messages.list', { direction: 'out', limit: 100 })) as { messages: MessageSummary[] };
    expect(listed.messages.map((m) => m.id).sort((x, y) => x - y)).toEqual(sent.map((m) => m.id).sort((x, y) => x - y));
    for (const message of sent) expect(listed.messages.find((m) => m.id === message.id)).toEqual(message);
    await a.api.call('outbox.setPaused', { peer: 'fast', paused: false });
    for (const message of sent) expect((await untilFinal(a, message.id)).status).toBe('delivered');
    expect([...peer.texts].sort()).toEqual(sent.map((m) => m.content).sort());
  });

  it('strict order holds across a retry and a refusal: the retried head goes first, a dead letter lets the next go', async () => {
    const peer = await startRecordingPeer({ answer: (text, seen) => (text === 'm1' && seen === 1 ? 503 : text === 'm3' ? 400 : 200) });
    peers.push(peer);
    const a = await nodes.start();
    await a.api.call('peers.add', { name: 'strict', baseUrl: peer.url });
    await a.api.call('peers.setRetryPolicy', { peer: 'strict', policy: { maxAttempts: 3, baseDelayMs: 100 } });
    await a.api.call('outbox.setOrdered', { peer: 'strict', ordered: true });
    await a.api.call('outbox.setPaused', { peer: 'strict', paused: true });
    const sent: MessageSummary[] = [];
    for (let i = 0; i < 6; i += 1) sent.push((await a.api.call('messages.send', { peer: 'strict', text: `m${i}` })) as MessageSummary);
    await a.api.call('outbox.setPaused', { peer: 'strict', paused: false });
    const final = [];
    for (const message of sent) final.push((await untilFinal(a, message.id)).status);
    expect(final).toEqual(['delivered', 'delivered', 'delivered', 'dead', 'delivered', 'delivered']);
    expect(peer.texts).toEqual(['m0', 'm1', 'm1', 'm2', 'm3', 'm4', 'm5']);
    expect(peer.most()).toBe(1);
  });

  it('a next message that cannot begin does not undo the outcome recorded in the same commit', async () => {
    const peer = await startRecordingPeer();
    peers.push(peer);
    const dataDir = nodes.tempDir();
    const a = await nodes.start({ dataDir });
    await a.api.call('peers.add', { name: 'strict', baseUrl: peer.url });
    await a.api.call('outbox.setOrdered', { peer: 'strict', ordered: true });
    await a.api.call('outbox.setPaused', { peer: 'strict', paused: true });
    const first = (await a.api.call('messages.send', { peer: 'strict', text: 'first' })) as MessageSummary;
    const second = (await a.api.call('messages.send', { peer: 'strict', text: 'second' })) as MessageSummary;
    // The second's stored request is damaged, so beginning it throws inside the commit that records the first.
    const db = new Database(join(dataDir, 'switchboard.db'));
    db.prepare("UPDATE outbox SET request = '{not json' WHERE message_id = ?").run(second.id);
    db.close();
    await a.api.call('outbox.setPaused', { peer: 'strict', paused: false });
    expect((await untilFinal(a, first.id)).status).toBe('delivered');
    // Delivered once: had its outcome been rolled back with the failed begin, it would be sent again and again.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(peer.texts).toEqual(['first']);
    expect(((await a.api.call('messages.get', { id: first.id })) as MessageSummary).delivery?.attempts).toBe(1);
  });
});
