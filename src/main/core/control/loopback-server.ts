import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { isMethodName } from '../../../shared/contract';
import { MAX_ATTACHMENT_LIMIT_BYTES } from '../../../shared/domain/attachment';
import { RENDERER_CSP } from '../../../shared/csp';
import { ControlError, type ControlErrorCode } from '../../../shared/control-error';
import { constantTimeEqual } from '../crypto/tokens';
import type { Logger } from '../logger';
import { redact } from '../redact';
import { jsonErrorHandler, jsonNotFoundHandler, sendError } from '../server/error-reply';
import { listenOrExplain } from '../server/public-server';
import { parseFrame } from '../server/ws-frame';
import type { ControlApi } from './control-api';

export interface LoopbackServerOptions {
  api: ControlApi;
  token: string;
  port: number;
  logger: Logger;
  /** The built renderer; when given, it is served as the web console at `/`. */
  consoleDir?: string | undefined;
  /** Prometheus text for `GET /metrics` (admin token required, like every call). */
  metrics?: { text(): Promise<string>; contentType: string };
  /** A message's file, to download (admin token required). */
  attachment?: (id: number) => { name: string; bytes: Buffer } | null;
  /** Open event sockets at once (every caller here is this machine); unset: 16. */
  maxEventSockets?: number;
}

export interface LoopbackServer {
  readonly port: number;
  readonly url: string;
  /** From now on only `next` is accepted; sockets that authenticated with the old token are closed (4401). */
  setToken(next: string): void;
  close(): Promise<void>;
}

const statusFor: Record<ControlErrorCode, number> = {
  invalid_input: 400,
  unknown_method: 404,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal_error: 500,
};

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const EVENTS_PATH = '/api/events';
const CALL_BODY_LIMIT = Math.ceil((MAX_ATTACHMENT_LIMIT_BYTES * 4) / 3) + 1024 * 1024;
const WS_AUTH_TIMEOUT_MS = 10_000;
const FIRST_FRAME = 'the first frame must be {"type":"auth","token":"…"}';
const authFrame = z.object({ type: z.literal('auth'), token: z.string() });

/** `Host` must name this machine: a page on another origin that rebinds its DNS to 127.0.0.1 still sends its own name. */
export function isLoopbackHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  const match = /^(\[[0-9a-f:.]+\]|[^:]+)(?::(\d+))?$/i.exec(hostHeader.trim().toLowerCase());
  if (!match) return false;
  const [, host, hostPort] = match;
  return host !== undefined && LOOPBACK_HOSTS.has(host) && (hostPort === undefined || Number(hostPort) === port);
}

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer ([^\s]+)$/.exec(header);
  return match?.[1] ?? null;
}

/**
 * The control API over HTTP + WebSocket for the headless face (web console and CLI). Bound to 127.0.0.1 only;
 * every /api request needs the admin token; any request whose Host is not loopback is refused (DNS rebinding).
 */
export async function startLoopbackServer(options: LoopbackServerOptions): Promise<LoopbackServer> {
  const { api, logger } = options;
  let token = options.token;
  const currentToken = () => token;
  const sockets = new Set<WebSocket>();
  let boundPort = options.port;
  const app: FastifyInstance = Fastify({
    logger: false,
    bodyLimit: 1024 * 1024,
    requestTimeout: 30_000,
    forceCloseConnections: true,
    // A request that never finishes its headers is dropped in seconds, as on the public listener.
    http: { headersTimeout: 10_000, connectionsCheckingInterval: 1_000 },
  });
  app.setErrorHandler(jsonErrorHandler(logger));
  app.setNotFoundHandler(jsonNotFoundHandler);
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });

  app.addHook('onRequest', async (request, reply) => {
    if (!isLoopbackHost(request.headers.host, boundPort)) {
      return sendError(reply, 403, { error: 'forbidden_host', message: 'The control API answers only requests addressed to 127.0.0.1 or localhost.' });
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !isLoopbackOrigin(origin, boundPort)) {
      return sendError(reply, 403, { error: 'forbidden_origin', message: 'The control API answers only its own console.' });
    }
    // Only the events path speaks WebSocket: an upgrade anywhere else is refused, not accepted and dropped.
    if (request.headers.upgrade !== undefined && request.url.split('?')[0] !== EVENTS_PATH) {
      return sendError(reply, 404, { error: 'not_found', message: `No WebSocket at ${request.url.split('?')[0]!.slice(0, 80)}; the console's events are at ${EVENTS_PATH}.` });
    }
    return undefined;
  });

  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      if (request.url === EVENTS_PATH) return undefined; // the socket authenticates (header or first frame)
      const presented = bearer(request);
      if (presented === null || !constantTimeEqual(presented, token)) {
        return sendError(reply, 401, { error: 'unauthorized', message: 'A valid admin token is required (Authorization: Bearer <token>).' });
      }
      return undefined;
    });

    // A call may carry files to send (base64 in the JSON), up to the largest limit Settings allows.
    scope.post<{ Params: { method: string } }>('/api/call/:method', { bodyLimit: CALL_BODY_LIMIT }, async (request, reply) => {
      const { method } = request.params;
      if (!isMethodName(method)) return sendError(reply, 404, { error: 'unknown_method', message: `There is no control method named "${method.slice(0, 80)}".` });
      try {
        const result = await api.call(method, request.body ?? {});
        return reply.send({ ok: true, result: result ?? null });
      } catch (error) {
        const failure = error instanceof ControlError ? error : new ControlError('internal_error', 'The call failed.');
        return sendError(reply, statusFor[failure.code], { error: failure.code, message: failure.message, ...(failure.fields.length > 0 ? { fields: failure.fields } : {}) });
      }
    });

    if (options.attachment) {
      const attachment = options.attachment;
      scope.get<{ Params: { id: string } }>('/api/attachments/:id/content', async (request, reply) => {
        const id = /^[1-9]\d{0,15}$/.test(request.params.id) ? Number(request.params.id) : null;
        const file = id === null ? null : attachment(id);
        if (!file) return sendError(reply, 404, { error: 'not_found', message: `There is no stored attachment ${request.params.id.slice(0, 40)}.` });
        // Always a download, never rendered: the sender chose the bytes and the type (A2A files are data).
        return reply
          .header('Content-Type', 'application/octet-stream')
          .header('Content-Disposition', contentDisposition(file.name))
          .header('X-Content-Type-Options', 'nosniff')
          .header('Content-Security-Policy', "default-src 'none'; sandbox")
          .header('Cache-Control', 'no-store')
          .send(file.bytes);
      });
    }

    if (options.metrics) {
      const metrics = options.metrics;
      scope.get('/metrics', async (_request, reply) => reply.type(metrics.contentType).send(await metrics.text()));
    }

    scope.route({
      method: 'GET',
      url: EVENTS_PATH,
      // Plain HTTP here is a client that forgot to upgrade: say so (it was a 404 with an empty body).
      handler: (_request, reply) => sendError(reply, 426, { error: 'upgrade_required', message: `${EVENTS_PATH} is a WebSocket: connect with Upgrade: websocket.` }),
      wsHandler: (socket, request) => {
        // 1013 "try again later": the console reconnects by itself once another tab lets go of its socket.
        if (sockets.size >= (options.maxEventSockets ?? 16)) return void socket.close(1013, 'too many event sockets open; close another console tab');
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        attachEventSocket(socket, request, api, currentToken(), logger);
      },
    });
  });

  if (options.consoleDir) {
    await app.register(fastifyStatic, {
      root: options.consoleDir,
      index: ['index.html'],
      wildcard: true,
      setHeaders(reply) {
        reply.header('Content-Security-Policy', RENDERER_CSP);
        reply.header('X-Frame-Options', 'DENY');
        reply.header('X-Content-Type-Options', 'nosniff');
        reply.header('Referrer-Policy', 'no-referrer');
        reply.header('Cache-Control', 'no-store');
      },
    });
  }

  boundPort = await listenOrExplain(app, '127.0.0.1', options.port);
  return {
    port: boundPort,
    url: `http://127.0.0.1:${boundPort}`,
    setToken(next) {
      token = next;
      for (const socket of [...sockets]) socket.close(4401, 'the admin token was rotated');
    },
    async close() {
      await app.close();
    },
  };
}

/** RFC 6266: an ASCII fallback name and the UTF-8 one (RFC 8187), so any name survives and none breaks the header. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

function isLoopbackOrigin(origin: string, port: number): boolean {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && isLoopbackHost(url.host, port);
  } catch {
    return false;
  }
}

function attachEventSocket(socket: WebSocket, request: FastifyRequest, api: ControlApi, token: string, logger: Logger): void {
  let unsubscribe: (() => void) | null = null;
  const start = () => {
    clearTimeout(timer);
    socket.send(JSON.stringify({ type: 'ready' }));
    unsubscribe = api.events.onAny((event, payload) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ type: 'event', event, payload: redact(payload) }));
    });
  };
  const timer = setTimeout(() => socket.close(4401, 'authentication timed out'), WS_AUTH_TIMEOUT_MS);
  socket.on('close', () => {
    clearTimeout(timer);
    unsubscribe?.();
  });
  socket.on('error', (error) => logger.debug('control socket error', { error: error.message }));

  const presented = bearer(request);
  if (presented !== null) {
    if (!constantTimeEqual(presented, token)) return void socket.close(4401, 'unauthorized');
    return start();
  }
  // Browsers cannot set headers on a WebSocket, and a token in the URL would land in logs: the console sends
  // it as the first frame instead.
  socket.once('message', (data) => {
    const frame = parseFrame(data, authFrame);
    if (!frame) return void socket.close(4400, FIRST_FRAME);
    if (!constantTimeEqual(frame.token, token)) return void socket.close(4401, 'unauthorized');
    start();
  });
}
