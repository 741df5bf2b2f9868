import WebSocket from 'ws';
import type { SwitchboardNode } from '../../src/main/core/node';

export interface ChatAnswer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

/** Plain HTTP against a node's a2achat API, as any requester would call it. */
export function chatApi(node: Pick<SwitchboardNode, 'port'>) {
  const base = `http://127.0.0.1:${node.port}`;
  const call = async (method: 'GET' | 'POST', path: string, options: { key?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<ChatAnswer> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.key) headers['x-api-key'] = options.key;
    if (options.token) headers['x-session-token'] = options.token;
    const response = await fetch(`${base}${path}`, { method, headers, body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body) });
    const text = await response.text();
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = { text };
    }
    return { status: response.status, body, headers: response.headers };
  };
  return {
    base,
    call,
    join: (agentId: string) => call('POST', '/v1/agents/join', { body: { agent_id: agentId } }),
    /** Opens the message stream and collects frames until closed. */
    stream(sessionId: string, options: { headers?: Record<string, string>; query?: string; firstFrame?: unknown } = {}) {
      const frames: Record<string, unknown>[] = [];
      const socket = new WebSocket(`ws://127.0.0.1:${node.port}/v1/messages/ws/${sessionId}${options.query ? `?${options.query}` : ''}`, { headers: options.headers ?? {} });
      const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
      socket.on('message', (data) => frames.push(JSON.parse(String(data)) as Record<string, unknown>));
      socket.on('error', () => undefined);
      if (options.firstFrame !== undefined) socket.on('open', () => socket.send(JSON.stringify(options.firstFrame)));
      return { socket, frames, closed };
    },
  };
}

/** Publishes an invite through the control API and joins a requester: the usual start of a handshake. */
export async function invitedRequester(node: SwitchboardNode, requester = 'bob-agent') {
  const api = chatApi(node);
  const { token: invite } = (await node.api.call('invites.publish', { token: 'invite-for-tests-1' })) as { token: string };
  const joined = await api.join(requester);
  const key = joined.body.api_key as string;
  const inviter = node.settings.get().chat.agentId;
  return { api, invite, key, inviter, requester };
}
