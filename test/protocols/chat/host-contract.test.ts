import { describe, expect, it } from 'vitest';
import type { SwitchboardNode } from '../../../src/main/core/node';
import type { Approval } from '../../../src/shared/domain/approval';
import type { MessageSummary } from '../../../src/shared/domain/message';
import { nextApproval } from '../../helpers/a2a';
import { chatApi, invitedRequester } from '../../helpers/chat';
import { waitFor } from '../../helpers/linked-nodes';
import { useTestNodes } from '../../helpers/test-node';

type Body = Record<string, unknown>;

describe('hosting a2achat: the whole contract from the requester’s side', () => {
  const nodes = useTestNodes();

  /** Join, request with the operator's invite, operator approves by the control API, claim. */
  async function approvedSession(node: SwitchboardNode, requester = 'bob-agent') {
    const { api, invite, key, inviter } = await invitedRequester(node, requester);
    const requested = await api.call('POST', '/v1/handshake/request', { key, body: { inviter_agent_id: inviter, requester_agent_id: requester, invite_token: invite } });
    const approval = await nextApproval(node);
    await node.api.call('approvals.decide', { id: approval.id, action: 'approve' });
    const claimed = await api.call('GET', `/v1/handshake/status/${requested.body.request_id as string}?agent_id=${requester}`, { key });
    return { api, key, inviter, requester, requestId: requested.body.request_id as string, sessionId: claimed.body.session_id as string, token: claimed.body.session_token as string };
  }

  it('join → request → approve in the inbox → status/claim (retry-safe) → send → timeline', async () => {
    const node = await nodes.start({ name: 'alice node' });
    const inviter = node.settings.get().chat.agentId;
    expect(inviter).toBe('alice-node');
    const { api, invite, key } = await invitedRequester(node);
    expect(key).toMatch(/^ak_a2a_chat_[A-Za-z0-9_-]{43}$/);

    const requested = await api.call('POST', '/v1/handshake/request', { key, body: { inviter_agent_id: inviter, requester_agent_id: 'bob-agent', invite_token: invite } });
    expect(requested.status).toBe(200);
    expect(requested.body).toMatchObject({ request_id: expect.stringMatching(/^req_[0-9a-f]{32}$/), status: 'pending' });
    expect(Date.parse(requested.body.expires_at as string) - Date.now()).toBeGreaterThan(9 * 60_000);
    // Asking again while pending answers the same request.
    const again = await api.call('POST', '/v1/handshake/request', { key, body: { inviter_agent_id: inviter, requester_agent_id: 'bob-agent', invite_token: invite } });
    expect(again.body.request_id).toBe(requested.body.request_id);

    const approval = await nextApproval(node);
    expect(approval).toMatchObject({ kind: 'chat.handshake', peerName: 'bob-agent', title: 'bob-agent wants to chat', actions: ['approve', 'reject'], detail: { invite: 'invi…ts-1' } });
    const statusPath = `/v1/handshake/status/${requested.body.request_id as string}?agent_id=bob-agent`;
    expect((await api.call('GET', statusPath, { key })).body).toMatchObject({ status: 'pending' });

    await node.api.call('approvals.decide', { id: approval.id, action: 'approve' });
    const claim = await api.call('GET', statusPath, { key });
    expect(claim.body).toMatchObject({ status: 'approved', session_id: expect.stringMatching(/^sess_/), session_token: expect.stringMatching(/^st_/) });
    // A lost response is not a lost token: the claim answers the same token until it is first used.
    expect((await api.call('GET', statusPath, { key })).body.session_token).toBe(claim.body.session_token);

    const sent = await api.call('POST', '/v1/messages/send', {
      key,
      token: claim.body.session_token as string,
      body: { session_id: claim.body.session_id, sender_agent_id: 'bob-agent', recipient_agent_id: inviter, content: 'Hello alice, from bob', idempotency_key: 'k-1' },
    });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ status: 'sent', message_id: expect.stringMatching(/^msg_/), cursor: expect.stringMatching(/^\d+$/), duplicate: false });
    const repeat = await api.call('POST', '/v1/messages/send', {
      key,
      token: claim.body.session_token as string,
      body: { session_id: claim.body.session_id, sender_agent_id: 'bob-agent', recipient_agent_id: inviter, content: 'Hello alice, from bob', idempotency_key: 'k-1' },
    });
    expect(repeat.body).toMatchObject({ message_id: sent.body.message_id, duplicate: true });
    const afterUse = await api.call('GET', statusPath, { key });
    expect(afterUse.body).toMatchObject({ status: 'approved', session_token: null });

    const { messages } = (await node.api.call('messages.list', { protocol: 'chat' })) as { messages: MessageSummary[] };
    expect(messages).toEqual([expect.objectContaining({ direction: 'in', peerName: 'bob-agent', content: 'Hello alice, from bob', traceId: sent.body.message_id, contextId: claim.body.session_id })]);
    const status = (await node.api.call('chat.status', { peer: 'bob-agent' })) as { hosted: { sessionId: string; tokenExpiresAt: string }[] };
    expect(status.hosted[0]).toMatchObject({ sessionId: claim.body.session_id });
  });

  it('the operator’s messages reach the requester by cursor polling (nothing skipped or repeated) and by WebSocket', async () => {
    const node = await nodes.start();
    const s = await approvedSession(node);
    const poll = (query: string) => s.api.call('GET', `/v1/messages/poll?session_id=${s.sessionId}&agent_id=${s.requester}${query}`, { key: s.key, token: s.token });
    expect((await poll('')).body).toMatchObject({ messages: [], count: 0 });

    for (const text of ['one', 'two', 'three']) await node.api.call('messages.send', { peer: 'bob-agent', text });
    // All three in the session first: a page of two read while the third is still on its way has nothing more.
    await waitFor(() => poll(''), (r) => (r.body.count as number) === 3);
    const first = await poll('&limit=2');
    expect(first.body.count).toBe(2);
    expect((first.body.messages as Body[]).map((m) => m.content)).toEqual(['one', 'two']);
    expect(first.body.has_more).toBe(true);
    const rest = await poll(`&cursor=${first.body.next_cursor as string}`);
    expect((rest.body.messages as Body[]).map((m) => m.content)).toEqual(['three']);
    expect((await poll(`&cursor=${rest.body.next_cursor as string}`)).body.count).toBe(0);
    // The hosted service's timestamp form still works.
    expect(((await poll(`&after=${encodeURIComponent('2000-01-01T00:00:00Z')}`)).body.messages as Body[]).length).toBe(3);
    const delivered = (await node.api.call('messages.list', { direction: 'out' })) as { messages: MessageSummary[] };
    expect(delivered.messages.map((m) => m.status)).toEqual(['delivered', 'delivered', 'delivered']);

    // Live: headers, a first frame, and the query string (hosted-service form) all open the stream.
    const byHeaders = s.api.stream(s.sessionId, { headers: { 'x-session-token': s.token, 'x-agent-id': s.requester } });
    const byFrame = s.api.stream(s.sessionId, { firstFrame: { type: 'auth', session_token: s.token, agent_id: s.requester, cursor: rest.body.next_cursor } });
    const byQuery = s.api.stream(s.sessionId, { query: `session_token=${s.token}&agent_id=${s.requester}` });
    await waitFor(() => [byHeaders, byFrame, byQuery].every((c) => c.frames.some((f) => f.type === 'ready')), Boolean);
    await node.api.call('messages.send', { peer: 'bob-agent', text: 'live now' });
    for (const client of [byHeaders, byFrame, byQuery]) {
      await waitFor(() => client.frames.filter((f) => f.type === 'message').length, (n) => n === 1);
      expect((client.frames.find((f) => f.type === 'message')!.message as Body).content).toBe('live now');
      client.socket.close();
    }
    const refused = s.api.stream(s.sessionId, { headers: { 'x-session-token': 'st_wrong', 'x-agent-id': s.requester } });
    expect((await refused.closed).code).toBe(4401);
    const garbage = s.api.stream(s.sessionId, { firstFrame: 'not json' });
    expect((await garbage.closed).code).toBe(4400);
    const otherSession = s.api.stream('sess_nope', { headers: { 'x-session-token': s.token, 'x-agent-id': s.requester } });
    expect((await otherSession.closed).code).toBe(4404);
  });

  it('rotates tokens: the old one works during the overlap, then 401; an expired token is 401', async () => {
    let offset = 0;
    const node = await nodes.start({}, { clock: { now: () => Date.now() + offset } });
    const s = await approvedSession(node);
    const send = (token: string, content: string) =>
      s.api.call('POST', '/v1/messages/send', { key: s.key, token, body: { session_id: s.sessionId, sender_agent_id: s.requester, recipient_agent_id: s.inviter, content } });
    expect((await send(s.token, 'before rotation')).status).toBe(200);
    const rotated = await s.api.call('POST', '/v1/sessions/rotate-token', { key: s.key, token: s.token, body: { session_id: s.sessionId, agent_id: s.requester } });
    expect(rotated.body).toMatchObject({ session_id: s.sessionId, session_token: expect.stringMatching(/^st_/) });
    const fresh = rotated.body.session_token as string;
    const hosted = (await node.api.call('chat.status', { peer: s.requester })) as { hosted: { lastRotatedAt: string | null }[] };
    expect(hosted.hosted[0]!.lastRotatedAt).not.toBeNull();
    expect(fresh).not.toBe(s.token);
    expect((await send(s.token, 'old token, within the overlap')).status).toBe(200);
    offset = 61_000;
    const old = await send(s.token, 'old token, after the overlap');
    expect(old.status).toBe(401);
    expect(old.body.error).toBe('session_token_rotated');
    expect((await send(fresh, 'new token')).status).toBe(200);
    offset = 61_000 + 15 * 60_000;
    const expired = await send(fresh, 'too late');
    expect(expired).toMatchObject({ status: 401, body: { error: 'session_token_expired' } });
    expect((await s.api.call('POST', '/v1/sessions/rotate-token', { key: s.key, token: fresh, body: { session_id: s.sessionId, agent_id: s.requester } })).status).toBe(401);
  });

  it('answers every error of the contract: 400, 401, 403, 404, 422, 429 with Retry-After', async () => {
    const node = await nodes.start({ chatLimits: { joinsPerMinute: 50, requestsPerMinute: 12 } });
    const s = await approvedSession(node);
    const api = s.api;
    // 400: malformed JSON, a taken agent id, this node's own agent id.
    expect((await api.call('POST', '/v1/agents/join', { body: '{"agent_id":' })).body.error).toBe('bad_request');
    expect(await api.join('bob-agent')).toMatchObject({ status: 400, body: { error: 'agent_id_taken' } });
    expect((await api.join(s.inviter)).status).toBe(400);
    // 422 with field details.
    const invalid = await api.call('POST', '/v1/agents/join', { body: { agent_id: '../etc/passwd' } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.detail).toEqual([expect.objectContaining({ loc: ['body', 'agent_id'] })]);
    // 401: no key, a wrong key, a non-ASCII key, no session token.
    expect((await api.call('GET', `/v1/handshake/pending?agent_id=x`)).body.error).toBe('missing_api_key');
    expect((await api.call('GET', `/v1/handshake/pending?agent_id=x`, { key: 'ak_wrong' })).body.error).toBe('invalid_api_key');
    const send = (body: Body, key = s.key, token: string | undefined = s.token) => api.call('POST', '/v1/messages/send', { key, ...(token ? { token } : {}), body });
    const good = { session_id: s.sessionId, sender_agent_id: s.requester, recipient_agent_id: s.inviter, content: 'x' };
    expect((await send(good, s.key, '')).body.error).toBe('missing_session_token');
    // 403: someone else's agent id, a non-participant, a key without the scope, agents publishing invites.
    expect((await send({ ...good, sender_agent_id: 'mallory' })).body.error).toBe('agent_mismatch');
    const mallory = (await api.join('mallory')).body.api_key as string;
    expect((await send({ ...good, sender_agent_id: 'mallory' }, mallory)).body).toMatchObject({ error: 'not_a_participant' });
    const readOnly = (await api.call('POST', '/v1/agents/join', { body: { agent_id: 'reader', scopes: ['chat:read'] } })).body.api_key as string;
    expect(await api.call('POST', '/v1/handshake/request', { key: readOnly, body: { inviter_agent_id: s.inviter, requester_agent_id: 'reader', invite_token: 'x' } })).toMatchObject({ status: 403, body: { error: 'insufficient_scope' } });
    expect((await api.call('POST', '/v1/invites/publish', { key: mallory, body: { agent_id: 'mallory', invite_token: 'x' } })).body.error).toBe('operator_only');
    expect(await api.call('POST', '/v1/handshake/request', { key: mallory, body: { inviter_agent_id: s.inviter, requester_agent_id: 'mallory', invite_token: 'guessed-token' } })).toMatchObject({ status: 403, body: { error: 'invalid_invite' } });
    // 404: unknown inviter, unknown request, unknown session.
    expect((await api.call('POST', '/v1/handshake/request', { key: mallory, body: { inviter_agent_id: 'nobody', requester_agent_id: 'mallory', invite_token: 'x' } })).status).toBe(404);
    expect((await api.call('GET', '/v1/handshake/status/req_nope?agent_id=mallory', { key: mallory })).status).toBe(404);
    expect((await send({ ...good, session_id: 'sess_nope' })).status).toBe(404);
    // 429 with Retry-After from the per-key limiter; another key is not affected.
    let limited: Awaited<ReturnType<typeof send>> | null = null;
    for (let i = 0; i < 20 && !limited; i++) {
      const answer = await send({ ...good, content: `flood ${i}` });
      if (answer.status === 429) limited = answer;
    }
    expect(limited!.body.error).toBe('rate_limited');
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await api.call('GET', '/v1/handshake/status/req_nope?agent_id=mallory', { key: mallory })).status).toBe(404);
    expect((await api.call('GET', '/health')).body).toMatchObject({ status: 'OK', version: expect.any(String) });
  });

  it('limits joins per client address with 429 and Retry-After; hosting can be switched off', async () => {
    const node = await nodes.start({ chatLimits: { joinsPerMinute: 3, requestsPerMinute: 100 } });
    const api = chatApi(node);
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await api.join(`agent-${i}`));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429, 429]);
    expect(answers[3]!.body.error).toBe('rate_limited');
    expect(Number(answers[3]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    await node.api.call('settings.update', { chat: { hosting: false } });
    expect(await api.call('GET', '/v1/handshake/pending?agent_id=agent-0')).toMatchObject({ status: 404, body: { error: 'chat_disabled' } });
  });

  it('answers a malformed Content-Type with 415 in its own error shape, never a 500', async () => {
    const node = await nodes.start();
    const base = `http://127.0.0.1:${node.port}`;
    for (const path of ['/v1/agents/join', '/v1/handshake/request', '/v1/messages/send', '/v1/messages/batch']) {
      for (const contentType of [';;;', '/']) {
        const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body: '{}' });
        expect(response.status, `${path} with ${contentType}`).toBe(415);
        expect(await response.json()).toEqual({ error: 'unsupported_media_type', message: 'This endpoint accepts application/json.' });
      }
    }
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });

  it('batches all or nothing, bounded, each message on the timeline', async () => {
    const node = await nodes.start();
    const s = await approvedSession(node);
    const batch = (messages: Body[]) => s.api.call('POST', '/v1/messages/batch', { key: s.key, token: s.token, body: { session_id: s.sessionId, sender_agent_id: s.requester, messages } });
    const broken = await batch([{ content: 'fine' }, { content: '' }]);
    expect(broken.status).toBe(422);
    expect((await batch(Array.from({ length: 51 }, (_, i) => ({ content: `m${i}` })))).status).toBe(422);
    expect(((await node.api.call('messages.list', { protocol: 'chat' })) as { total: number }).total).toBe(0);
    const ok = await batch([{ content: 'first', idempotency_key: 'b1' }, { content: 'second', recipient_agent_id: s.inviter }, { content: 'third' }]);
    expect(ok.body).toMatchObject({ status: 'sent', count: 3 });
    const { messages } = (await node.api.call('messages.list', { protocol: 'chat' })) as { messages: MessageSummary[] };
    expect(messages.map((m) => m.content)).toEqual(['third', 'second', 'first']);
  });

  it('rejected, expired and API-answered handshakes; pending list; metrics; a restart keeps the session', async () => {
    let offset = 0;
    const dataDir = nodes.tempDir();
    const clock = { now: () => Date.now() + offset };
    const node = await nodes.start({ dataDir }, { clock });
    const { api, invite, inviter } = await invitedRequester(node, 'carol');
    const carol = (await api.call('POST', '/v1/agents/join', { body: { agent_id: 'dave' } })).body.api_key as string;
    const carolKey = ((await api.join('erin')).body.api_key as string) || carol;
    const request = async (key: string, requester: string) =>
      (await api.call('POST', '/v1/handshake/request', { key, body: { inviter_agent_id: inviter, requester_agent_id: requester, invite_token: invite } })).body.request_id as string;

    // Rejected by click.
    const rejected = await request(carol, 'dave');
    await node.api.call('approvals.decide', { id: (await nextApproval(node)).id, action: 'reject' });
    expect((await api.call('GET', `/v1/handshake/status/${rejected}?agent_id=dave`, { key: carol })).body).toEqual({ status: 'rejected', request_id: rejected });

    // Answered over the API by the inviter's own key (issued by the operator).
    const { apiKey: inviterKey } = (await node.api.call('chat.issueInviterKey', {})) as { apiKey: string };
    const overApi = await request(carolKey, 'erin');
    const pending = await api.call('GET', `/v1/handshake/pending?agent_id=${inviter}`, { key: inviterKey });
    expect(pending.body).toMatchObject({ count: 1, pending: [{ request_id: overApi, requester_agent_id: 'erin' }] });
    const responded = await api.call('POST', '/v1/handshake/respond', { key: inviterKey, body: { request_id: overApi, inviter_agent_id: inviter, approve: true } });
    expect(responded.body).toMatchObject({ status: 'approved', session_id: expect.stringMatching(/^sess_/), session_token: expect.stringMatching(/^st_/) });
    expect((await api.call('POST', '/v1/handshake/respond', { key: inviterKey, body: { request_id: overApi, inviter_agent_id: inviter, approve: false } })).body.error).toBe('already_decided');
    const { approvals } = (await node.api.call('approvals.list', {})) as { approvals: Approval[] };
    expect(approvals.find((a) => a.detail.requestId === overApi)?.status).toBe('approved');
    const erin = await api.call('GET', `/v1/handshake/status/${overApi}?agent_id=erin`, { key: carolKey });
    const erinToken = erin.body.session_token as string;

    // Expired before anyone decided.
    const { key: frankKey } = { key: (await api.join('frank')).body.api_key as string };
    const expiring = await request(frankKey, 'frank');
    offset = 11 * 60_000;
    expect(await api.call('GET', `/v1/handshake/status/${expiring}?agent_id=frank`, { key: frankKey })).toMatchObject({ status: 404, body: { error: 'request_expired' } });
    await node.approvals.expireDue();
    expect(((await node.api.call('approvals.list', { status: 'expired' })) as { approvals: Approval[] }).approvals).toHaveLength(1);
    offset = 0;

    const metrics = await fetch(`${api.base}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await metrics.text();
    expect(text).toContain('switchboard_chat_sessions_active 1');
    expect(text).toMatch(/switchboard_chat_handshakes\{status="rejected"\} 1/);

    // A restart keeps the session, its token and its messages.
    await api.call('POST', '/v1/messages/send', { key: carolKey, token: erinToken, body: { session_id: erin.body.session_id, sender_agent_id: 'erin', recipient_agent_id: inviter, content: 'before restart' } });
    await node.close();
    const again = await nodes.start({ dataDir }, { clock });
    const after = chatApi(again);
    expect((await after.call('POST', '/v1/messages/send', { key: carolKey, token: erinToken, body: { session_id: erin.body.session_id, sender_agent_id: 'erin', recipient_agent_id: inviter, content: 'after restart' } })).status).toBe(200);
    const { messages } = (await again.api.call('messages.list', { protocol: 'chat' })) as { messages: MessageSummary[] };
    expect(messages.map((m) => m.content)).toEqual(['after restart', 'before restart']);
    // Ending the session stops its tokens at once.
    await again.api.call('chat.endSession', { peer: 'erin' });
    expect((await after.call('POST', '/v1/messages/send', { key: carolKey, token: erinToken, body: { session_id: erin.body.session_id, sender_agent_id: 'erin', recipient_agent_id: inviter, content: 'x' } })).body.error).toBe('session_ended');
  });
});
