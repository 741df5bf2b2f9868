import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditLog } from '../../store/audit-log';
import type { SecurePrincipal } from './inbound-auth';
import type { SecureReceiver } from './secure-receiver';

const AUTH_AUDIT_INTERVAL_MS = 10_000;

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
  const lastAudited = new Map<string, number>();

  const auditFailure = (request: FastifyRequest) => {
    // An attacker hammering with bad secrets must not flood the audit log: one entry per address per interval.
    const now = deps.now();
    if ((lastAudited.get(request.ip) ?? 0) > now - AUTH_AUDIT_INTERVAL_MS) return;
    if (lastAudited.size > 1000) lastAudited.clear();
    lastAudited.set(request.ip, now);
    deps.audit.audit('auth.failed', { protocol: 'secure', address: request.ip, path: request.routeOptions.url ?? '' });
  };

  const send = (reply: FastifyReply, result: { status: number; body: Record<string, unknown> }) =>
    reply.code(result.status).type('application/json; charset=utf-8').send(result.body);

  app.get('/', async () => deps.card());

  void app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      const principal = deps.authenticate(request.headers.authorization);
      if (!principal) {
        auditFailure(request);
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
