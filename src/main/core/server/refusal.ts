import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './error-reply';

/**
 * A refusal the listener itself decides (a limit, a slow client), before or beside any protocol's own logic. Each
 * protocol words it in its own shape; the status, the code and Retry-After are the same everywhere.
 */
export interface Refusal {
  status: 408 | 429;
  error: 'rate_limited' | 'request_timeout' | 'too_many_connections' | 'too_many_streams';
  message: string;
  /** Sent as Retry-After, and in the body where the protocol's shape has room. */
  retryAfterSeconds?: number;
}

/** Writes a refusal in one protocol's body shape (status and headers are already set). */
export type RefusalShape = (reply: FastifyReply, refusal: Refusal) => FastifyReply;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** How refusals on this route are worded; unset: the node's `{ error, message }`. */
    refusalShape?: RefusalShape;
  }
}

const nodeShape: RefusalShape = (reply, refusal) =>
  sendError(reply, refusal.status, { error: refusal.error, message: refusal.message, ...(refusal.retryAfterSeconds !== undefined ? { retry_after_seconds: refusal.retryAfterSeconds } : {}) });

/**
 * Every route declared in `scope` from now on words refusals with `shape`. It rides on the route's config, so a
 * hook on the root listener (which runs before any scope's) still answers in the scope's shape.
 */
export function shapeRefusals(scope: FastifyInstance, shape: RefusalShape): void {
  scope.addHook('onRoute', (route) => {
    route.config = { ...route.config, refusalShape: shape };
  });
}

export function refuse(request: FastifyRequest, reply: FastifyReply, refusal: Refusal): FastifyReply {
  reply.code(refusal.status);
  if (refusal.retryAfterSeconds !== undefined) reply.header('retry-after', String(refusal.retryAfterSeconds));
  // A slow or over-the-cap connection is not kept for another request.
  if (refusal.status === 408 || refusal.error === 'too_many_connections') reply.header('connection', 'close');
  const shape = (request.routeOptions.config as { refusalShape?: RefusalShape } | undefined)?.refusalShape ?? nodeShape;
  return shape(reply, refusal);
}
