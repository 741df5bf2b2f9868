import WebSocket from 'ws';
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

export interface RemoteMessage {
  message_id: string;
  session_id?: string;
  sender_agent_id?: string;
  recipient_agent_id?: string;
  content: string;
  created_at?: string;
  cursor?: string;
}

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

  const call = async <T>(method: 'GET' | 'POST', path: string, credentials: Credentials | null, body?: unknown): Promise<T> => {
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
    let parsed: Record<string, unknown> = {};
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      // Not JSON: kept only as a status below.
    }
    if (!response.ok) {
      const detail = typeof parsed.message === 'string' ? parsed.message : typeof parsed.detail === 'string' ? parsed.detail : `HTTP ${response.status}`;
      const code = typeof parsed.error === 'string' ? parsed.error : `http_${response.status}`;
      throw new ChatCallError(response.status, code, detail.slice(0, 300), parseRetryAfter(response.headers.get('retry-after'), now()) ?? null);
    }
    return parsed as T;
  };
  const q = (params: Record<string, string | undefined>) =>
    Object.entries(params)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v!)}`)
      .join('&');

  return {
    base,
    join: (agentId: string) => call<{ agent_id: string; api_key: string; key_id: string; scopes: string[] }>('POST', '/v1/agents/join', null, { agent_id: agentId }),
    request: (credentials: Credentials, body: { inviter_agent_id: string; requester_agent_id: string; invite_token: string }) =>
      call<{ request_id: string; status: string; expires_at: string }>('POST', '/v1/handshake/request', credentials, body),
    status: (credentials: Credentials, requestId: string, agentId: string) =>
      call<{ status: string; request_id: string; expires_at?: string | null; session_id?: string; session_token?: string | null }>(
        'GET',
        `/v1/handshake/status/${encodeURIComponent(requestId)}?${q({ agent_id: agentId })}`,
        credentials,
      ),
    rotate: (credentials: Credentials, sessionId: string, agentId: string) =>
      call<{ session_id: string; session_token: string; expires_at: string }>('POST', '/v1/sessions/rotate-token', credentials, { session_id: sessionId, agent_id: agentId }),
    send: (credentials: Credentials, body: { session_id: string; sender_agent_id: string; recipient_agent_id: string; content: string; idempotency_key: string }) =>
      call<Record<string, unknown>>('POST', '/v1/messages/send', credentials, body),
    poll: (credentials: Credentials, query: { session_id: string; agent_id: string; cursor?: string | undefined; after?: string | undefined }) =>
      call<{ messages?: RemoteMessage[]; next_cursor?: string | null; has_more?: boolean }>('GET', `/v1/messages/poll?${q(query)}`, credentials),
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
