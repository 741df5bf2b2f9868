import type { FastifyReply } from 'fastify';
import type { Refusal } from '../../server/refusal';

/** Every refusal a2a-secure gives, as its stable code; the wire body is `{ error: code, details?, … }`. */
export type SecureErrorCode =
  | 'unauthorized'
  | 'invalid_request'
  | 'invalid_json'
  | 'invalid_schema_version'
  | 'schema_version_incompatible'
  | 'unsupported_type'
  | 'decrypt_failed'
  | 'idempotency_key_reused'
  | 'fetch_ref_requires_known_peer'
  | 'fetch_ref_origin_mismatch'
  | 'fetch_ref_invalid'
  | 'fetch_ref_failed'
  | 'only_encrypted_payloads_allowed'
  | 'blob_not_found';

const statusOf: Record<SecureErrorCode, number> = {
  unauthorized: 401,
  invalid_request: 400,
  invalid_json: 400,
  invalid_schema_version: 400,
  schema_version_incompatible: 400,
  unsupported_type: 400,
  decrypt_failed: 400,
  idempotency_key_reused: 409,
  fetch_ref_requires_known_peer: 403,
  fetch_ref_origin_mismatch: 400,
  fetch_ref_invalid: 400,
  fetch_ref_failed: 502,
  only_encrypted_payloads_allowed: 400,
  blob_not_found: 404,
};

/** The reference server's own words where clients match on them (seed 000: `{"error": "Unauthorized"}`). */
const wireWord: Partial<Record<SecureErrorCode, string>> = {
  unauthorized: 'Unauthorized',
  blob_not_found: 'Not Found',
};

/** A refusal inside the a2a-secure protocol: a code, a sentence for the peer, and extra fields of its body. */
export class SecureError extends Error {
  readonly status: number;
  constructor(
    readonly code: SecureErrorCode,
    readonly details: string | null = null,
    readonly extra: Record<string, unknown> = {},
    status?: number,
  ) {
    super(details ?? code);
    this.name = 'SecureError';
    this.status = status ?? statusOf[code];
  }
}

/** The one mapper from codes to the a2a-secure wire shape. */
export function secureErrorBody(error: SecureError): { status: number; body: Record<string, unknown> } {
  return {
    status: error.status,
    body: { error: wireWord[error.code] ?? error.code, ...(error.details !== null ? { details: error.details } : {}), ...error.extra },
  };
}

/** A listener's refusal (a rate, a slow body) in the a2a-secure shape: `{ error, details, retry_after_seconds? }`. */
export function secureRefusalBody(refusal: Refusal): { status: number; body: Record<string, unknown> } {
  return { status: refusal.status, body: { error: refusal.error, details: refusal.message, ...(refusal.retryAfterSeconds !== undefined ? { retry_after_seconds: refusal.retryAfterSeconds } : {}) } };
}

export function sendSecure(reply: FastifyReply, result: { status: number; body: Record<string, unknown> }): FastifyReply {
  return reply.code(result.status).type('application/json; charset=utf-8').send(result.body);
}
