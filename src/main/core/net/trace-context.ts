import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { randomHex } from '../crypto/ids';

/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/) beside Switchboard's own trace ids, so an operator's
 * tracing (OpenTelemetry) can join the dots. One exchange has one trace id here; its W3C trace-id is derived from
 * it (stable, so a reply and every retry land in the same trace), or taken from an inbound `traceparent` when the
 * exchange began elsewhere.
 */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
/** A trace id this node made from an inbound traceparent: the W3C trace-id itself, recognisable. */
const FROM_TRACEPARENT = /^tp-([0-9a-f]{32})$/;
/** The seed-compatible alphabet every trace id here keeps (headers, logs, file names of other tools). */
export const TRACE_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** The W3C trace-id (32 hex) of one of our trace ids. */
export function w3cTraceId(traceId: string): string {
  const own = FROM_TRACEPARENT.exec(traceId);
  if (own?.[1]) return own[1];
  return createHash('sha256').update(traceId).digest('hex').slice(0, 32);
}

/** The `traceparent` header for a request of this exchange (a new span id each time; sampled). */
export function traceparentFor(traceId: string): string {
  return `00-${w3cTraceId(traceId)}-${randomHex(8)}-01`;
}

/**
 * Our trace id for an inbound request that named none of its own but carried a valid `traceparent`; null when
 * the header is absent or malformed (all-zero ids are invalid by the spec).
 */
export function traceIdFromTraceparent(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value !== 'string') return null;
  const match = TRACEPARENT.exec(value.trim().toLowerCase());
  if (!match?.[1] || /^0+$/.test(match[1]) || /^0+$/.test(match[2]!)) return null;
  return `tp-${match[1]}`;
}

/** A trace id a peer sent, if it is one we can keep (else null: the caller falls back). */
export function acceptableTraceId(value: unknown): string | null {
  return typeof value === 'string' && TRACE_ID_PATTERN.test(value) ? value : null;
}

/**
 * The inbound request's `traceparent`, for code that runs on its behalf deep inside a library (the A2A SDK calls
 * the gateway with no access to the HTTP request).
 */
export const inboundTraceparent = new AsyncLocalStorage<string | undefined>();
