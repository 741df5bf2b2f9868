import { describe, expect, it } from 'vitest';
import { w3cTraceId } from '../../src/main/core/net/trace-context';
import type { SwitchboardNode } from '../../src/main/core/node';
import type { ChatPeerStatus } from '../../src/shared/domain/chat';
import type { MessageSummary } from '../../src/shared/domain/message';
import { nextApproval } from '../helpers/a2a';
import { cli } from '../helpers/cli';
import { link, untilFinal, waitFor } from '../helpers/linked-nodes';
import { useTestNodes } from '../helpers/test-node';
import { useTinyServers } from '../helpers/tiny-server';

const fast = { chatTimings: { statusPollMs: 50, pollMs: 100, reconnectMaxMs: 200 } };

const byTrace = async (node: SwitchboardNode, traceId: string) =>
  ((await node.api.call('messages.list', { traceId })) as { messages: MessageSummary[] }).messages;
const inbound = async (node: SwitchboardNode) => ((await node.api.call('messages.list', { direction: 'in' })) as { messages: MessageSummary[] }).messages;

/** The whole exchange under one trace id on both nodes, as `messages list --trace ID --json` prints it. */
async function expectExchange(a: SwitchboardNode, b: SwitchboardNode, traceId: string) {
  for (const node of [a, b]) {
    const listed = await waitFor(() => byTrace(node, traceId), (list) => list.length === 2);
    expect(listed.map((message) => message.direction).sort()).toEqual(['in', 'out']);
    const printed = await cli(node, 'messages', 'list', '--trace', traceId, '--json');
    expect(printed.code).toBe(0);
    expect((JSON.parse(printed.stdout) as unknown[]).length).toBe(2);
  }
}

describe('one trace id per exchange, in every protocol, both directions', () => {
  const nodes = useTestNodes();
  const tinyServer = useTinyServers();

  it('a2a-secure: the receiver shows the sender’s trace id, and the reply carries it back', async () => {
    const a = await nodes.start({ name: 'a' });
    const b = await nodes.start({ name: 'b' });
    await link(a, b, { toName: 'b', fromName: 'a' });
    const sent = (await a.api.call('messages.send', { peer: 'b', text: 'ping', traceId: 'ops-2026-ping-1' })) as MessageSummary;
    await untilFinal(a, sent.id);
    const [atB] = await waitFor(() => inbound(b), (list) => list.length === 1);
    expect(atB!.traceId).toBe('ops-2026-ping-1');
    const reply = (await b.api.call('messages.send', { peer: 'a', text: 'pong', inReplyTo: atB!.id })) as MessageSummary;
    expect(reply.traceId).toBe('ops-2026-ping-1');
    await untilFinal(b, reply.id);
    await expectExchange(a, b, 'ops-2026-ping-1');
  });

  it('A2A: the trace id travels in the message metadata; the task’s answer is linked to it on both sides', async () => {
    const a = await nodes.start({ name: 'a' });
    const b = await nodes.start({ name: 'b' });
    const { key } = (await b.api.call('keys.generate', { label: 'a' })) as { key: string };
    await a.api.call('peers.add', { name: 'b', baseUrl: `http://127.0.0.1:${b.port}`, protocol: 'a2a', outboundSecret: key });
    await a.api.call('messages.send', { peer: 'b', text: 'status?', traceId: 'ops-a2a-1' });
    const approval = await nextApproval(b);
    const [atB] = await inbound(b);
    expect(atB!.traceId).toBe('ops-a2a-1');
    await b.api.call('approvals.decide', { id: approval.id, action: 'reply', text: 'all green' });
    const [answer] = await waitFor(() => inbound(a), (list) => list.length === 1);
    expect(answer).toMatchObject({ content: 'all green', traceId: 'ops-a2a-1' });
    await expectExchange(a, b, 'ops-a2a-1');
  });

  it('a2achat: the trace id rides along (a field other servers ignore), both ways', async () => {
    const a = await nodes.start({ name: 'alice', ...fast });
    const b = await nodes.start({ name: 'bob', ...fast });
    const { token } = (await a.api.call('invites.publish', { maxUses: 5 })) as { token: string };
    await b.api.call('peers.add', { name: 'alice', baseUrl: `http://127.0.0.1:${a.port}`, protocol: 'chat', chat: { remoteAgentId: 'alice', inviteToken: token } });
    const approval = await nextApproval(a);
    await a.api.call('approvals.decide', { id: approval.id, action: 'approve' });
    await waitFor(async () => ((await b.api.call('chat.status', { peer: 'alice' })) as ChatPeerStatus).link, (linked) => linked?.state === 'active');
    const sent = (await b.api.call('messages.send', { peer: 'alice', text: 'hi', traceId: 'ops-chat-1' })) as MessageSummary;
    await untilFinal(b, sent.id);
    const [atA] = await waitFor(() => inbound(a), (list) => list.length === 1);
    expect(atA!.traceId).toBe('ops-chat-1');
    const reply = (await a.api.call('messages.send', { peer: 'bob', text: 'hello bob', inReplyTo: atA!.id })) as MessageSummary;
    await untilFinal(a, reply.id);
    const [atB] = await waitFor(() => inbound(b), (list) => list.length === 1);
    expect(atB!.traceId).toBe('ops-chat-1');
    await expectExchange(a, b, 'ops-chat-1');
  });

  it('honours an inbound traceparent and sends one on every outbound request, in the same W3C trace', async () => {
    const node = await nodes.start({ name: 'me' });
    const recorder = await tinyServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ status: 'OK' }));
    });
    const secret = 'inbound-secret-for-traceparent';
    await node.api.call('peers.add', { name: 'far', baseUrl: recorder.url, inboundSecret: secret, outboundSecret: 'outbound-secret-123' });
    const w3c = '4bf92f3577b34da6a3ce929d0e0e4736';
    const posted = await fetch(`http://127.0.0.1:${node.port}/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', traceparent: `00-${w3c}-00f067aa0ba902b7-01` },
      body: JSON.stringify({ schema_version: '2.4', message: 'from an OpenTelemetry-traced agent', sender: 'far' }),
    });
    expect(posted.status).toBe(200);
    expect(((await posted.json()) as { trace_id: string }).trace_id).toBe(`tp-${w3c}`);
    const [received] = await inbound(node);
    expect(received!.traceId).toBe(`tp-${w3c}`);
    const reply = (await node.api.call('messages.send', { peer: 'far', text: 'answer', inReplyTo: received!.id })) as MessageSummary;
    await untilFinal(node, reply.id);
    expect(recorder.requests[0]!.headers.traceparent).toMatch(new RegExp(`^00-${w3c}-[0-9a-f]{16}-01$`));
    // A trace id of our own maps to a stable W3C trace-id (retries and replies share it).
    const own = (await node.api.call('messages.send', { peer: 'far', text: 'fresh', traceId: 'sb-1-abc' })) as MessageSummary;
    await untilFinal(node, own.id);
    expect(recorder.requests[1]!.headers.traceparent).toMatch(new RegExp(`^00-${w3cTraceId('sb-1-abc')}-`));
    // A malformed header is ignored, not an error.
    const bad = await fetch(`http://127.0.0.1:${node.port}/`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' }, body: JSON.stringify({ schema_version: '2.4', message: 'x', sender: 'far' }) });
    expect(bad.status).toBe(200);
    expect(((await bad.json()) as { trace_id: string }).trace_id).toMatch(/^sb-/);
  });
});
