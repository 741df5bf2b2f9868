import type { FastifyInstance } from 'fastify';
import type { Clock } from '../clock';

/** `GET /health`: liveness for monitors and peers. Public, so it says no more than a capability card would. */
export function registerHealthRoute(
  app: FastifyInstance,
  deps: { name: () => string; version: string; startedAt: number; clock: Clock },
): void {
  app.get('/health', async () => ({
    status: 'OK',
    name: deps.name(),
    version: deps.version,
    uptime_seconds: Math.floor((deps.clock.now() - deps.startedAt) / 1000),
  }));
}
