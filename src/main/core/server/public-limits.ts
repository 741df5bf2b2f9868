import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { NodeConfig } from '../config';
import type { SettingsStore } from '../store/settings-store';
import { createCallerSlots, type CallerSlots } from './caller-slots';
import { createRateLimits } from './rate-limits';
import { installSlowClientGuards } from './slow-clients';

/** What a protocol's routes use of the listener's limits. */
export interface PublicLimits {
  /** After authentication: counts the request against its credential; true when it was refused (429 sent). */
  overCredential(request: FastifyRequest, reply: FastifyReply, credential: string): Promise<boolean>;
  /** Open SSE streams per caller. */
  readonly streams: CallerSlots;
  /** Open WebSockets per caller. */
  readonly sockets: CallerSlots;
}

/**
 * Every limit of the public listener in one place: request rates (Settings › Limits), slow clients and
 * connections per address (NodeConfig.connectionLimits), and the stream and socket caps the protocols take from.
 * Headers timeout and the total connection cap are the server's own options (public-server.ts).
 */
export function createPublicLimits(deps: { settings: SettingsStore; config: NodeConfig['connectionLimits'] }) {
  const rates = createRateLimits({ settings: deps.settings });
  const limits: PublicLimits = {
    overCredential: (request, reply, credential) => rates.overCredential(request, reply, credential),
    streams: createCallerSlots(() => deps.config.streamsPerCaller),
    sockets: createCallerSlots(() => deps.config.socketsPerCaller),
  };
  return {
    settings: rates.settings,
    limits,
    /** Call on the listener before any other hook, so a refused request costs nothing more. */
    install(app: FastifyInstance): void {
      rates.install(app);
      installSlowClientGuards(app, () => deps.config);
    },
  };
}
