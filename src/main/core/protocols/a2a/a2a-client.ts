import { AgentCard, type Message, type Task } from '@a2a-js/sdk';
import { traceparentFor } from '../../net/trace-context';
import { ClientFactory, DefaultAgentCardResolver, JsonRpcTransportFactory, RestTransportFactory, type Client } from '@a2a-js/sdk/client';
import type { Peer } from '../../../../shared/domain/peer';
import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import { classifyStatus, parseRetryAfter, type AttemptResult } from '../../outbox/retry-policy';
import type { PeerStore } from '../../store/peer-store';
import type { CredentialStore } from './credential-store';
import { a2aOutboundHeaders } from './outbound-headers';

const REQUEST_TIMEOUT_MS = 30_000;
const CARD_TTL_MS = 5 * 60_000;

/** The socket error code (ECONNREFUSED, …) somewhere down the cause chain; fetch and the SDK each wrap it. */
function systemCode(error: unknown): string | null {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
  }
  return null;
}

/** What the transport saw of the last HTTP answer, so failures can be classed by status like a2a-secure's. */
export interface CallRecord {
  status: number | null;
  retryAfter: string | null;
  /** Told of every request body this call sends (the JSON-RPC request as it went on the wire). */
  onSent?: (url: string, body: unknown) => void;
  /** The exchange's trace id: every request carries its W3C `traceparent`. */
  traceId?: string;
}

export interface Connected {
  client: Client;
  card: AgentCard;
  record: CallRecord;
}

/**
 * The A2A client side: cards resolved with the SDK's resolver (1.0, or 0.3 through its compatibility layer),
 * clients from its factory, and one fetch that decides what each request carries. Credentials are chosen by the
 * URL actually requested — the configured prefixes, and the peer's own outbound secret for URLs under its base
 * URL — so a card pointing elsewhere never receives them (seed-systems O1). Redirects are not followed.
 */
export function createA2aClient(deps: { peers: PeerStore; credentials: CredentialStore; clock: Clock; logger: Logger; env?: NodeJS.ProcessEnv }) {
  const cards = new Map<string, { card: unknown; at: number }>();

  const fetchFor = (peer: Peer | null, record: CallRecord): typeof fetch =>
    (async (input: string | URL | Request, init: RequestInit = {}) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const headers = new Headers(init.headers);
      const outbound = a2aOutboundHeaders(deps, url, peer);
      if (outbound.missing.length > 0) deps.logger.warn('outbound credentials reference unset environment variables', { prefix: outbound.prefix, missing: outbound.missing });
      for (const { name, value } of outbound.headers) headers.set(name, value);
      if (record.traceId && !headers.has('traceparent')) headers.set('traceparent', traceparentFor(record.traceId));
      const signal = init.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]) : AbortSignal.timeout(REQUEST_TIMEOUT_MS);
      if (record.onSent && typeof init.body === 'string') {
        let body: unknown = init.body;
        try {
          body = JSON.parse(init.body);
        } catch {
          // not JSON: kept as the text it was
        }
        record.onSent(url.href, body);
      }
      const response = await fetch(url, { ...init, headers, redirect: 'manual', signal });
      record.status = response.status;
      record.retryAfter = response.headers.get('retry-after');
      return response;
    }) as typeof fetch;

  const factoryFor = (fetchImpl: typeof fetch) =>
    new ClientFactory({
      transports: [new JsonRpcTransportFactory({ fetchImpl, legacyCompat: { enabled: true } }), new RestTransportFactory({ fetchImpl, legacyCompat: { enabled: true } })],
      cardResolver: new DefaultAgentCardResolver({ fetchImpl, legacyCompat: { enabled: true } }),
    });

  return {
    /** Resolves the agent at `baseUrl` (card cached a few minutes) and returns a client bound to this call's fetch. */
    async connect(baseUrl: string, peer: Peer | null, options: { fresh?: boolean; record?: CallRecord } = {}): Promise<Connected> {
      const record: CallRecord = options.record ?? { status: null, retryAfter: null };
      const fetchImpl = fetchFor(peer, record);
      const factory = factoryFor(fetchImpl);
      const cached = cards.get(baseUrl);
      let client: Client;
      let card: AgentCard;
      if (cached && !options.fresh && cached.at > deps.clock.now() - CARD_TTL_MS) {
        card = AgentCard.fromJSON(cached.card);
        client = await factory.createFromAgentCard(card);
      } else {
        const publicCard = await new DefaultAgentCardResolver({ fetchImpl, legacyCompat: { enabled: true } }).resolve(baseUrl);
        client = await factory.createFromAgentCard(publicCard);
        // The SDK fetches the extended card whenever the public one offers it; a peer that will not show it to us
        // (no key for that call, or a refusal) still has its public card to talk by.
        card = await client.getAgentCard().catch(() => publicCard);
        cards.set(baseUrl, { card: AgentCard.toJSON(card), at: deps.clock.now() });
      }
      record.status = null;
      return { client, card, record };
    },

    forget(baseUrl: string): void {
      cards.delete(baseUrl);
    },

    /** Classes a failure of an SDK call the way the outbox understands. */
    classify(error: unknown, record: CallRecord): Exclude<AttemptResult, { kind: 'delivered' }> {
      const detail = error instanceof Error ? error.message.slice(0, 300) : String(error);
      if (record.status !== null && (record.status < 200 || record.status >= 300)) {
        const kind = classifyStatus(record.status);
        const message = `HTTP ${record.status}: ${detail}`;
        if (kind === 'retry') return { kind, statusCode: record.status, error: message, retryAfterMs: parseRetryAfter(record.retryAfter, deps.clock.now()) };
        return { kind: 'failed', statusCode: record.status, error: message };
      }
      const name = (error as { name?: string }).name ?? '';
      // A JSON-RPC error in a 200 answer: the agent understood and refused; repeating will not change that.
      if (name.startsWith('JsonRpc') || 'envelopeCode' in (error as object)) return { kind: 'failed', statusCode: record.status, error: detail };
      if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'retry', statusCode: null, error: `timed out: ${detail}` };
      const code = systemCode(error);
      const cause = (error as { cause?: unknown }).cause;
      return { kind: 'retry', statusCode: null, error: code ? `connection error: ${code}` : cause instanceof Error ? `${detail}: ${cause.message.slice(0, 200)}` : detail };
    },
  };
}

export type A2aClient = ReturnType<typeof createA2aClient>;
export type SendResult = Message | Task;
