import { z } from 'zod';
import type { MessageSummary } from '../../../../shared/domain/message';
import type { Peer } from '../../../../shared/domain/peer';
import type { Clock } from '../../clock';
import { traceId as newTraceId } from '../../crypto/ids';
import { traceIdFromTraceparent } from '../../net/trace-context';
import { DecryptError, decryptEnvelope, parseAesKeyHex } from '../../crypto/aes-gcm-envelope';
import type { Logger } from '../../logger';
import type { AuditLog } from '../../store/audit-log';
import { BLOB_TTL_MS, type BlobStore } from '../../store/blob-store';
import type { CounterStore } from '../../store/counter-store';
import type { Db } from '../../store/database';
import type { IdempotencyHit, IdempotencyStore } from '../../store/idempotency-store';
import type { MessageStore } from '../../store/message-store';
import type { PeerStore } from '../../store/peer-store';
import type { WriteBatcher } from '../../store/write-batcher';
import type { WakeService } from '../../wake/wake-service';
import type { SecurePrincipal } from './inbound-auth';
import { checkSchemaVersion, PROTOCOL_VERSION, SCHEMA } from './schema-version';
import { SecureError } from './secure-errors';

/** Trace ids are echoed and logged: a safe alphabet, bounded (seed-systems A18). */
export const TRACE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
export const MAX_INLINE_BYTES = 8000;

export interface SecureReply {
  status: number;
  body: Record<string, unknown>;
}

const messageBody = z
  .object({
    schema_version: z.unknown().optional(),
    trace_id: z.string().regex(TRACE_ID, 'must be 1–128 characters of A–Z a–z 0–9 . _ : -').optional(),
    idempotency_key: z.string().min(1).max(512).optional(),
    sender: z.string().max(200).optional(),
    from: z.string().max(200).optional(),
    wake: z.boolean().optional(),
    type: z.string().max(64).optional(),
    message: z.string().optional(),
    encrypted: z.boolean().optional(),
    nonce: z.string().optional(),
    ciphertext: z.string().optional(),
    tag: z.string().optional(),
    msg_id: z.string().max(200).optional(),
    url: z.string().max(2048).optional(),
  })
  .passthrough();

type MessageBody = z.infer<typeof messageBody>;

/** A stored blob is an encrypted envelope and nothing else (seed 000 refuses plaintext blobs). */
const storedBlob = z.object({ encrypted: z.literal(true), nonce: z.string(), ciphertext: z.string(), tag: z.string() });
/** A blob fetched for a fetch_ref: any JSON object (anything else has no envelope fields at all). */
const fetchedBlob = z.record(z.string(), z.unknown()).catch({});

function invalid(error: z.ZodError): SecureError {
  const issue = error.issues[0];
  const where = issue?.path.join('.') || 'body';
  return new SecureError('invalid_request', `${where}: ${issue?.message ?? 'invalid'}`);
}

export interface FetchRefResolver {
  /** Fetches the blob a fetch_ref points to and returns its JSON text; throws a fetch_ref SecureError when it cannot. */
  (peer: Peer, url: string): Promise<string>;
}

/** What a2a-secure answers: a success body, or a SecureError thrown and mapped at the route (secure-errors.ts). */
export interface SecureReceiver {
  /** `traceparent`: the request's W3C header, honoured when the body names no trace id. */
  receive(principal: SecurePrincipal, body: unknown, context?: { traceparent?: string | string[] | undefined }): Promise<SecureReply>;
  storeBlob(principal: SecurePrincipal, body: unknown): SecureReply;
  takeBlob(principal: SecurePrincipal, id: string): SecureReply;
  stats(): Record<string, number>;
}

export const COUNTERS = {
  received: 'secure.received',
  duplicates: 'secure.duplicates',
  decryptFailures: 'secure.decrypt_failures',
  wakes: 'wake.raised',
  blobsStored: 'secure.blobs_stored',
  blobsFetched: 'secure.blobs_fetched',
} as const;

export function createSecureReceiver(deps: {
  db: Db;
  writes: WriteBatcher;
  clock: Clock;
  logger: Logger;
  peers: PeerStore;
  messages: MessageStore;
  idempotency: IdempotencyStore;
  blobs: BlobStore;
  counters: CounterStore;
  audit: AuditLog;
  wake: WakeService;
  nodeName: () => string;
  fetchRef: FetchRefResolver;
  /** After a message is committed: push events, recount. */
  onMessage: (message: MessageSummary) => void;
}): SecureReceiver {
  const { audit, counters } = deps;
  // Concurrent deliveries of one fetch_ref must not both try to fetch (the blob is single-use).
  const inFlight = new Map<string, Promise<SecureReply>>();

  const resolvePrincipal = (principal: SecurePrincipal, body: MessageBody): { peer: Peer | null; name: string; scope: string } => {
    if (principal.via === 'peer') return { peer: principal.peer, name: principal.peer.name, scope: principal.scope };
    const claimed = (body.sender ?? body.from ?? '').trim();
    const known = claimed ? deps.peers.getByName(claimed) : null;
    if (known && known.protocol === 'secure') return { peer: known, name: known.name, scope: known.id };
    return { peer: null, name: claimed ? `${claimed} (unverified)` : 'unknown sender', scope: `legacy:${claimed.toLowerCase()}` };
  };

  const decryptFailed = (who: string, reason: string): SecureError => {
    counters.increment(COUNTERS.decryptFailures);
    audit.audit('message.decrypt_failed', { peer: who, reason });
    return new SecureError('decrypt_failed', reason);
  };

  const aesKeyOf = (peer: Peer | null): Buffer | null => {
    if (!peer) return null;
    const hex = deps.peers.getCredential(peer.id, 'aes_key');
    return hex ? parseAesKeyHex(hex) : null;
  };

  const okReply = (wake: boolean, traceId: string, warning: string | undefined, mode?: string): Record<string, unknown> => ({
    status: 'OK',
    from: deps.nodeName(),
    wake,
    version: PROTOCOL_VERSION,
    schema_version: SCHEMA.current,
    trace_id: traceId,
    ...(warning ? { schema_warning: warning } : {}),
    ...(mode ? { mode } : {}),
  });

  async function receiveParsed(principal: SecurePrincipal, body: MessageBody, traceparent: string | string[] | undefined): Promise<SecureReply> {
    const schema = checkSchemaVersion(body.schema_version);
    if (!schema.ok) throw new SecureError(schema.error, schema.details, { server_schema: { ...SCHEMA }, ...(body.trace_id ? { trace_id: body.trace_id } : {}) });
    const who = resolvePrincipal(principal, body);
    const traceId = body.trace_id ?? traceIdFromTraceparent(traceparent) ?? newTraceId(deps.clock);
    const idempotencyKey = body.idempotency_key ?? body.trace_id ?? null;
    const isFetchRef = body.type === 'fetch_ref';
    if (body.type !== undefined && !isFetchRef) throw new SecureError('unsupported_type', `type "${body.type.slice(0, 40)}" is not supported`);
    const keyReused = () => new SecureError('idempotency_key_reused', 'this idempotency key was already used for a different message', { trace_id: traceId });

    // Work out the content first (decrypting if needed), so a repeat is recognised by what it says, not by its
    // nonce: the reference client's replays re-encrypt with a fresh nonce.
    let content: string;
    let encrypted = false;
    let digestSource: string;
    if (isFetchRef) {
      if (!body.msg_id || !body.url) throw new SecureError('invalid_request', 'fetch_ref needs msg_id and url');
      content = '';
      digestSource = `ref:${body.msg_id}`;
    } else if (body.encrypted === true) {
      const key = aesKeyOf(who.peer);
      if (!key) throw decryptFailed(who.name, 'no AES key is configured for this peer');
      try {
        content = decryptEnvelope(key, body);
      } catch (error) {
        throw decryptFailed(who.name, error instanceof DecryptError ? error.message : 'the payload could not be decrypted');
      }
      encrypted = true;
      digestSource = `text:${content}`;
    } else {
      if (typeof body.message !== 'string') throw new SecureError('invalid_request', 'message must be a string (or send an encrypted envelope)');
      content = body.message;
      digestSource = `text:${content}`;
    }

    // A fetch_ref is answered from its record before fetching (the blob is single-use); other repeats are caught
    // inside the write below, which has to look anyway.
    if (idempotencyKey && isFetchRef) {
      const hit = deps.idempotency.lookup(who.scope, 'message', idempotencyKey, digestSource);
      if (hit?.sameContent) {
        counters.increment(COUNTERS.duplicates);
        return { status: 200, body: hit.response };
      }
      if (hit) throw keyReused();
    }

    if (isFetchRef) {
      if (!who.peer) throw new SecureError('fetch_ref_requires_known_peer', 'fetch_ref is accepted only from a registered peer');
      let blobText: string;
      try {
        blobText = await deps.fetchRef(who.peer, body.url!);
      } catch (error) {
        if (error instanceof SecureError) {
          audit.audit('fetch_ref.refused', { peer: who.name, code: error.code, reason: error.message });
          throw new SecureError(error.code, error.details, { ...error.extra, trace_id: traceId }, error.status);
        }
        throw error;
      }
      let blob: unknown;
      try {
        blob = JSON.parse(blobText);
      } catch {
        throw new SecureError('fetch_ref_invalid', 'the fetched blob is not JSON', { trace_id: traceId }, 502);
      }
      const key = aesKeyOf(who.peer);
      if (!key) throw decryptFailed(who.name, 'no AES key is configured for this peer');
      // Whatever the peer stored: decryptEnvelope checks nonce, ciphertext and tag strictly (a truthy `encrypted`
      // is enough for the reference, so it is not looked at here).
      const envelope = fetchedBlob.parse(blob);
      try {
        content = decryptEnvelope(key, envelope);
      } catch (error) {
        throw decryptFailed(who.name, error instanceof DecryptError ? error.message : 'the fetched blob could not be decrypted');
      }
      encrypted = true;
    }

    const wake = body.wake === true;
    const reply = okReply(wake, traceId, schema.warning, isFetchRef ? 'fetch_ref' : undefined);
    const details = [schema.warning ? `schema warning: ${schema.warning}` : '', isFetchRef ? `fetched ${body.url}` : '', principal.via === 'legacy' ? 'authenticated by the legacy shared secret; sender is self-declared' : '']
      .filter(Boolean)
      .join('\n');
    // Commit first, acknowledge after: the message, its idempotency record and the counters in one transaction,
    // so a 200 always means stored, and a retry after a crash finds the record (seed-systems A10). The check is
    // repeated inside the write because a twin of this request may have committed since the lookup above.
    const committed = await deps.writes.run((): { duplicate: IdempotencyHit } | { message: MessageSummary } => {
      if (idempotencyKey) {
        const twin = deps.idempotency.lookup(who.scope, 'message', idempotencyKey, digestSource);
        if (twin) return { duplicate: twin };
      }
      const row = deps.messages.insert({
        peerId: who.peer?.id ?? null,
        peerName: who.name,
        direction: 'in',
        protocol: 'secure',
        traceId,
        idempotencyKey,
        schemaVersion: schema.version,
        content,
        encrypted,
        wake,
        status: 'received',
        raw: body,
        detail: details,
      });
      if (idempotencyKey) deps.idempotency.record(who.scope, 'message', idempotencyKey, digestSource, reply);
      counters.increment(COUNTERS.received);
      if (who.peer) deps.peers.touchLastSeen(who.peer.id);
      return { message: row };
    });
    if ('duplicate' in committed) {
      if (!committed.duplicate.sameContent) throw keyReused();
      counters.increment(COUNTERS.duplicates);
      return { status: 200, body: committed.duplicate.response };
    }
    const { message } = committed;
    deps.onMessage(message);
    if (wake) deps.wake.raise({ messageId: message.id, peerName: who.name, traceId, preview: content.slice(0, 1500) });
    return { status: 200, body: reply };
  }

  return {
    async receive(principal, raw, context = {}) {
      const parsed = messageBody.safeParse(raw);
      if (!parsed.success) throw invalid(parsed.error);
      const body = parsed.data;
      if (body.type !== 'fetch_ref') return receiveParsed(principal, body, context.traceparent);
      const flightKey = `${principal.scope}\u0000${body.idempotency_key ?? body.trace_id ?? body.msg_id ?? ''}`;
      const existing = inFlight.get(flightKey);
      if (existing) return existing;
      const run = receiveParsed(principal, body, context.traceparent).finally(() => inFlight.delete(flightKey));
      inFlight.set(flightKey, run);
      return run;
    },

    storeBlob(principal, raw) {
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new SecureError('invalid_json', 'the body must be a JSON object');
      const parsed = storedBlob.safeParse(raw);
      if (!parsed.success) throw new SecureError('only_encrypted_payloads_allowed');
      // A client-supplied msg_id is ignored: ids are ours, random and unguessable (seed-systems A3).
      const owner = principal.peer?.id ?? null;
      const { encrypted, nonce, ciphertext, tag } = parsed.data;
      const stored = { encrypted, nonce, ciphertext, tag };
      const { id } = deps.blobs.put({ ownerPeerId: owner, recipientPeerId: null, body: JSON.stringify(stored) });
      counters.increment(COUNTERS.blobsStored);
      return {
        status: 200,
        body: { status: 'stored', msg_id: id, max_inline_bytes: MAX_INLINE_BYTES, ttl_seconds: BLOB_TTL_MS / 1000, schema_version: SCHEMA.current },
      };
    },

    takeBlob(principal, id) {
      const requester = principal.peer?.id;
      const body = requester ? deps.blobs.take(id, requester) : null;
      if (body === null) throw new SecureError('blob_not_found');
      counters.increment(COUNTERS.blobsFetched);
      return { status: 200, body: JSON.parse(body) as Record<string, unknown> };
    },

    stats() {
      const values = counters.read(Object.values(COUNTERS));
      return {
        received: values[COUNTERS.received] ?? 0,
        duplicates: values[COUNTERS.duplicates] ?? 0,
        decrypt_failures: values[COUNTERS.decryptFailures] ?? 0,
        wakes: values[COUNTERS.wakes] ?? 0,
        blobs_stored: values[COUNTERS.blobsStored] ?? 0,
        blobs_fetched: values[COUNTERS.blobsFetched] ?? 0,
      };
    },
  };
}
