import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { builtInProtocolModules } from '../../src/main/core/protocols';
import type { MessageSummary } from '../../src/shared/domain/message';
import type { Peer } from '../../src/shared/domain/peer';
import type { ProtocolInfo } from '../../src/shared/protocols';
import { cli } from '../helpers/cli';
import { detail, untilFinal } from '../helpers/linked-nodes';
import { useTestNodes } from '../helpers/test-node';
import { closedPort } from '../helpers/tiny-server';
import { PIGEON, pigeonProtocol } from './pigeon-protocol';

const withPigeons = { protocols: [...builtInProtocolModules, pigeonProtocol] };
const BAND = 'band-of-the-pigeon-2026';

async function list(node: Awaited<ReturnType<ReturnType<typeof useTestNodes>['start']>>, filter: Record<string, unknown>) {
  return ((await node.api.call('messages.list', filter)) as { messages: MessageSummary[] }).messages;
}

describe('a fourth protocol, registered from one file under test/ with no change to src/', () => {
  const nodes = useTestNodes();

  it('is not mentioned anywhere in src/', () => {
    const grep = spawnSync('grep', ['-rli', 'pigeon', 'src'], { encoding: 'utf8' });
    expect(grep.status).toBe(1); // grep: no match
    expect(grep.stdout).toBe('');
  }, 10_000);

  it('sends through the outbox, receives on its own route, and both messages show in the timeline', async () => {
    const a = await nodes.start({ name: 'a' }, withPigeons);
    const b = await nodes.start({ name: 'b' }, withPigeons);
    expect(((await a.api.call('protocols.list', {})) as { protocols: ProtocolInfo[] }).protocols.map((p) => p.id)).toEqual(['secure', 'a2a', 'chat', 'pigeon']);
    await b.api.call('peers.add', { name: 'a', baseUrl: `http://127.0.0.1:${a.port}`, protocol: 'pigeon', band: BAND });
    await a.api.call('peers.add', { name: 'b', baseUrl: `http://127.0.0.1:${b.port}`, protocol: 'pigeon', band: BAND });

    const sent = (await a.api.call('messages.send', { peer: 'b', text: 'hello by pigeon' })) as MessageSummary;
    expect(sent).toMatchObject({ protocol: 'pigeon', direction: 'out', status: 'queued' });
    expect(await untilFinal(a, sent.id)).toMatchObject({ status: 'delivered', delivery: { attempts: 1, response: '{"pigeon":"coo"}' } });

    const received = await list(b, { protocol: 'pigeon' });
    expect(received).toMatchObject([{ direction: 'in', peerName: 'a', protocol: 'pigeon', content: 'hello by pigeon', traceId: sent.traceId, status: 'received' }]);
    expect(await list(a, { protocol: 'pigeon' })).toMatchObject([{ id: sent.id, direction: 'out', status: 'delivered' }]);
    // And back: B answers A the same way.
    const answer = (await b.api.call('messages.send', { peer: 'a', text: 'coo back' })) as MessageSummary;
    expect(await untilFinal(b, answer.id)).toMatchObject({ status: 'delivered' });
    expect((await list(a, { direction: 'in' })).map((m) => m.content)).toEqual(['coo back']);
    expect(((await b.api.call('peers.get', { peer: 'a' })) as Peer).lastSeenAt).not.toBeNull();
  });

  it('retries and dead-letters like any other protocol, and a replay delivers once the peer is there', async () => {
    const a = await nodes.start({ name: 'a' }, withPigeons);
    const b = await nodes.start({ name: 'b' }, withPigeons);
    await b.api.call('peers.add', { name: 'a', baseUrl: `http://127.0.0.1:${a.port}`, protocol: 'pigeon', band: BAND });
    await a.api.call('peers.add', { name: 'lost', baseUrl: `http://127.0.0.1:${await closedPort()}`, protocol: 'pigeon', band: BAND });
    await a.api.call('peers.setRetryPolicy', { peer: 'lost', policy: { maxAttempts: 2, baseDelayMs: 100 } });

    const sent = (await a.api.call('messages.send', { peer: 'lost', text: 'anyone there?' })) as MessageSummary;
    const dead = await untilFinal(a, sent.id);
    expect(dead.status).toBe('dead');
    expect(dead.delivery?.deadReason).toMatch(/^Gave up after 2 attempts: connection error: ECONNREFUSED\. Is lost running and reachable\? It is tried again by itself/);
    expect(dead.attempts.map((attempt) => attempt.outcome)).toEqual(['retry', 'failed']);
    expect(((await a.api.call('deadLetters.list', {})) as { deadLetters: MessageSummary[] }).deadLetters.map((m) => m.id)).toEqual([sent.id]);

    // The peer turns out to live at B: the replay keeps the trace id, and B has it once.
    await a.api.call('peers.update', { peer: 'lost', baseUrl: `http://127.0.0.1:${b.port}` });
    expect(await a.api.call('deadLetters.replay', { ids: [sent.id] })).toEqual({ replayed: [sent.id], skipped: [] });
    expect(await untilFinal(a, sent.id)).toMatchObject({ status: 'delivered' });
    expect((await detail(a, sent.id)).attempts).toHaveLength(3);
    expect(await list(b, { traceId: sent.traceId })).toMatchObject([{ content: 'anyone there?', peerName: 'a' }]);
  });

  it('is listed by `peers list` with its label, and its settings and peer fields are its own to check', async () => {
    const node = await nodes.start({}, withPigeons);
    await node.api.call('peers.add', { name: 'homer', baseUrl: 'http://127.0.0.1:9', protocol: 'pigeon', band: BAND });
    const listed = await cli(node, 'peers', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`homer\\s+${PIGEON.label.replace(/[()]/g, '\\$&')}\\s+http://127\\.0\\.0\\.1:9\\s+never`));
    expect((await cli(node, 'peers', 'show', 'homer')).stdout).toMatch(/Protocol\s+Carrier pigeon \(test\)/);

    await expect(node.api.call('peers.add', { name: 'x', baseUrl: 'http://x.example', protocol: 'pigeon' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^band: /) });
    await expect(node.api.call('peers.add', { name: 'x', baseUrl: 'http://x.example', protocol: 'pigeon', band: BAND, aesKey: 'generate' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'aesKey: not a field of Carrier pigeon (test) peers.',
    });
    await expect(node.api.call('peers.add', { name: 'x', baseUrl: 'http://x.example', protocol: 'smoke-signal' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'There is no protocol "smoke-signal" on this node; it speaks a2a-secure (secure), A2A (a2a), chat (chat), Carrier pigeon (test) (pigeon).',
    });
    await expect(node.api.call('messages.send', { peer: 'homer', text: 'x', encrypt: true })).rejects.toMatchObject({ code: 'invalid_input', message: 'Pigeons carry plain notes.' });

    expect(await node.api.call('settings.update', { pigeon: { greeting: 'rrr' } })).toMatchObject({ pigeon: { greeting: 'rrr' } });
    await expect(node.api.call('settings.update', { pigeon: { wingspan: 3 } })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(node.api.call('settings.update', { name: 'renamed', pigeon: { greeting: '' } })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^pigeon\.greeting: /) });
    // A refused patch changes nothing, not even its valid part.
    expect(node.settings.get()).toMatchObject({ name: 'test-node', pigeon: { greeting: 'rrr' } });
  });

  it("keeps its credentials to itself: a pigeon's band does not open a2a-secure", async () => {
    const node = await nodes.start({}, withPigeons);
    await node.api.call('peers.add', { name: 'homer', baseUrl: 'http://127.0.0.1:9', protocol: 'pigeon', band: BAND });
    const response = await fetch(`http://127.0.0.1:${node.port}/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BAND}`, 'content-type': 'application/json' },
      body: JSON.stringify({ schema_version: '2.4', message: 'sneaking in', sender: 'homer' }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'Unauthorized' });
    expect(await list(node, {})).toEqual([]);
  });

  it('a node may speak fewer protocols: the methods of the missing ones answer "unavailable", the rest work', async () => {
    const full = await nodes.start({}, withPigeons);
    // A full node answers everything but the desktop app's own methods (its face answers those).
    expect(full.api.unanswered).toEqual(['desktop.get', 'desktop.update', 'desktop.checkForUpdates', 'desktop.installUpdate']);
    const small = await nodes.start({}, { protocols: [builtInProtocolModules[0]!, pigeonProtocol] });
    expect(((await small.api.call('protocols.list', {})) as { protocols: ProtocolInfo[] }).protocols.map((p) => p.id)).toEqual(['secure', 'pigeon']);
    expect(small.api.unanswered).toContain('keys.list');
    await expect(small.api.call('keys.list', {})).rejects.toMatchObject({ code: 'unavailable', message: 'This node does not answer keys.list: none of the protocols it speaks provides it.' });
    await expect(small.api.call('peers.add', { name: 'x', baseUrl: 'http://x.example', protocol: 'a2a' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^There is no protocol "a2a" on this node/) });
    await small.api.call('peers.add', { name: 'homer', baseUrl: `http://127.0.0.1:${full.port}`, protocol: 'pigeon', band: BAND });
    await full.api.call('peers.add', { name: 'small', baseUrl: `http://127.0.0.1:${small.port}`, protocol: 'pigeon', band: BAND });
    const sent = (await small.api.call('messages.send', { peer: 'homer', text: 'from a smaller coop' })) as MessageSummary;
    expect(await untilFinal(small, sent.id)).toMatchObject({ status: 'delivered' });
  });
});
