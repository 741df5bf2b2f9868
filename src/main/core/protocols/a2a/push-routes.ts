import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sendError } from '../../server/error-reply';
import { bearerSecret, headerCredential } from '../../server/credentials';
import { PUSH_PATH, type PushSubscriptions } from './push-subscriptions';

/** The token a notification carries: A2A's `X-A2A-Notification-Token`, or the same as `Authorization: Bearer`. */
function presentedToken(request: FastifyRequest): string | null {
  const header = request.headers['x-a2a-notification-token'];
  if (header !== undefined) return headerCredential(header);
  return bearerSecret(request.headers.authorization);
}

/**
 * Where peers push updates of tasks this node started (POST /a2a/push/:id on the public listener). The id and the
 * token are checked before the body is read: an unknown id is 404, a missing or wrong token 401 (compared in
 * constant time against the digest kept). A body that is not an A2A notification is 400 and changes nothing.
 */
export function registerPushReceiver(app: FastifyInstance, deps: { subscriptions: PushSubscriptions }): void {
  void app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      const { id } = request.params as { id?: string };
      const verdict = deps.subscriptions.authenticate(id ?? '', presentedToken(request));
      if (verdict === 'unknown') return sendError(reply, 404, { error: 'not_found', message: 'No push subscription has this id (it ended, or never was).' });
      if (verdict === 'refused') {
        reply.header('WWW-Authenticate', 'Bearer realm="a2a-push"');
        return sendError(reply, 401, { error: 'unauthorized', message: 'Send the token this subscription was registered with, as X-A2A-Notification-Token.' });
      }
      return undefined;
    });
    scope.post(`${PUSH_PATH}/:id`, async (request, reply) => {
      const { id } = request.params as { id: string };
      const problem = deps.subscriptions.accept(id, request.body);
      if (problem) return sendError(reply, 400, { error: 'bad_request', message: problem });
      return reply.code(204).send();
    });
  });
}
