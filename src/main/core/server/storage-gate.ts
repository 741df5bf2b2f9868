import type { FastifyInstance } from 'fastify';
import type { StorageHealth } from '../store/storage-health';
import { sendError } from './error-reply';

/** What a node with a full disk asks senders to wait before trying again. */
export const STORAGE_FULL_RETRY_AFTER_SECONDS = 30;
const MESSAGE = `This node cannot store anything right now (its disk is full); nothing was kept. Try again in ${STORAGE_FULL_RETRY_AFTER_SECONDS} s.`;

/**
 * A full disk on the public listener: while the database cannot take writes, requests that would write are
 * refused up front with 503 and Retry-After (as a paused node does), so senders keep their messages. The request
 * that finds out first failed inside a receiver, which answered its own internal error (500, or JSON-RPC -32603):
 * that answer becomes the same 503 here, keeping the JSON-RPC envelope where there was one, so nothing is
 * acknowledged that was not stored and no caller sees a 500 for a full disk.
 */
export function installStorageGate(app: FastifyInstance, health: StorageHealth): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!health.full() || ['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return undefined;
    reply.header('retry-after', String(STORAGE_FULL_RETRY_AFTER_SECONDS));
    return sendError(reply, 503, { error: 'storage_full', message: MESSAGE, retry_after_seconds: STORAGE_FULL_RETRY_AFTER_SECONDS });
  });

  app.addHook('onError', async (_request, _reply, error) => {
    health.noteError(error);
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    const status = reply.statusCode;
    const rpc = rpcInternalError(payload);
    if (status < 500 && !rpc) return payload;
    if (status === 503 && reply.getHeader('retry-after') !== undefined) return payload;
    // Any internal error is a moment to ask the disk; a healthy one answers the probe at once.
    if (!health.full() && !health.check()) return payload;
    reply.code(503).header('retry-after', String(STORAGE_FULL_RETRY_AFTER_SECONDS)).type('application/json; charset=utf-8');
    if (rpc) return JSON.stringify({ jsonrpc: '2.0', id: rpc.id, error: { code: -32603, message: MESSAGE, data: { retryAfterSeconds: STORAGE_FULL_RETRY_AFTER_SECONDS } } });
    return JSON.stringify({ error: 'storage_full', message: MESSAGE, retry_after_seconds: STORAGE_FULL_RETRY_AFTER_SECONDS });
  });
}

/** A JSON-RPC internal error answer (the A2A SDK answers one with 200 for a failure inside it). */
function rpcInternalError(payload: unknown): { id: unknown } | null {
  const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
  if (text === null || text.length > 4096 || !text.includes('-32603')) return null;
  try {
    const body = JSON.parse(text) as { jsonrpc?: unknown; id?: unknown; error?: { code?: unknown } };
    return body.jsonrpc === '2.0' && body.error?.code === -32603 ? { id: body.id ?? null } : null;
  } catch {
    return null;
  }
}
