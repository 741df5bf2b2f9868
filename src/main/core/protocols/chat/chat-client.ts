import WebSocket from 'ws';
import { z } from 'zod';
import { parseRetryAfter } from '../../outbox/retry-policy';

const REQUEST_TIMEOUT_MS = 20_000;

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
 * What a2achat servers answer, as far as this client relies on it: parsed, never cast. Fields we do not use pass
 * through; a missing or mistyped field we do use is a `malformed_reply` (the message or the link says so).
 */
const cursor = z.union([z.string().regex(/^\d{1,18}$/), z.number().int().nonnegative()]).transform(String);
export const remoteMessage = z
  .object({
    message_id: z.string().min(1).max(256),
    session_id: z.string().max(256).optional(),
    sender_agent_id: z.string().max(256).optional(),
    recipient_agent_id: z.string().max(256).optional(),
    content: z.string(),
    created_at: z.string().max(64).optional(),
    cursor: cursor.optional(),
  })
  .passthrough();
export type RemoteMessage = z.output<typeof remoteMessage>;

const replies = {
  join: z.object({ agent_id: z.string(), api_key: z.string().min(1).max(512), key_id: z.string().optional(), scopes: z.array(z.string()).optional() }).passthrough(),
  request: z.object({ request_id: z.string().min(1).max(256), status: z.string(), expires_at: z.string().nullish() }).passthrough(),
  status: z
    .object({ status: z.string(), request_id: z.string().optional(), expires_at: z.string().nullish(), session_id: z.string().max(256).optional(), session_token: z.string().max(512).nullish() })
    .passthrough(),
  rotate: z.object({ session_id: z.string(), session_token: z.string().min(1).max(512), expires_at: z.string() }).passthrough(),
  // The message was stored: whatever the body says beyond that is kept as the attempt's response.
  send: z.unknown(),
  // Each message is checked on its own (one bad entry does not lose the others).
  poll: z.object({ messages: z.array(z.unknown()).optional(), next_cursor: z.union([z.string(), z.number()]).nullish(), has_more: z.boolean().optional() }).passthrough(),
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
      });
    },
  };
}

export type ChatClient = ReturnType<typeof createChatClient>;
