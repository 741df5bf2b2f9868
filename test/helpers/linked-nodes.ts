import { randomBytes } from 'node:crypto';
import type { SwitchboardNode } from '../../src/main/core/node';
import type { MessageDetail, MessageSummary } from '../../src/shared/domain/message';

/** Makes `from` able to send to `to` (and `to` to fetch blobs back): secrets and a shared AES key on both sides. */
export async function link(from: SwitchboardNode, to: SwitchboardNode, options: { toName?: string; fromName?: string; baseUrl?: string } = {}) {
  const secret = randomBytes(24).toString('base64url');
  const back = randomBytes(24).toString('base64url');
  const key = randomBytes(32).toString('hex');
  const toName = options.toName ?? 'b';
  const fromName = options.fromName ?? 'a';
  await to.api.call('peers.add', { name: fromName, baseUrl: `http://127.0.0.1:${from.port}`, inboundSecret: secret, outboundSecret: back, aesKey: key });
  await from.api.call('peers.add', { name: toName, baseUrl: options.baseUrl ?? `http://127.0.0.1:${to.port}`, inboundSecret: back, outboundSecret: secret, aesKey: key });
  return { secret, key, toName, fromName };
}

export async function waitFor<T>(read: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting; last value: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function detail(node: SwitchboardNode, id: number): Promise<MessageDetail> {
  return (await node.api.call('messages.get', { id })) as MessageDetail;
}

export async function untilFinal(node: SwitchboardNode, id: number, timeoutMs = 15_000): Promise<MessageDetail> {
  return waitFor(() => detail(node, id), (m) => m.status === 'delivered' || m.status === 'dead', timeoutMs);
}

export async function inbound(node: SwitchboardNode): Promise<MessageSummary[]> {
  return ((await node.api.call('messages.list', { direction: 'in', limit: 1000 })) as { messages: MessageSummary[] }).messages;
}
