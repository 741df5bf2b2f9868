import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageSummary } from '../../src/shared/domain/message';
import { untilFinal } from '../helpers/linked-nodes';
import { useTestNodes } from '../helpers/test-node';

/**
 * A bare a2a-secure receiver: records the texts in arrival order and how many requests it had open at once;
 * `answer` picks each request's status (200 by default).
 */
async function startPeer(answer: (text: string, seen: number) => number = () => 200) {
  const texts: string[] = [];
  let inFlight = 0;
  let most = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      const text = (JSON.parse(body) as { message: string }).message;
      texts.push(text);
      const status = answer(text, texts.filter((t) => t === text).length);
      // Answered on the next turn, so a sender with more in flight would show it.
      setImmediate(() => {
        inFlight -= 1;
        res.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '{"status":"OK"}' : '{"error":"no"}');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, texts, most: () => most, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('sends and attempts that share a commit', () => {
  const nodes = useTestNodes();
  const peers: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(peers.splice(0).map((peer) => peer.close()));
  });

  it('sends arriving together are each acknowledged once stored, and one refused send fails alone', async () => {
    const peer = await startPeer();
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
    const peer = await startPeer((text, seen) => (text === 'm1' && seen === 1 ? 503 : text === 'm3' ? 400 : 200));
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
});
