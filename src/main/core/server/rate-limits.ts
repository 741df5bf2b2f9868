import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RateLimits } from '../../../shared/domain/node';
import { objectSlice } from '../settings/settings-slice';
import type { SettingsStore } from '../store/settings-store';
import { refuse } from './refusal';

/**
 * Well above what a legitimate peer sends (a busy one sends a few a second), well below what a flood does. The
 * loopback benchmarks raise them through Settings, as an operator would.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = { perAddressPerMinute: 600, perCredentialPerMinute: 1200 };
const SETTING = 'limits';
const WINDOW_MS = 60_000;
/** Distinct addresses and credentials remembered per window; beyond, the least recent are forgotten. */
const TRACKED = 20_000;
const perMinute = z.number().int().min(10, 'must be at least 10 a minute').max(1_000_000, 'must be at most 1000000 a minute');

type Check = ReturnType<FastifyInstance['createRateLimit']>;

/**
 * Request rates on the public listener, through @fastify/rate-limit (a fixed one-minute window per key): every
 * request counts against its source address, on the root listener before any protocol looks at it — so requests
 * that fail authentication count too — and a protocol counts an authenticated one against its credential as well.
 * Both maxima are read per request, so a Settings change applies to the next one.
 */
export function createRateLimits(deps: { settings: SettingsStore }) {
  const slice = objectSlice<RateLimits>({
    key: SETTING,
    store: deps.settings,
    patch: z.object({ perAddressPerMinute: perMinute, perCredentialPerMinute: perMinute }).partial().strict(),
    read: (stored) => ({ ...DEFAULT_RATE_LIMITS, ...stored }),
  });
  let byAddress: Check | null = null;
  let byCredential: Check | null = null;

  const over = async (check: Check, request: FastifyRequest, reply: FastifyReply, what: string): Promise<boolean> => {
    const verdict = await check(request);
    if (verdict.isAllowed || !verdict.isExceeded) return false;
    const seconds = Math.max(1, verdict.ttlInSeconds);
    refuse(request, reply, { status: 429, error: 'rate_limited', message: `Too many requests ${what} (${verdict.max} a minute); retry in ${seconds} s.`, retryAfterSeconds: seconds });
    return true;
  };
  const credentials = new WeakMap<FastifyRequest, string>();

  return {
    settings: slice,
    current: () => slice.current(),
    /** Registers the limiter and the per-address check; call before any other onRequest hook of the listener. */
    install(app: FastifyInstance): void {
      void app.register(fastifyRateLimit, { global: false });
      app.after(() => {
        // `cache` sizes the limiter's LRU; the option is the store's, not in CreateRateLimitOptions' type.
        const common = { timeWindow: WINDOW_MS, cache: TRACKED } as { timeWindow: number };
        byAddress = app.createRateLimit({ ...common, max: () => slice.current().perAddressPerMinute });
        byCredential = app.createRateLimit({ ...common, max: () => slice.current().perCredentialPerMinute, keyGenerator: (request) => credentials.get(request) ?? request.ip });
      });
      app.addHook('onRequest', async (request, reply) => {
        if (byAddress && (await over(byAddress, request, reply, 'from this address'))) return reply;
        return undefined;
      });
    },
    /** Counts an authenticated request against its credential; true when it was refused (429 already sent). */
    async overCredential(request: FastifyRequest, reply: FastifyReply, credential: string): Promise<boolean> {
      if (!byCredential) return false;
      credentials.set(request, credential);
      return over(byCredential, request, reply, 'with this credential');
    },
  };
}

export type RateLimitsService = ReturnType<typeof createRateLimits>;
