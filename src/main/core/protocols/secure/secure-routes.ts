import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createAuthFailureAudit } from '../../server/auth-failure-audit';
import type { AuditLog } from '../../store/audit-log';
import type { SecurePrincipal } from './inbound-auth';
import type { SecureReceiver } from './secure-receiver';

/**
 * The a2a-secure wire (seed 000) on the public listener: `GET /` card, `POST /` receive, `POST /messages` store,
 * `GET /messages/:id` fetch once, `GET /stats`. Everything but the card needs a peer's Bearer secret, checked
 * before the body is read.
 */
export function registerSecureRoutes(
  app: FastifyInstance,
  deps: {
    receiver: SecureReceiver;
    authenticate: (header: unknown) => SecurePrincipal | null;
    card: () => Record<string, unknown>;
    audit: AuditLog;
    now: () => number;
  },
): void {
  const principals = new WeakMap<FastifyRequest, SecurePrincipal>();
  const auditFailure = createAuthFailureAudit({ audit: deps.audit, now: deps.now, protocol: 'secure' });

  const send = (reply: FastifyReply, result: { status: number; body: Record<string, unknown> }) =>
    reply.code(result.status).type('application/json; charset=utf-8').send(result.body);

  app.get('/', async () => deps.card());

  void app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      const principal = deps.authenticate(request.headers.authorization);
      if (!principal) {
        auditFailure(request.ip, { path: request.routeOptions.url ?? '' });
        return reply.code(401).type('application/json; charset=utf-8').send({ error: 'Unauthorized' });
      }
      principals.set(request, principal);
      return undefined;
    });

    scope.post('/', async (request, reply) => send(reply, await deps.receiver.receive(principals.get(request)!, request.body)));
    scope.post('/messages', async (request, reply) => send(reply, deps.receiver.storeBlob(principals.get(request)!, request.body)));
    scope.get<{ Params: { id: string } }>('/messages/:id', async (request, reply) => send(reply, deps.receiver.takeBlob(principals.get(request)!, request.params.id)));
    scope.get('/stats', async () => deps.receiver.stats());
  });
}
