import WebSocket from 'ws';
import { traceparentFor } from '../../net/trace-context';
import { z } from 'zod';
import { parseRetryAfter } from '../../outbox/retry-policy';

const REQUEST_TIMEOUT_MS = 20_000;
const MAX_FRAME_BYTES = 1024 * 1024;

/** A non-2xx answer (or no answer) from an a2achat server, with what the caller needs to decide what next. */
export class ChatCallError extends Error {
  constructor(
    readonly status: number | null,
    readonly code: string,
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'ChatCallError';
  }
}

/**
 * What a2achat servers answer, parsed as far as this client relies on it and no further: the hosted service's
 * shapes are largely undocumented (seed-systems §1C, C6), and FastAPI writes absent optional fields as null. A
 * field we need that is missing or of the wrong type is a `malformed_reply` (the link says so, or the message is
 * skipped with a reason); a field we could do without that is odd is simply not used.
 */
const loose = <T extends z.ZodType>(schema: T) =>
  schema
    .nullish()
    .catch(undefined)
    .transform((value) => value ?? undefined);
const text = (max: number) => z.string().max(max);
export const remoteMessage = z
  .object({
    message_id: z.string().min(1).max(256),
    content: z.string(),
    session_id: loose(text(256)),
    sender_agent_id: loose(text(256)),
    recipient_agent_id: loose(text(256)),
    created_at: loose(text(64)),
    // Only a number we can send back as `cursor=` is kept; an opaque or absent one is not an error.
    cursor: loose(z.union([z.string().regex(/^\d{1,18}$/), z.number().int().nonnegative()]).transform(String)),
  })
  .passthrough();
export type RemoteMessage = z.output<typeof remoteMessage>;

const replies = {
  join: z.object({ api_key: z.string().min(1).max(512) }).passthrough(),
  request: z.object({ request_id: z.string().min(1).max(256), expires_at: loose(text(64)) }).passthrough(),
  status: z.object({ status: z.string(), expires_at: loose(text(64)), session_id: loose(text(256)), session_token: loose(text(512)) }).passthrough(),
  rotate: z.object({ session_token: z.string().min(1).max(512), expires_at: loose(text(64)) }).passthrough(),
  // The message was stored: whatever the body says beyond that is kept as the attempt's response.
  send: z.unknown(),
  // Each message is checked on its own (one bad entry does not lose the others).
  poll: z.object({ messages: loose(z.array(z.unknown())), has_more: loose(z.boolean()) }).passthrough(),
};

export interface Credentials {
  apiKey: string;
  sessionToken?: string | undefined;
}

/**
 * The requester's side of the a2achat contract against any compatible server (another Switchboard, or the hosted
 * service): plain fetch with a timeout, redirects not followed (credentials stay with the server they are for),
 * and every failure turned into a ChatCallError carrying the status, the server's error code and Retry-After.
 */
export function createChatClient(baseUrl: string, now: () => number = Date.now) {
  const base = baseUrl.replace(/\/+$/, '');

  const call = async <S extends z.ZodType>(reply: S, method: 'GET' | 'POST', path: string, credentials: Credentials | null, body?: unknown): Promise<z.output<S>> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (credentials) headers['x-api-key'] = credentials.apiKey;
    if (credentials?.sessionToken) headers['x-session-token'] = credentials.sessionToken;
    const traceId = (body as { trace_id?: unknown } | undefined)?.trace_id;
    if (typeof traceId === 'string') headers.traceparent = traceparentFor(traceId);
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as { name?: string }).name ?? 'network_error';
      throw new ChatCallError(null, 'unreachable', `could not reach ${base}: ${code}`);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: an error keeps only its status below; a success is judged by its schema.
    }
    if (!response.ok) {
      const fields = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
      const detail = typeof fields.message === 'string' ? fields.message : typeof fields.detail === 'string' ? fields.detail : `HTTP ${response.status}`;
      const code = typeof fields.error === 'string' ? fields.error.slice(0, 80) : `http_${response.status}`;
      throw new ChatCallError(response.status, code, detail.slice(0, 300), parseRetryAfter(response.headers.get('retry-after'), now()) ?? null);
    }
    const checked = reply.safeParse(parsed);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const where = issue?.path.length ? issue.path.join('.') : 'the body';
      throw new ChatCallError(response.status, 'malformed_reply', `${base} answered ${method} ${path.split('?')[0]} with a reply a2achat servers do not send (${where}: ${issue?.message ?? 'invalid'})`);
    }
    return checked.data;
  };
  const q = (params: Record<string, string | undefined>) =>
    Object.entries(params)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v!)}`)
      .join('&');

  return {
    base,
    join: (agentId: string) => call(replies.join, 'POST', '/v1/agents/join', null, { agent_id: agentId }),
    request: (credentials: Credentials, body: { inviter_agent_id: string; requester_agent_id: string; invite_token: string }) =>
      call(replies.request, 'POST', '/v1/handshake/request', credentials, body),
    status: (credentials: Credentials, requestId: string, agentId: string) =>
      call(
        replies.status,
        'GET',
        `/v1/handshake/status/${encodeURIComponent(requestId)}?${q({ agent_id: agentId })}`,
        credentials,
      ),
    rotate: (credentials: Credentials, sessionId: string, agentId: string) =>
      call(replies.rotate, 'POST', '/v1/sessions/rotate-token', credentials, { session_id: sessionId, agent_id: agentId }),
    send: (credentials: Credentials, body: { session_id: string; sender_agent_id: string; recipient_agent_id: string; content: string; idempotency_key: string }) =>
      call(replies.send, 'POST', '/v1/messages/send', credentials, body),
    poll: (credentials: Credentials, query: { session_id: string; agent_id: string; cursor?: string | undefined; after?: string | undefined }) =>
      call(replies.poll, 'GET', `/v1/messages/poll?${q(query)}`, credentials),
    /** Opens the live stream; the token goes in headers (never the URL), and messages after `cursor` come first. */
    stream(credentials: Credentials, sessionId: string, agentId: string, cursor: string | null): WebSocket {
      const url = new URL(`${base}/v1/messages/ws/${encodeURIComponent(sessionId)}`);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      if (cursor) url.searchParams.set('cursor', cursor);
      return new WebSocket(url, {
        headers: { 'x-api-key': credentials.apiKey, 'x-session-token': credentials.sessionToken ?? '', 'x-agent-id': agentId },
        followRedirects: false,
        handshakeTimeout: 10_000,
        // A frame is one message (at most 64,000 characters); ws would otherwise take 100 MiB frames.
        maxPayload: MAX_FRAME_BYTES,
      });
    },
  };
}

export type ChatClient = ReturnType<typeof createChatClient>;
