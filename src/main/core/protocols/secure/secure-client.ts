import type { SendRequest } from '../../../../shared/domain/delivery';
import type { Peer } from '../../../../shared/domain/peer';
import type { Clock } from '../../clock';
import { encryptEnvelope, parseAesKeyHex } from '../../crypto/aes-gcm-envelope';
import { boundedFetch, FetchFailure } from '../../net/bounded-fetch';
import { classifyStatus, parseRetryAfter, type AttemptResult } from '../../outbox/retry-policy';
import type { BlobStore } from '../../store/blob-store';
import type { PeerStore } from '../../store/peer-store';
import { traceparentFor } from '../../net/trace-context';
import { MAX_INLINE_BYTES } from './secure-receiver';
import { SCHEMA } from './schema-version';

const ATTEMPT_TIMEOUT_MS = 15_000;
const MAX_RESPONSE_BYTES = 256 * 1024;

export interface SecureDelivery {
  peer: Peer;
  request: SendRequest;
  /** The blob of an earlier attempt: reused so every retry carries the same fetch_ref (and idempotency holds). */
  blobId: string | null;
  saveBlobId: (blobId: string) => void;
  recordSent?: (url: string, body: unknown) => void;
  signal: AbortSignal;
}

/**
 * The a2a-secure client (seed 000 wire): `POST <peer>/` with the peer's outbound secret, a fixed-length body (the
 * reference server cannot read chunked bodies), the same trace id and idempotency key on every attempt, and the
 * seed's AES-GCM envelope when encryption is on. Texts over 8 KB go by store-and-fetch when the peer can fetch
 * them: an encrypted blob kept here for that peer, announced by a fetch_ref on this node's public URL.
 */
export function createSecureClient(deps: { peers: PeerStore; blobs: BlobStore; nodeName: () => string; publicUrl: () => string | null; clock: Clock }) {
  const buildBody = (delivery: SecureDelivery): { body: Record<string, unknown>; mode: 'inline' | 'fetch_ref' } => {
    const { peer, request } = delivery;
    const base = {
      schema_version: SCHEMA.current,
      trace_id: request.traceId,
      idempotency_key: request.idempotencyKey,
      sender: deps.nodeName(),
      wake: request.wake,
    };
    const keyHex = request.encrypt || Buffer.byteLength(request.text, 'utf8') > MAX_INLINE_BYTES ? deps.peers.getCredential(peer.id, 'aes_key') : null;
    if (request.encrypt && !keyHex) throw new Error(`no AES key is set for ${peer.name}, so the message cannot be encrypted`);
    const publicUrl = deps.publicUrl();
    if (keyHex && publicUrl && Buffer.byteLength(request.text, 'utf8') > MAX_INLINE_BYTES) {
      let blobId = delivery.blobId;
      if (!blobId) {
        blobId = deps.blobs.put({ ownerPeerId: null, recipientPeerId: peer.id, body: JSON.stringify(encryptEnvelope(parseAesKeyHex(keyHex), request.text)) }).id;
        delivery.saveBlobId(blobId);
      }
      return { body: { ...base, type: 'fetch_ref', msg_id: blobId, url: `${publicUrl}/messages/${blobId}`, from: deps.nodeName() }, mode: 'fetch_ref' };
    }
    if (request.encrypt && keyHex) return { body: { ...base, ...encryptEnvelope(parseAesKeyHex(keyHex), request.text) }, mode: 'inline' };
    return { body: { ...base, message: request.text }, mode: 'inline' };
  };

  return {
    async deliver(delivery: SecureDelivery): Promise<AttemptResult> {
      let built: ReturnType<typeof buildBody>;
      try {
        built = buildBody(delivery);
      } catch (error) {
        return { kind: 'failed', statusCode: null, error: (error as Error).message };
      }
      const secret = deps.peers.getCredential(delivery.peer.id, 'outbound_secret');
      const payload = JSON.stringify(built.body);
      delivery.recordSent?.(`${delivery.peer.baseUrl}/`, built.body);
      try {
        const response = await boundedFetch(`${delivery.peer.baseUrl}/`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            traceparent: traceparentFor(delivery.request.traceId),
            // A string body gets a Content-Length, never chunked encoding.
            ...(secret ? { authorization: `Bearer ${secret}` } : {}),
          },
          body: payload,
          timeoutMs: ATTEMPT_TIMEOUT_MS,
          maxBytes: MAX_RESPONSE_BYTES,
          signal: delivery.signal,
        });
        const kind = classifyStatus(response.status);
        let parsed: unknown = response.text;
        try {
          parsed = JSON.parse(response.text);
        } catch {
          // Kept as text: a 2xx with a non-JSON body is still delivered (the reference client wrongly retried those).
        }
        if (kind === 'delivered') return { kind, statusCode: response.status, response: parsed };
        const detail = typeof parsed === 'object' && parsed && 'error' in parsed ? String((parsed as { error: unknown }).error) : response.text.slice(0, 200);
        const error = `HTTP ${response.status}${detail ? `: ${detail}` : ''}`;
        if (kind === 'retry') return { kind, statusCode: response.status, error, retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), deps.clock.now()) };
        return { kind, statusCode: response.status, error };
      } catch (error) {
        if (error instanceof FetchFailure) {
          if (error.reason === 'redirect') return { kind: 'failed', statusCode: error.status ?? null, error: error.message };
          return { kind: 'retry', statusCode: null, error: error.reason === 'timeout' ? `timed out: ${error.message}` : `connection error: ${error.message}` };
        }
        return { kind: 'retry', statusCode: null, error: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}

export type SecureClient = ReturnType<typeof createSecureClient>;
