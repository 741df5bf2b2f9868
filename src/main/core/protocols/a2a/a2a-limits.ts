import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '@a2a-js/sdk/server';
import { LEGACY_METHOD_MESSAGE_STREAM, LEGACY_METHOD_TASKS_RESUBSCRIBE } from '@a2a-js/sdk/compat/v0_3';
import type { PublicLimits } from '../../server/public-limits';
import { refuse, shapeRefusals, type RefusalShape } from '../../server/refusal';

/**
 * JSON-RPC's own "server error" code: -32001…-32099 are A2A's (§5.4), and no A2A error means "slow down". The
 * HTTP status (429 or 408) and Retry-After say what happened; `data` carries the wait, as the storage gate's does.
 */
export const RATE_LIMITED_RPC_CODE = -32000;

const STREAMING_METHODS = new Set(['SendStreamingMessage', 'SubscribeToTask', LEGACY_METHOD_MESSAGE_STREAM, LEGACY_METHOD_TASKS_RESUBSCRIBE]);

const rpcRefusal: RefusalShape = (reply, refusal) =>
  reply.type('application/json; charset=utf-8').send({
    jsonrpc: '2.0',
    id: null,
    error: { code: RATE_LIMITED_RPC_CODE, message: refusal.message, data: { reason: refusal.error, ...(refusal.retryAfterSeconds !== undefined ? { retryAfterSeconds: refusal.retryAfterSeconds } : {}) } },
  });

const callerOf = (request: FastifyRequest, user: User | undefined) => (user?.isAuthenticated ? `a2a:${user.userName}` : `a2a-address:${request.ip}`);

/**
 * The /a2a scope's limits: refusals in the JSON-RPC shape, and a caller with a key counted against that key.
 * Install after the scope's authentication hook, which sets the user.
 */
export function limitA2aScope(scope: FastifyInstance, limits: PublicLimits, userOf: (request: FastifyRequest) => User | undefined): void {
  shapeRefusals(scope, rpcRefusal);
  scope.addHook('onRequest', async (request, reply) => {
    const user = userOf(request);
    if (user?.isAuthenticated && (await limits.overCredential(request, reply, callerOf(request, user)))) return reply;
    return undefined;
  });
}

/**
 * A streaming call takes one of its caller's stream slots until the response closes; true when the caller holds
 * all of them already (then answered 429, before the SDK starts anything).
 */
export function refuseExtraStream(request: FastifyRequest, reply: FastifyReply, method: unknown, limits: PublicLimits, user: User | undefined): boolean {
  if (typeof method !== 'string' || !STREAMING_METHODS.has(method)) return false;
  const release = limits.streams.take(callerOf(request, user));
  if (release) {
    reply.raw.once('close', release);
    return false;
  }
  refuse(request, reply, { status: 429, error: 'too_many_streams', message: 'This caller has as many streams open as this node allows; close one, or retry in 5 s.', retryAfterSeconds: 5 });
  return true;
}
