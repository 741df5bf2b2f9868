import { createHash } from 'node:crypto';
import { jsonDepth } from '../../../../shared/json-depth';
import { inboundTraceparent } from '../../net/trace-context';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { A2A_VERSION_HEADER, type AgentCard, Extensions, formatSSEErrorEvent, formatSSEEvent, HTTP_EXTENSION_HEADER, SSE_HEADERS } from '@a2a-js/sdk';
import { ContentTypeNotSupportedError } from '@a2a-js/sdk/errors';
import { defaultServerCallContextBuilder, JsonRpcTransportHandler, validateVersion, type A2ARequestHandler, type User } from '@a2a-js/sdk/server';
import { LEGACY_HTTP_EXTENSION_HEADER, LEGACY_METHOD_TASKS_RESUBSCRIBE } from '@a2a-js/sdk/compat/v0_3';
import { LegacyJsonRpcTransportHandler } from '@a2a-js/sdk/compat/v0_3/server';
import type { Logger } from '../../logger';
import { createAuthFailureAudit } from '../../server/auth-failure-audit';
import type { AuditLog } from '../../store/audit-log';
import { MAX_ATTACHMENT_LIMIT_BYTES, type AttachmentLimits } from '../../../../shared/domain/attachment';
import type { PublicLimits } from '../../server/public-limits';
import { A2A_PATH } from './agent-card';
import { limitA2aScope, refuseExtraStream } from './a2a-limits';
import { fileCharacters, oversizeProblem } from './a2a-files';
import { JWKS_PATH } from './card-signature';
import { EXTENDED_CARD_METHODS, requestProblem, rpcError } from './request-validation';

export const AGENT_CARD_ROUTE = '/.well-known/agent-card.json';
const CARD_MAX_AGE_SECONDS = 3600;

type JsonRpcError = { code: number; message: string; data?: unknown };

/** Absent means 0.3 (A2A §3.6); the SDK's compatibility layer answers those with the 0.3 names and shapes. */
function isLegacyRequest(version: string | undefined): boolean {
  return version === undefined || version === '' || version === '0.3';
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * A2A on the public listener: the card, and JSON-RPC at /a2a through the SDK's transport handlers (1.0, and 0.3 via
 * its compatibility layer). This mounts what the SDK's Express `jsonRpcHandler` does on Fastify: content-type
 * guard, JSON parse errors as -32700, version negotiation, and a peek at the first stream event so an error before
 * streaming is a plain JSON-RPC error, not a 200 SSE stream carrying an error frame.
 */
export function registerA2aRoutes(
  app: FastifyInstance,
  deps: {
    handler: A2ARequestHandler;
    card: () => AgentCard;
    /** The card as served: 1.0, or 0.3 for clients that send no A2A-Version (each with its own signature). */
    servedCard: (legacy: boolean) => Record<string, unknown>;
    /** The public keys the card's signatures verify with. */
    jwks: () => { keys: unknown[] } | null;
    /** The caller for these headers, null when the key is missing or wrong. */
    authenticate: (request: FastifyRequest) => User | null;
    /** How large a message's files may be (checked before the SDK decodes them). */
    attachmentLimits: () => AttachmentLimits;
    /** The node's body limit, for everything in a request but its files. */
    bodyLimitBytes: number;
    audit: AuditLog;
    logger: Logger;
    now: () => number;
    /** Per-credential rate and streams per caller (per-address rates apply on the listener). */
    limits: PublicLimits;
  },
): void {
  const transport = new JsonRpcTransportHandler(deps.handler);
  const legacyTransport = new LegacyJsonRpcTransportHandler(deps.handler);
  const users = new WeakMap<FastifyRequest, User>();
  const auditFailure = createAuthFailureAudit({ audit: deps.audit, now: deps.now, protocol: 'a2a' });

  app.get(AGENT_CARD_ROUTE, async (request, reply) => {
    const legacy = isLegacyRequest(headerValue(request, A2A_VERSION_HEADER));
    const body = JSON.stringify(deps.servedCard(legacy));
    const etag = `W/"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    reply.header('ETag', etag).header('Vary', A2A_VERSION_HEADER).header('Cache-Control', `public, max-age=${CARD_MAX_AGE_SECONDS}`);
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type('application/json').send(body);
  });

  app.get(JWKS_PATH, async (_request, reply) => {
    const keys = deps.jwks();
    if (!keys) return reply.code(503).type('application/json').send({ error: 'unavailable', message: 'The signing key is not ready yet.' });
    return reply.header('Cache-Control', `public, max-age=${CARD_MAX_AGE_SECONDS}`).type('application/jwk-set+json').send(keys);
  });

  void app.register(async (scope) => {
    // The body is parsed here rather than by Fastify so a parse failure gets the JSON-RPC shape.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    // What Fastify refuses before the route runs (a Content-Type it cannot parse, a body over the limit, a client
    // that went away) is answered in JSON-RPC too, with the HTTP status it decided; a 5xx keeps its text to the log.
    scope.setErrorHandler((error: { statusCode?: number; message?: string; code?: string }, _request, reply) => {
      const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
      if (status >= 500) deps.logger.error('A2A request failed before it was read', { error: String(error.message).slice(0, 300) });
      const rpc =
        status === 415
          ? { code: -32005, message: 'Unsupported Content-Type; expected application/json.' }
          : status === 413
            ? { code: -32600, message: 'The request is larger than this node accepts.' }
            : status >= 500
              ? { code: -32603, message: 'Internal error.' }
              : { code: -32600, message: 'The request could not be read.' };
      if (status === 413) reply.header('connection', 'close');
      return reply.code(status).type('application/json; charset=utf-8').send({ jsonrpc: '2.0', id: null, error: rpc });
    });

    scope.addHook('onRequest', async (request, reply) => {
      const user = deps.authenticate(request);
      if (!user) {
        auditFailure(request.ip);
        return refuseUnauthenticated(reply);
      }
      users.set(request, user);
      return undefined;
    });
    limitA2aScope(scope, deps.limits, (request) => users.get(request));

    const handle = (request: FastifyRequest, reply: FastifyReply) => {
      const traceparent = request.headers.traceparent;
      return inboundTraceparent.run(typeof traceparent === 'string' ? traceparent : undefined, () => handleRpc(request, reply));
    };
    const handleRpc = async (request: FastifyRequest, reply: FastifyReply) => {
      const requestedVersion = headerValue(request, A2A_VERSION_HEADER) || undefined;
      const legacy = isLegacyRequest(requestedVersion);
      const mapError = (error: unknown): JsonRpcError => {
        const mapped = legacy ? (LegacyJsonRpcTransportHandler.mapToLegacyJSONRPCError(error) as JsonRpcError) : JsonRpcTransportHandler.mapToJSONRPCError(error);
        // Internal errors keep their code but not their text: exception messages are not for callers (O11).
        return mapped.code === -32603 ? { code: -32603, message: 'Internal error.' } : mapped;
      };
      const contentType = headerValue(request, 'content-type');
      if (contentType && contentType.split(';', 1)[0]!.trim().toLowerCase() !== 'application/json') {
        return reply.send({ jsonrpc: '2.0', id: null, error: mapError(new ContentTypeNotSupportedError(`Unsupported Content-Type "${contentType.slice(0, 80)}"; expected application/json.`)) });
      }
      let body: Record<string, unknown>;
      try {
        const parsed: unknown = JSON.parse(typeof request.body === 'string' ? request.body : '');
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SyntaxError('not an object');
        body = parsed as Record<string, unknown>;
      } catch {
        return reply.send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Invalid JSON payload.' } });
      }
      // The JSON-RPC 2.0 envelope, checked before any library sees it (§4, §5.1): -32600 names what is wrong.
      const invalid = envelopeProblem(body);
      if (invalid) return reply.send({ jsonrpc: '2.0', id: null, error: rpcError({ code: -32600, message: invalid }, legacy) });
      // The route reads bodies large enough for files; everything else in a request keeps the node's body limit.
      const outsideFiles = (typeof request.body === 'string' ? request.body.length : 0) - fileCharacters(body);
      if (outsideFiles > deps.bodyLimitBytes) {
        reply.header('connection', 'close');
        return reply.code(413).send({ jsonrpc: '2.0', id: null, error: { code: -32600, message: `The request is larger than this node accepts (${deps.bodyLimitBytes} bytes, not counting file parts).` } });
      }
      const oversize = oversizeProblem(body, deps.attachmentLimits());
      if (oversize) return reply.send({ jsonrpc: '2.0', id: typeof body.id === 'string' || typeof body.id === 'number' ? body.id : null, error: { code: -32602, message: oversize } });
      const id = typeof body.id === 'string' || typeof body.id === 'number' ? body.id : null;
      // Params, required fields and bounds, before the SDK reads them (request-validation.ts says what it misses).
      const problem = requestProblem(body, legacy);
      if (problem) return reply.send({ jsonrpc: '2.0', id: problem.code === -32600 ? null : id, error: rpcError(problem, legacy) });
      // A2A 1.0 §13.3: the extended card MUST require authentication, even where other calls need no key.
      if ((body.method === EXTENDED_CARD_METHODS.v1 || body.method === EXTENDED_CARD_METHODS.v03) && !users.get(request)?.isAuthenticated) {
        auditFailure(request.ip);
        return refuseUnauthenticated(reply);
      }
      if (refuseExtraStream(request, reply, body.method, deps.limits, users.get(request))) return reply;
      try {
        const extensionsHeader = legacy ? (headerValue(request, LEGACY_HTTP_EXTENSION_HEADER) ?? headerValue(request, HTTP_EXTENSION_HEADER)) : headerValue(request, HTTP_EXTENSION_HEADER);
        const context = defaultServerCallContextBuilder({
          extensions: Extensions.parseServiceParameter(extensionsHeader),
          user: users.get(request)!,
          headers: request.headers,
          requestedVersion,
        });
        validateVersion(context.requestedVersion, deps.card(), 'JSONRPC');
        const result = await (legacy ? legacyTransport : transport).handle(body, context);
        if (context.activatedExtensions) reply.header(legacy ? LEGACY_HTTP_EXTENSION_HEADER : HTTP_EXTENSION_HEADER, Array.from(context.activatedExtensions).join(','));
        if (!result || typeof (result as AsyncGenerator)[Symbol.asyncIterator] !== 'function') return reply.send(withoutInternalDetail(result, body.method));

        const iterator = (result as AsyncGenerator<unknown>)[Symbol.asyncIterator]();
        let first: IteratorResult<unknown> | null = null;
        if (!(legacy && body.method === LEGACY_METHOD_TASKS_RESUBSCRIBE)) {
          try {
            first = await iterator.next();
          } catch (error) {
            return reply.send({ jsonrpc: '2.0', id, error: mapError(error) });
          }
        }
        reply.hijack();
        const raw = reply.raw;
        raw.writeHead(200, SSE_HEADERS);
        // A client that goes away ends the iteration (and with it the subscription inside the SDK).
        request.raw.once('close', () => void iterator.return?.(undefined));
        try {
          if (first && !first.done) raw.write(formatSSEEvent(first.value));
          for (;;) {
            const next = await iterator.next();
            if (next.done) break;
            if (raw.writableEnded || raw.destroyed) break;
            raw.write(formatSSEEvent(next.value));
          }
        } catch (error) {
          if (!raw.writableEnded) raw.write(formatSSEErrorEvent({ jsonrpc: '2.0', id, error: mapError(error) }));
        } finally {
          if (!raw.writableEnded) raw.end();
        }
        return reply;
      } catch (error) {
        const mapped = mapError(error);
        if (mapped.code === -32603) deps.logger.error('A2A request failed', { method: String(body.method).slice(0, 60), error: error instanceof Error ? error.message : String(error) });
        return reply.code(mapped.code === -32603 ? 500 : 200).send({ jsonrpc: '2.0', id, error: mapped });
      }
    };

    // Files travel inside the JSON (base64): the body may be as large as the largest file limit Settings allows.
    const bodyLimit = Math.ceil((MAX_ATTACHMENT_LIMIT_BYTES * 4) / 3) + 1024 * 1024;
    scope.post(A2A_PATH, { bodyLimit }, handle);
    scope.post(`${A2A_PATH}/`, { bodyLimit }, handle);
  });

  /** An internal error the SDK answered by itself keeps its code, not its exception text (that goes to the log). */
  function withoutInternalDetail(result: unknown, method: unknown): unknown {
    const error = (result as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    if (!error || error.code !== -32603) return result;
    deps.logger.error('A2A request failed', { method: String(method).slice(0, 60), error: String(error.message).slice(0, 300) });
    return { ...(result as object), error: { code: -32603, message: 'Internal error.' } };
  }
}

/**
 * 401 with a challenge; the body is JSON-RPC so SDK clients can read it (not -32001, which means "task not found" —
 * seed-systems O8).
 */
function refuseUnauthenticated(reply: FastifyReply): FastifyReply {
  return reply
    .code(401)
    .header('WWW-Authenticate', 'Bearer realm="a2a"')
    .type('application/json; charset=utf-8')
    .send({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Authentication required: send Authorization: Bearer <key> or X-A2A-Key: <key>.' } });
}

/** Deeper than this, a request is refused before it is read (no legitimate A2A request nests so far). */
const MAX_REQUEST_DEPTH = 64;

/** What is wrong with a JSON-RPC 2.0 request's envelope, as a sentence; null when it is well formed. */
export function envelopeProblem(body: Record<string, unknown>): string | null {
  if (jsonDepth(body, MAX_REQUEST_DEPTH) > MAX_REQUEST_DEPTH) return `The request nests deeper than ${MAX_REQUEST_DEPTH} levels.`;
  if (body.jsonrpc !== '2.0') return 'jsonrpc must be exactly "2.0".';
  if (typeof body.method !== 'string' || body.method === '') return 'method must be a non-empty string.';
  if ('id' in body && body.id !== null && typeof body.id !== 'string' && typeof body.id !== 'number') return 'id must be a string, a number or null.';
  return null;
}
