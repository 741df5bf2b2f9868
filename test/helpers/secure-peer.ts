import { randomBytes } from 'node:crypto';
import type { SwitchboardNode } from '../../src/main/core/node';
import type { Peer } from '../../src/shared/domain/peer';

/** Registers a peer on `node` through the control API, as the operator would. */
export async function addSecurePeer(
  node: SwitchboardNode,
  options: { name: string; baseUrl?: string; inboundSecret?: string; outboundSecret?: string; aesKey?: string },
): Promise<{ peer: Peer; inboundSecret: string; aesKey: string | undefined }> {
  const inboundSecret = options.inboundSecret ?? randomBytes(24).toString('base64url');
  const result = (await node.api.call('peers.add', {
    name: options.name,
    baseUrl: options.baseUrl ?? 'http://127.0.0.1:9',
    inboundSecret,
    ...(options.outboundSecret ? { outboundSecret: options.outboundSecret } : {}),
    ...(options.aesKey ? { aesKey: options.aesKey } : {}),
  })) as { peer: Peer };
  return { peer: result.peer, inboundSecret, aesKey: options.aesKey };
}

export interface PostResult {
  status: number;
  body: Record<string, unknown>;
}

export async function postSecure(node: SwitchboardNode, path: string, body: unknown, secret: string | null, headers: Record<string, string> = {}): Promise<PostResult> {
  const response = await fetch(`http://127.0.0.1:${node.port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret === null ? {} : { authorization: `Bearer ${secret}` }), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export async function getSecure(node: SwitchboardNode, path: string, secret: string | null): Promise<PostResult> {
  const response = await fetch(`http://127.0.0.1:${node.port}${path}`, { headers: secret === null ? {} : { authorization: `Bearer ${secret}` } });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
