import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createAuthFailureAudit } from '../../server/auth-failure-audit';
import type { PublicLimits } from '../../server/public-limits';
import { shapeRefusals } from '../../server/refusal';
import type { AuditLog } from '../../store/audit-log';
import type { SecurePrincipal } from './inbound-auth';
import { SecureError, secureErrorBody, secureRefusalBody, sendSecure } from './secure-errors';
import type { SecureReceiver } from './secure-receiver';

/**
 * The a2a-secure wire (seed 000) on the public listener: `GET /` card, `POST /` receive, `POST /messages` store,
 * `GET /messages/:id` fetch once, `GET /stats`. Everything but the card needs a peer's Bearer secret, checked
 * before the body is read. Refusals are SecureErrors inside, mapped to the wire shape here only.
 */
export function registerSecureRoutes(
  app: FastifyInstance,
  deps: {
    receiver: SecureReceiver;
    authenticate: (header: unknown) => SecurePrincipal | null;
    card: () => Record<string, unknown>;
    audit: AuditLog;
    now: () => number;
    limits: PublicLimits;
  },
): void {
  const principals = new WeakMap<FastifyRequest, SecurePrincipal>();
  const auditFailure = createAuthFailureAudit({ audit: deps.audit, now: deps.now, protocol: 'secure' });

  app.get('/', async () => deps.card());

  void app.register(async (scope) => {
    shapeRefusals(scope, (reply, refusal) => sendSecure(reply, secureRefusalBody(refusal)));
    scope.addHook('onRequest', async (request, reply) => {
      const principal = deps.authenticate(request.headers.authorization);
      if (!principal) {
        auditFailure(request.ip, { path: request.routeOptions.url ?? '' });
        return sendSecure(reply, secureErrorBody(new SecureError('unauthorized')));
      }
      principals.set(request, principal);
      if (await deps.limits.overCredential(request, reply, `secure:${principal.scope}`)) return reply;
      return undefined;
    });
    scope.setErrorHandler((error, _request, reply) => {
      if (error instanceof SecureError) return sendSecure(reply, secureErrorBody(error));
      // Framework errors (body too large, bad JSON) keep the listener's shared mapping.
      throw error;
    });

    scope.post('/', async (request, reply) => sendSecure(reply, await deps.receiver.receive(principals.get(request)!, request.body, { traceparent: request.headers.traceparent })));
    scope.post('/messages', async (request, reply) => sendSecure(reply, deps.receiver.storeBlob(principals.get(request)!, request.body)));
    scope.get<{ Params: { id: string } }>('/messages/:id', async (request, reply) => sendSecure(reply, deps.receiver.takeBlob(principals.get(request)!, request.params.id)));
    scope.get('/stats', async () => deps.receiver.stats());
  });
}
