import fastifyRateLimit from '@fastify/rate-limit';
import { TRACE_ID_PATTERN, traceIdFromTraceparent } from '../../net/trace-context';
import fastifyWebsocket from '@fastify/websocket';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { CHAT_AGENT_ID } from '../../../../shared/domain/chat';
import type { Logger } from '../../logger';
import { createAuthFailureAudit } from '../../server/auth-failure-audit';
import { parseFrame } from '../../server/ws-frame';
import { headerCredential } from '../../server/credentials';
import type { PublicLimits } from '../../server/public-limits';
import type { AuditLog } from '../../store/audit-log';
import { CHAT_SCOPES, ChatError, type ChatHost, type ChatScope, type WireMessage } from './chat-host';
import type { AgentRow } from './host-store';

const WS_AUTH_TIMEOUT_MS = 5_000;
const FIRST_FRAME = 'the first frame must be {"type":"auth","session_token":"…","agent_id":"…"}';
/** A credential of the wrong type is no credential (then refused as missing), not a malformed frame. */
const credential = z.string().max(512).optional().catch(undefined);
const authFrame = z.object({ type: z.literal('auth'), session_token: credential, agent_id: credential, api_key: credential, cursor: credential });

export interface ChatLimits {
  /** Joins per minute per client address. */
  joinsPerMinute: number;
  /** Protected requests per minute per API key. */
  requestsPerMinute: number;
}

const agentId = z.string().regex(CHAT_AGENT_ID, 'must be 1–128 characters of letters, digits and . _ : -');
const id = z.string().min(1).max(200);
const schemas = {
  join: z.object({ agent_id: agentId, scopes: z.array(z.enum(CHAT_SCOPES)).min(1).max(2).optional() }),
  request: z.object({ inviter_agent_id: agentId, requester_agent_id: agentId, invite_token: z.string().min(1).max(512), clawdbot_token: z.string().max(512).optional() }),
  respond: z.object({ request_id: id, inviter_agent_id: agentId, approve: z.boolean() }),
  rotate: z.object({ session_id: id, agent_id: agentId }),
  send: z.object({ session_id: id, sender_agent_id: agentId, recipient_agent_id: agentId, content: z.string(), idempotency_key: z.string().min(1).max(256).optional(), trace_id: z.string().regex(TRACE_ID_PATTERN).optional().catch(undefined) }),
  batch: z.object({
    session_id: id,
    sender_agent_id: agentId,
    messages: z
      .array(z.object({ recipient_agent_id: agentId.optional(), content: z.string(), idempotency_key: z.string().min(1).max(256).optional() }))
      .min(1)
      .max(50, 'a batch holds at most 50 messages'),
  }),
  poll: z.object({
    session_id: id,
    agent_id: agentId,
    cursor: z.string().regex(/^\d{1,18}$/, 'must be a cursor this server returned').optional(),
    after: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  }),
  agentQuery: z.object({ agent_id: agentId }),
};

/** 422 with FastAPI-style field details, as the hosted service answers validation errors. */
function parse<T extends z.ZodType>(schema: T, value: unknown, where: 'body' | 'query'): z.output<T> {
  if (where === 'body' && (value === null || typeof value !== 'object' || Array.isArray(value))) throw new ChatError(400, 'bad_request', 'The body must be a JSON object.');
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const detail = result.error.issues.map((issue) => ({ loc: [where, ...issue.path.map(String)], msg: issue.message, type: issue.code }));
  throw Object.assign(new ChatError(422, 'validation_error', detail.map((d) => `${d.loc.slice(1).join('.') || where}: ${d.msg}`).join('; ')), { detail });
}

function header(request: FastifyRequest, name: string): string | undefined {
  return headerCredential(request.headers[name]) ?? undefined;
}

function sendChatError(reply: FastifyReply, error: ChatError): FastifyReply {
  const detail = (error as ChatError & { detail?: unknown }).detail;
  return reply
    .code(error.status)
    .type('application/json; charset=utf-8')
    .send({ error: error.error, message: error.message, ...(detail ? { detail } : {}) });
}

/**
 * The a2achat contract (seed 003) on the public listener, under /v1. `X-API-Key` on every protected endpoint with
 * its scope checked, `X-Session-Token` on message endpoints, 422 with field details, and 429 with Retry-After from
 * a per-key limiter (joins: per client address). The WebSocket takes its credentials from headers or a first
 * frame; the query-string form is accepted for clients of the hosted service.
 */
export function registerChatRoutes(
  app: FastifyInstance,
  deps: { host: ChatHost; limits: () => ChatLimits; publicLimits: PublicLimits; audit: AuditLog; logger: Logger; now: () => number; extraMetrics: () => Record<string, number>; publicMetrics?: () => Promise<string | null> },
) {
  const { host } = deps;
  const agents = new WeakMap<FastifyRequest, AgentRow>();
  const auditFailure = createAuthFailureAudit({ audit: deps.audit, now: deps.now, protocol: 'chat' });

  // The a2achat service's own figures (its contract); the node's full set too when the operator allows it here.
  app.get('/metrics', async (_request, reply) => reply.type('text/plain; version=0.0.4; charset=utf-8').send(`${host.metrics(deps.extraMetrics())}${(await deps.publicMetrics?.()) ?? ''}`));

  void app.register(async (scope) => {
    await scope.register(fastifyRateLimit, { global: false });
    await scope.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
    const joinLimit = scope.createRateLimit({ max: () => deps.limits().joinsPerMinute, timeWindow: 60_000, keyGenerator: (request) => `join:${request.ip}` });
    const keyLimit = scope.createRateLimit({ max: () => deps.limits().requestsPerMinute, timeWindow: 60_000, keyGenerator: (request) => `key:${agents.get(request)?.key_id ?? request.ip}` });

    const limited = async (check: typeof joinLimit, request: FastifyRequest, reply: FastifyReply) => {
      const verdict = await check(request);
      // The limiter answers isAllowed only for allow-listed keys; the count decides the rest.
      if (verdict.isAllowed || !verdict.isExceeded) return false;
      reply.header('Retry-After', String(Math.max(1, verdict.ttlInSeconds)));
      sendChatError(reply, new ChatError(429, 'rate_limited', `Too many requests; retry in ${Math.max(1, verdict.ttlInSeconds)} s.`));
      return true;
    };

    scope.setErrorHandler((error, request, reply) => {
      if (error instanceof ChatError) return sendChatError(reply, error);
      const code = (error as { code?: string }).code;
      if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error instanceof SyntaxError) {
        return sendChatError(reply, new ChatError(400, 'bad_request', 'The request body is not valid JSON.'));
      }
      if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send({ error: 'payload_too_large', message: 'The request body is larger than this node accepts.' });
      // A malformed or foreign Content-Type is the caller's to fix (415, as everywhere else), never a 500.
      const status = (error as { statusCode?: unknown }).statusCode;
      if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415) return sendChatError(reply, new ChatError(415, 'unsupported_media_type', 'This endpoint accepts application/json.'));
      if (typeof status === 'number' && status >= 400 && status < 500) return sendChatError(reply, new ChatError(400, 'bad_request', 'The request was not accepted.'));
      deps.logger.error('chat request failed', { path: request.routeOptions.url ?? '', error: error instanceof Error ? error.message : String(error) });
      return reply.code(500).send({ error: 'internal_error', message: 'The node could not handle this request.' });
    });

    scope.addHook('onRequest', async (_request, reply) => {
      if (!host.hosting()) return sendChatError(reply, new ChatError(404, 'chat_disabled', 'This node does not host a2achat sessions.'));
      return undefined;
    });

    /** Authenticates X-API-Key, checks the scope, then applies the per-key limit. */
    const protectedRoute = (scopeNeeded: ChatScope) => async (request: FastifyRequest, reply: FastifyReply) => {
      const key = header(request, 'x-api-key');
      if (!key && request.headers['x-api-key'] !== undefined) {
        auditFailure(request.ip, { reason: 'invalid_api_key' });
        return sendChatError(reply, new ChatError(401, 'invalid_api_key', 'The API key is not valid here.'));
      }
      if (!key) {
        auditFailure(request.ip, { reason: 'missing_api_key' });
        return sendChatError(reply, new ChatError(401, 'missing_api_key', 'Send your chat API key in X-API-Key (get one from POST /v1/agents/join).'));
      }
      const agent = host.authenticate(key);
      if (!agent) {
        auditFailure(request.ip, { reason: 'invalid_api_key' });
        return sendChatError(reply, new ChatError(401, 'invalid_api_key', 'The API key is not valid here.'));
      }
      agents.set(request, agent);
      if (!agent.scopes.split(' ').includes(scopeNeeded)) return sendChatError(reply, new ChatError(403, 'insufficient_scope', `This key lacks the ${scopeNeeded} scope.`));
      if (await limited(keyLimit, request, reply)) return reply;
      return undefined;
    };
    const write = { preHandler: protectedRoute('chat:write') };
    const read = { preHandler: protectedRoute('chat:read') };
    const agentOf = (request: FastifyRequest) => agents.get(request)!;
    const token = (request: FastifyRequest) => header(request, 'x-session-token');

    scope.post('/v1/agents/join', async (request, reply) => {
      if (await limited(joinLimit, request, reply)) return reply;
      const body = parse(schemas.join, request.body, 'body');
      return host.join(body.agent_id, body.scopes ?? CHAT_SCOPES);
    });
    scope.post('/v1/invites/publish', write, async () => {
      throw new ChatError(403, 'operator_only', "Invites on this node are published by its operator (Keys › Invites, or `switchboard invites publish`).");
    });
    scope.post('/v1/handshake/request', write, async (request) => host.request(agentOf(request), parse(schemas.request, request.body, 'body')));
    scope.post('/v1/handshake/respond', write, async (request) => host.respond(agentOf(request), parse(schemas.respond, request.body, 'body')));
    scope.get('/v1/handshake/pending', read, async (request) => host.pending(agentOf(request), parse(schemas.agentQuery, request.query, 'query').agent_id));
    scope.get<{ Params: { requestId: string } }>('/v1/handshake/status/:requestId', read, async (request) =>
      host.status(agentOf(request), request.params.requestId, parse(schemas.agentQuery, request.query, 'query').agent_id),
    );
    scope.post('/v1/sessions/rotate-token', write, async (request) => host.rotate(agentOf(request), token(request), parse(schemas.rotate, request.body, 'body')));
    scope.post('/v1/messages/send', write, async (request) => {
      const body = parse(schemas.send, request.body, 'body');
      // No trace id of Switchboard's: the caller's W3C traceparent names the exchange, when it sent one.
      return host.send(agentOf(request), token(request), { ...body, trace_id: body.trace_id ?? traceIdFromTraceparent(request.headers.traceparent) ?? undefined });
    });
    scope.post('/v1/messages/batch', write, async (request) => host.batch(agentOf(request), token(request), parse(schemas.batch, request.body, 'body')));
    scope.get('/v1/messages/poll', read, async (request) => host.poll(agentOf(request), token(request), parse(schemas.poll, request.query, 'query')));

    scope.route<{ Params: { sessionId: string }; Querystring: Record<string, string | undefined> }>({
      method: 'GET',
      url: '/v1/messages/ws/:sessionId',
      // Plain HTTP here is a client that forgot to upgrade: say so, in chat's shape (it was a 404 with no body).
      handler: (_request, reply) => sendChatError(reply, new ChatError(426, 'upgrade_required', 'This is a WebSocket: connect with Upgrade: websocket (or poll GET /v1/messages/poll).')),
      wsHandler: (socket, request) => {
        // Counted per address: a socket's credentials come later (a first frame), and an unauthenticated one holds a slot too.
        const release = deps.publicLimits.sockets.take(`chat:${request.ip}`);
        if (!release) return void socket.close(1013, 'too many WebSockets open from this address; close one and retry');
        socket.once('close', release);
        attachMessageSocket(socket, request, host, deps.logger);
      },
    });
  });
}

/**
 * A session's live stream. Credentials come from headers (`X-Session-Token`, `X-API-Key`, agent id in
 * `X-Agent-Id` or the query), from the query string as the hosted service takes them, or from a first frame
 * `{"type":"auth","session_token","agent_id","cursor"?}` — so a token need not appear in a URL.
 */
function attachMessageSocket(socket: WebSocket, request: FastifyRequest<{ Params: { sessionId: string }; Querystring: Record<string, string | undefined> }>, host: ChatHost, logger: Logger) {
  let stop: (() => void) | null = null;
  let expiry: NodeJS.Timeout | null = null;
  const timer = setTimeout(() => socket.close(4401, 'authentication timed out'), WS_AUTH_TIMEOUT_MS);
  socket.on('close', () => {
    clearTimeout(timer);
    if (expiry) clearTimeout(expiry);
    stop?.();
  });
  socket.on('error', (error) => logger.debug('chat socket error', { error: error.message }));
  const send = (frame: unknown) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };

  const start = (credentials: { token: string | undefined; agentId: string | undefined; apiKey: string | undefined; cursor: string | undefined }) => {
    clearTimeout(timer);
    if (!credentials.token || !credentials.agentId) return void socket.close(4401, 'session_token and agent_id are required');
    try {
      const agent = credentials.apiKey ? host.authenticate(credentials.apiKey) : null;
      if (credentials.apiKey && !agent) return void socket.close(4401, 'invalid_api_key');
      const view = host.subscribe(agent, credentials.token, request.params.sessionId, credentials.agentId);
      stop = view.listen(
        (message: WireMessage) => send({ type: 'message', message }),
        (reason) => socket.close(4410, reason),
      );
      send({ type: 'ready', session_id: view.session.session_id, agent_id: view.agentId });
      const cursor = credentials.cursor && /^\d{1,18}$/.test(credentials.cursor) ? Number(credentials.cursor) : null;
      if (cursor !== null) for (const message of view.backlog(cursor)) send({ type: 'message', message });
      // The stream lives as long as the token that opened it; the client reconnects with its rotated one.
      expiry = setTimeout(() => socket.close(4401, 'session_token_expired'), Math.max(0, Math.min(view.tokenExpiresAt - Date.now(), 2 ** 31 - 1)));
    } catch (error) {
      if (error instanceof ChatError) return void socket.close(error.status === 404 ? 4404 : error.status === 403 ? 4403 : 4401, error.error);
      logger.error('chat socket failed', { error: error instanceof Error ? error.message : String(error) });
      socket.close(1011, 'internal_error');
    }
  };

  const fromHeaders = {
    token: header(request, 'x-session-token') ?? request.query.session_token,
    agentId: header(request, 'x-agent-id') ?? request.query.agent_id,
    apiKey: header(request, 'x-api-key'),
    cursor: request.query.cursor,
  };
  if (fromHeaders.token) return start(fromHeaders);
  socket.once('message', (data) => {
    const frame = parseFrame(data, authFrame);
    if (!frame) return void socket.close(4400, FIRST_FRAME);
    start({ token: frame.session_token, agentId: frame.agent_id ?? fromHeaders.agentId, apiKey: frame.api_key, cursor: frame.cursor ?? fromHeaders.cursor });
  });
}
