import { describe, expect, it } from 'vitest';
import type { ChatProtocol } from '../../../src/main/core/protocols/chat/chat-protocol';
import type { SwitchboardNode } from '../../../src/main/core/node';
import type { ChatPeerStatus } from '../../../src/shared/domain/chat';
import type { MessageSummary } from '../../../src/shared/domain/message';
import { nextApproval } from '../../helpers/a2a';
import { detail, waitFor } from '../../helpers/linked-nodes';
import { useTestNodes } from '../../helpers/test-node';
import { useTinyServers } from '../../helpers/tiny-server';
import { rotationDelay } from '../../../src/main/core/protocols/chat/chat-links';

const fast = { chatTimings: { statusPollMs: 50, pollMs: 100, reconnectMaxMs: 200 } };

async function inbound(node: SwitchboardNode): Promise<MessageSummary[]> {
  return ((await node.api.call('messages.list', { direction: 'in', protocol: 'chat' })) as { messages: MessageSummary[] }).messages;
}

async function linkState(node: SwitchboardNode, peer: string) {
  return ((await node.api.call('chat.status', { peer })) as ChatPeerStatus).link;
}

describe('two Switchboard nodes over a2achat', () => {
  const nodes = useTestNodes();
  const tinyServer = useTinyServers();

  /** A hosts (its operator approves), B requests with A's invite. */
  async function handshake(options: { aDir?: string; bDir?: string } = {}) {
    const a = await nodes.start({ name: 'alice', ...(options.aDir ? { dataDir: options.aDir } : {}), ...fast });
    const b = await nodes.start({ name: 'bob', ...(options.bDir ? { dataDir: options.bDir } : {}), ...fast });
    const { token } = (await a.api.call('invites.publish', { maxUses: 5 })) as { token: string };
    await b.api.call('peers.add', { name: 'alice', baseUrl: `http://127.0.0.1:${a.port}`, protocol: 'chat', chat: { remoteAgentId: 'alice', inviteToken: token } });
    await waitFor(() => linkState(b, 'alice'), (link) => link?.state === 'pending');
    return { a, b, token };
  }

  it('completes a handshake (B requests, A approves) and exchanges messages both ways', async () => {
    const { a, b } = await handshake();
    const approval = await nextApproval(a);
    expect(approval).toMatchObject({ kind: 'chat.handshake', peerName: 'bob', title: 'bob wants to chat' });
    const pending = await linkState(b, 'alice');
    expect(pending).toMatchObject({ state: 'pending', myAgentId: 'bob', remoteAgentId: 'alice', requestId: expect.stringMatching(/^req_/) });
    expect(Date.parse(pending!.requestExpiresAt!)).toBeGreaterThan(Date.now());

    await a.api.call('approvals.decide', { id: approval.id, action: 'approve' });
    const active = await waitFor(() => linkState(b, 'alice'), (link) => link?.state === 'active' && link.stream === 'websocket');
    expect(active!.sessionId).toMatch(/^sess_/);

    // B → A through B's outbox, onto A's timeline from peer "bob".
    const sent = (await b.api.call('messages.send', { peer: 'alice', text: 'Hi alice, bob here.' })) as MessageSummary;
    await waitFor(() => detail(b, sent.id), (m) => m.status === 'delivered');
    const atA = await waitFor(() => inbound(a), (list) => list.length === 1);
    expect(atA[0]).toMatchObject({ peerName: 'bob', content: 'Hi alice, bob here.', idempotencyKey: sent.idempotencyKey, contextId: active!.sessionId });

    // A → B: into the hosted session, pushed over B's WebSocket.
    const reply = (await a.api.call('messages.send', { peer: 'bob', text: 'Welcome, bob.' })) as MessageSummary;
    await waitFor(() => detail(a, reply.id), (m) => m.status === 'delivered');
    const atB = await waitFor(() => inbound(b), (list) => list.length === 1);
    expect(atB[0]).toMatchObject({ peerName: 'alice', content: 'Welcome, bob.', protocol: 'chat' });
    const hosted = ((await a.api.call('chat.status', { peer: 'bob' })) as ChatPeerStatus).hosted;
    expect(hosted[0]).toMatchObject({ sessionId: active!.sessionId, requesterAgentId: 'bob', endedAt: null });
  });

  it('loses no session or message across a restart of either side', async () => {
    const aDir = nodes.tempDir();
    const bDir = nodes.tempDir();
    let { a, b } = await handshake({ aDir, bDir });
    await a.api.call('approvals.decide', { id: (await nextApproval(a)).id, action: 'approve' });
    await waitFor(() => linkState(b, 'alice'), (link) => link?.state === 'active' && link.stream === 'websocket');

    // B goes down; A writes meanwhile; B comes back and catches up (poll from its cursor), then streams again.
    await b.close();
    await a.api.call('messages.send', { peer: 'bob', text: 'while you were away 1' });
    await a.api.call('messages.send', { peer: 'bob', text: 'while you were away 2' });
    b = await nodes.start({ dataDir: bDir, ...fast });
    const caught = await waitFor(() => inbound(b), (list) => list.length === 2);
    expect(caught.map((m) => m.content).sort()).toEqual(['while you were away 1', 'while you were away 2']);
    await waitFor(() => linkState(b, 'alice'), (link) => link?.stream === 'websocket');

    // A goes down; B's message waits in B's outbox (retrying), and lands once A is back on the same port.
    const port = a.port;
    await a.close();
    await b.api.call('peers.setRetryPolicy', { peer: 'alice', policy: { maxAttempts: 10, baseDelayMs: 200 } });
    const queued = (await b.api.call('messages.send', { peer: 'alice', text: 'are you back?' })) as MessageSummary;
    a = await nodes.start({ dataDir: aDir, port, ...fast });
    await waitFor(() => detail(b, queued.id), (m) => m.status === 'delivered', 15_000);
    expect((await inbound(a)).map((m) => m.content)).toEqual(['are you back?']);
    // And B's stream came back too: A's next message is pushed.
    await a.api.call('messages.send', { peer: 'bob', text: 'back' });
    await waitFor(() => inbound(b), (list) => list.some((m) => m.content === 'back'));
    expect((await inbound(b)).length).toBe(3);
  });

  it('shows a rejected handshake, retries on request, and rotates the token before it expires', async () => {
    const { a, b } = await handshake();
    await a.api.call('approvals.decide', { id: (await nextApproval(a)).id, action: 'reject' });
    const rejected = await waitFor(() => linkState(b, 'alice'), (link) => link?.state === 'rejected');
    expect(rejected!.lastError).toBe('alice declined the handshake.');
    // Written while there is no session: it waits in the outbox instead of failing.
    const queued = (await b.api.call('messages.send', { peer: 'alice', text: 'let me in' })) as MessageSummary;
    await waitFor(() => detail(b, queued.id), (m) => m.status === 'retrying');
    expect((await detail(b, queued.id)).attempts[0]!.error).toMatch(/no open session with alice \(rejected\)/);

    await b.api.call('chat.retryHandshake', { peer: 'alice' });
    await a.api.call('approvals.decide', { id: (await nextApproval(a)).id, action: 'approve' });
    const active = await waitFor(() => linkState(b, 'alice'), (link) => link?.state === 'active');
    // The session opening sends what waited, at once (not at the next backoff).
    await waitFor(() => detail(b, queued.id), (m) => m.status === 'delivered', 3_000);
    const before = active!.tokenExpiresAt;
    await (b.protocols.get('chat') as ChatProtocol).links.rotateNow(b.peers.resolve('alice').id);
    const rotated = await linkState(b, 'alice');
    expect(rotated!.rotatedAt).not.toBeNull();
    expect(rotated!.tokenExpiresAt! >= before!).toBe(true);
    await waitFor(() => linkState(b, 'alice'), (link) => link?.stream === 'websocket');
    // The old token keeps working through the overlap, the new one afterwards: a message goes through.
    const after = (await b.api.call('messages.send', { peer: 'alice', text: 'after rotation' })) as MessageSummary;
    await waitFor(() => detail(b, after.id), (m) => m.status === 'delivered');
    expect((await inbound(a)).map((m) => m.content)).toEqual(['after rotation', 'let me in']);
  });

  it('as a client: 429 honours Retry-After; a rejected token is rotated once before dead-lettering', async () => {
    let sends = 0;
    let rotations = 0;
    const server = await tinyServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      const path = request.url.split('?')[0];
      if (path === '/v1/agents/join') return void response.end(JSON.stringify({ status: 'joined', agent_id: 'bob', api_key: 'ak_test', key_id: 'k1', scopes: ['chat:write', 'chat:read'] }));
      if (path === '/v1/handshake/request') return void response.end(JSON.stringify({ request_id: 'req_1', status: 'pending', expires_at: new Date(Date.now() + 600_000).toISOString() }));
      if (path === '/v1/handshake/status/req_1')
        return void response.end(JSON.stringify({ status: 'approved', request_id: 'req_1', session_id: 'sess_1', session_token: 'st_first', expires_at: new Date(Date.now() + 900_000).toISOString() }));
      if (path === '/v1/messages/poll') return void response.end(JSON.stringify({ messages: [] }));
      if (path === '/v1/sessions/rotate-token') {
        rotations += 1;
        return void response.end(JSON.stringify({ session_id: 'sess_1', session_token: `st_rotated_${rotations}`, expires_at: new Date(Date.now() + 900_000).toISOString() }));
      }
      if (path === '/v1/messages/send') {
        sends += 1;
        if (sends === 1) {
          response.statusCode = 429;
          response.setHeader('retry-after', '1');
          return void response.end(JSON.stringify({ error: 'rate_limited' }));
        }
        if (request.headers['x-session-token'] === 'st_first') {
          response.statusCode = 401;
          return void response.end(JSON.stringify({ error: 'session_token_expired', message: 'expired' }));
        }
        return void response.end(JSON.stringify({ status: 'sent', message_id: `msg_${sends}` }));
      }
      response.statusCode = 404;
      response.end('{}');
    });
    const b = await nodes.start({ name: 'bob', ...fast });
    await b.api.call('peers.add', { name: 'hosted', baseUrl: server.url, protocol: 'chat', chat: { remoteAgentId: 'alice', inviteToken: 'alice-invite' } });
    await waitFor(() => linkState(b, 'hosted'), (link) => link?.state === 'active');
    await b.api.call('peers.setRetryPolicy', { peer: 'hosted', policy: { maxAttempts: 4, baseDelayMs: 100 } });
    const sent = (await b.api.call('messages.send', { peer: 'hosted', text: 'through a busy server' })) as MessageSummary;
    const done = await waitFor(() => detail(b, sent.id), (m) => m.status === 'delivered' || m.status === 'dead', 15_000);
    expect(done.status).toBe('delivered');
    expect(done.attempts.map((attempt) => attempt.statusCode)).toEqual([429, 401, 200]);
    // Retry-After: 1 was honoured between the first two attempts.
    expect(Date.parse(done.attempts[1]!.startedAt) - Date.parse(done.attempts[0]!.finishedAt!)).toBeGreaterThanOrEqual(900);
    expect(rotations).toBe(1);
    // No credential ever went into a URL.
    expect(server.requests.every((r) => !/token|key/i.test(r.url.split('?')[1] ?? ''))).toBe(true);
  });

  it('rotates a third of the way before expiry (10 min into a 15-minute token), never later than a minute before', () => {
    const issued = Date.parse('2026-01-01T00:00:00Z');
    expect(rotationDelay('2026-01-01T00:15:00Z', issued, issued)).toBe(10 * 60_000);
    expect(rotationDelay('2026-01-01T00:02:00Z', issued, issued)).toBe(60_000);
    expect(rotationDelay('2026-01-01T00:15:00Z', issued, issued + 14 * 60_000)).toBe(0);
  });

  it('as a client: when the token cannot be renewed, the message dies with the reason and a new handshake is requested', async () => {
    let requests = 0;
    const server = await tinyServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      const path = request.url.split('?')[0];
      if (path === '/v1/agents/join') return void response.end(JSON.stringify({ agent_id: 'bob', api_key: 'ak_test', key_id: 'k1', scopes: [] }));
      if (path === '/v1/handshake/request') {
        requests += 1;
        return void response.end(JSON.stringify({ request_id: `req_${requests}`, status: 'pending', expires_at: new Date(Date.now() + 600_000).toISOString() }));
      }
      if (path === '/v1/handshake/status/req_1')
        return void response.end(JSON.stringify({ status: 'approved', request_id: 'req_1', session_id: 'sess_1', session_token: 'st_1', expires_at: new Date(Date.now() + 900_000).toISOString() }));
      if (path === '/v1/handshake/status/req_2') return void response.end(JSON.stringify({ status: 'pending', request_id: 'req_2', expires_at: new Date(Date.now() + 600_000).toISOString() }));
      if (path === '/v1/messages/poll') return void response.end(JSON.stringify({ messages: [] }));
      response.statusCode = 401;
      response.end(JSON.stringify({ error: 'session_token_expired', message: 'expired' }));
    });
    const b = await nodes.start({ name: 'bob', ...fast });
    await b.api.call('peers.add', { name: 'hosted', baseUrl: server.url, protocol: 'chat', chat: { remoteAgentId: 'alice', inviteToken: 'alice-invite' } });
    await waitFor(() => linkState(b, 'hosted'), (link) => link?.state === 'active');
    const sent = (await b.api.call('messages.send', { peer: 'hosted', text: 'anyone?' })) as MessageSummary;
    const dead = await waitFor(() => detail(b, sent.id), (m) => m.status === 'dead', 10_000);
    expect(dead.attempts).toHaveLength(1);
    expect(dead.delivery?.deadReason).toMatch(/could not be renewed; a new handshake was requested\. Replay this message once it is approved/);
    await waitFor(() => linkState(b, 'hosted'), (link) => link?.state === 'pending' && link.requestId === 'req_2');
  });

  it('as a client: a server reply without the fields a2achat has is a clear error on the link, and a malformed message is skipped', async () => {
    let polls = 0;
    const server = await tinyServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      const path = request.url.split('?')[0];
      if (path === '/v1/agents/join') return void response.end(JSON.stringify({ agent_id: 'bob', api_key: 'ak_test' }));
      // A request id that is not a string: not something this node can ask about later.
      if (path === '/v1/handshake/request') return void response.end(JSON.stringify({ request_id: 42, status: 'pending' }));
      response.statusCode = 404;
      response.end('{}');
    });
    const b = await nodes.start({ name: 'bob', ...fast });
    await b.api.call('peers.add', { name: 'odd', baseUrl: server.url, protocol: 'chat', chat: { remoteAgentId: 'alice', inviteToken: 'alice-invite' } });
    const link = await waitFor(() => linkState(b, 'odd'), (state) => state?.state === 'error');
    expect(link!.lastError).toMatch(/answered POST \/v1\/handshake\/request with a reply a2achat servers do not send \(request_id: /);

    const messy = await tinyServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      const path = request.url.split('?')[0];
      if (path === '/v1/agents/join') return void response.end(JSON.stringify({ agent_id: 'bob', api_key: 'ak_test' }));
      if (path === '/v1/handshake/request') return void response.end(JSON.stringify({ request_id: 'req_1', status: 'pending' }));
      if (path === '/v1/handshake/status/req_1') return void response.end(JSON.stringify({ status: 'approved', session_id: 'sess_1', session_token: 'st_1', expires_at: new Date(Date.now() + 900_000).toISOString() }));
      if (path === '/v1/messages/poll') {
        polls += 1;
        // One good message, one without an id, one whose content is not text.
        return void response.end(JSON.stringify({ messages: polls === 1 ? [{ message_id: 'm1', content: 'fine', cursor: '1' }, { content: 'no id' }, { message_id: 'm3', content: { html: '<b>' } }] : [] }));
      }
      response.statusCode = 404;
      response.end('{}');
    });
    await b.api.call('peers.add', { name: 'messy', baseUrl: messy.url, protocol: 'chat', chat: { remoteAgentId: 'alice', inviteToken: 'alice-invite' } });
    await waitFor(() => linkState(b, 'messy'), (state) => state?.lastError?.includes('it was skipped') ?? false);
    const received = ((await b.api.call('messages.list', { direction: 'in' })) as { messages: MessageSummary[] }).messages;
    expect(received.map((m) => m.content)).toEqual(['fine']);
    expect(((await b.api.call('node.status', {})) as { name: string }).name).toBe('bob');
  });

  it('as a client: takes what real servers send — nulls for absent fields, opaque cursors, a rotation without session_id', async () => {
    let polls = 0;
    let statusCalls = 0;
    const server = await tinyServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      const path = request.url.split('?')[0];
      const send = (body: unknown) => void response.end(JSON.stringify(body));
      if (path === '/v1/agents/join') return send({ agent_id: 'bob', api_key: 'ak_test', key_id: null, scopes: null });
      if (path === '/v1/handshake/request') return send({ request_id: 'req_1', status: 'pending', expires_at: null });
      if (path === '/v1/handshake/status/req_1') {
        statusCalls += 1;
        // FastAPI writes absent optional fields as null.
        if (statusCalls === 1) return send({ status: 'pending', request_id: 'req_1', expires_at: new Date(Date.now() + 600_000).toISOString(), session_id: null, session_token: null });
        return send({ status: 'approved', request_id: 'req_1', session_id: 'sess_1', session_token: 'st_1', expires_at: new Date(Date.now() + 900_000).toISOString() });
      }
      if (path === '/v1/sessions/rotate-token') return send({ session_token: 'st_2', expires_at: new Date(Date.now() + 900_000).toISOString() });
      if (path === '/v1/messages/poll') {
        polls += 1;
        return send({
          messages: polls === 1 ? [{ message_id: 'm1', content: 'null cursor', cursor: null, session_id: null, sender_agent_id: null, created_at: '2026-01-01T00:00:00Z' }, { message_id: 'm2', content: 'opaque cursor', cursor: 'c_abc' }] : [],
          has_more: null,
          next_cursor: null,
        });
      }
      response.statusCode = 404;
      response.end('{}');
    });
    const b = await nodes.start({ name: 'bob', ...fast });
    await b.api.call('peers.add', { name: 'hosted', baseUrl: server.url, protocol: 'chat', chat: { remoteAgentId: 'alice', inviteToken: 'alice-invite' } });
    await waitFor(() => linkState(b, 'hosted'), (link) => link?.state === 'active');
    await waitFor(() => b.api.call('messages.list', { direction: 'in' }) as Promise<{ messages: MessageSummary[] }>, (page) => page.messages.length === 2);
    const received = ((await b.api.call('messages.list', { direction: 'in' })) as { messages: MessageSummary[] }).messages;
    expect(received.map((m) => m.content).sort()).toEqual(['null cursor', 'opaque cursor']);
    const rotated = await (b.protocols.get('chat') as ChatProtocol).links.rotateNow(b.peers.resolve('hosted').id);
    expect(rotated.sessionToken).toBe('st_2');
    expect((await linkState(b, 'hosted'))?.lastError).toBeNull();
  });

  it('as a client: removing a chat peer while its poll is under way leaves nothing dangling (no unhandled rejection)', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      let polls = 0;
      const server = await tinyServer((request, response) => {
        response.setHeader('content-type', 'application/json');
        const path = request.url.split('?')[0];
        const send = (body: unknown) => void response.end(JSON.stringify(body));
        if (path === '/v1/agents/join') return send({ api_key: 'ak_test' });
        if (path === '/v1/handshake/request') return send({ request_id: 'req_1', status: 'pending' });
        if (path === '/v1/handshake/status/req_1') return send({ status: 'approved', session_id: 'sess_1', session_token: 'st_1', expires_at: new Date(Date.now() + 900_000).toISOString() });
        if (path === '/v1/messages/poll') {
          polls += 1;
          // The server is struggling (which is often why its peer is being removed): the poll fails late.
          return void setTimeout(() => {
            response.statusCode = 503;
            send({ error: 'busy' });
          }, 300);
        }
        response.statusCode = 404;
        response.end('{}');
      });
      const b = await nodes.start({ name: 'bob', ...fast });
      await b.api.call('peers.add', { name: 'hosted', baseUrl: server.url, protocol: 'chat', chat: { remoteAgentId: 'alice', inviteToken: 'alice-invite' } });
      await waitFor(() => linkState(b, 'hosted'), (link) => link?.state === 'active');
      await waitFor(() => polls, (n) => n >= 1);
      await b.api.call('peers.remove', { peer: 'hosted' });
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(rejections).toEqual([]);
      expect(((await b.api.call('peers.list', {})) as { peers: unknown[] }).peers).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});
