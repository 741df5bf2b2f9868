import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from '../logger';
import { jsonErrorHandler, jsonNotFoundHandler, sendError } from './error-reply';

export interface PublicServerOptions {
  bodyLimitBytes: number;
  logger: Logger;
  /** Unset: 10 s for the headers, 1024 connections in all (NodeConfig.connectionLimits). */
  headersTimeoutMs?: number;
  maxConnections?: number;
}

/** How often Node looks for requests past their timeouts (its default, 30 s, would let a slowloris stay that long). */
const TIMEOUT_CHECK_MS = 1_000;

export class PortInUseError extends Error {
  constructor(host: string, port: number) {
    super(`Port ${port} on ${host} is already in use by another program. Stop it, or choose another port with --port.`);
    this.name = 'PortInUseError';
  }
}

/**
 * The one public HTTP listener every protocol mounts its routes on. Limits are set here, once: body size,
 * header and request timeouts (a slow client cannot hold the node, unlike the reference's single-threaded
 * HTTP/1.0 server), and a JSON error for everything.
 */
export function createPublicServer(options: PublicServerOptions): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimitBytes,
    requestTimeout: 30_000,
    connectionTimeout: 0,
    keepAliveTimeout: 5_000,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 256 },
    // Peers behind proxies are identified by credentials, never by forwarded headers.
    trustProxy: false,
    http: { headersTimeout: options.headersTimeoutMs ?? 10_000, connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_MS, options.headersTimeoutMs ?? TIMEOUT_CHECK_MS) },
  });
  // Past this, Node drops new connections unanswered; per address, fewer are allowed (slow-clients.ts).
  app.server.maxConnections = options.maxConnections ?? 1024;

  // Python clients post JSON with whatever Content-Type urllib picks (form-encoded by default); what matters is
  // that the body parses as JSON. The default parser guards against __proto__ / constructor poisoning.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: options.bodyLimitBytes }, parseJson);

  // Reject an announced oversize body before routing, so even a POST to an unknown path gets 413 without the
  // node reading the body.
  app.addHook('onRequest', async (request, reply) => {
    const announced = Number(request.headers['content-length']);
    // A route may take more (A2A carries files in its JSON); everything else has the node's limit.
    const limit = request.routeOptions.bodyLimit ?? options.bodyLimitBytes;
    if (Number.isFinite(announced) && announced > limit) {
      reply.header('connection', 'close');
      return sendError(reply, 413, { error: 'payload_too_large', message: `The body is larger than this node accepts (${limit} bytes).` });
    }
    return undefined;
  });

  app.setErrorHandler(jsonErrorHandler(options.logger));
  app.setNotFoundHandler(jsonNotFoundHandler);
  return app;
}

export async function listenOrExplain(app: FastifyInstance, host: string, port: number): Promise<number> {
  try {
    await app.listen({ host, port });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'EADDRINUSE') throw new PortInUseError(host, port);
    if (code === 'EACCES') throw new Error(`Not allowed to listen on ${host}:${port} (ports below 1024 need privileges). Choose another with --port.`);
    if (code === 'EADDRNOTAVAIL') throw new Error(`The address ${host} is not available on this machine. Choose another with --host.`);
    throw error;
  }
  const address = app.server.address();
  return typeof address === 'object' && address ? address.port : port;
}
