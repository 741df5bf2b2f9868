import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AgentCard, Role, TaskState, type Message, type Part } from '@a2a-js/sdk';
import { ClientFactory, DefaultAgentCardResolver, JsonRpcTransportFactory, type Client } from '@a2a-js/sdk/client';
import { AgentEvent, DefaultRequestHandler, InMemoryTaskStore, type AgentExecutor, type PushNotificationStore } from '@a2a-js/sdk/server';
import { agentCardHandler, jsonRpcHandler, UserBuilder } from '@a2a-js/sdk/server/express';
import express from 'express';
import { afterEach } from 'vitest';
import type { SwitchboardNode } from '../../src/main/core/node';
import type { Approval } from '../../src/shared/domain/approval';

export function textPart(text: string): Part {
  return { content: { $case: 'text', value: text }, mediaType: 'text/plain', filename: '', metadata: undefined };
}

export function userMessage(text: string, ids: { messageId?: string; contextId?: string; taskId?: string } = {}): Message {
  return {
    messageId: ids.messageId ?? `m-${Math.random().toString(36).slice(2)}`,
    contextId: ids.contextId ?? '',
    taskId: ids.taskId ?? '',
    role: Role.ROLE_USER,
    parts: [textPart(text)],
    metadata: undefined,
    extensions: [],
    referenceTaskIds: [],
  };
}

export function sendParams(message: Message, configuration: { returnImmediately?: boolean; historyLength?: number } = {}) {
  return {
    tenant: '',
    message,
    configuration: { acceptedOutputModes: [], taskPushNotificationConfig: undefined, historyLength: configuration.historyLength, returnImmediately: configuration.returnImmediately ?? false },
    metadata: undefined,
  };
}

/** The real @a2a-js/sdk client, presenting `key` the way a spec client does. */
export async function sdkClient(node: Pick<SwitchboardNode, 'port'>, key: string | null, options: { header?: 'bearer' | 'x-a2a-key'; legacy?: boolean } = {}): Promise<Client> {
  const fetchImpl: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    if (key !== null) headers.set(options.header === 'x-a2a-key' ? 'X-A2A-Key' : 'Authorization', options.header === 'x-a2a-key' ? key : `Bearer ${key}`);
    return fetch(input, { ...init, headers });
  };
  const factory = new ClientFactory({
    transports: [new JsonRpcTransportFactory({ fetchImpl, legacyCompat: { enabled: true } })],
    cardResolver: new DefaultAgentCardResolver({ fetchImpl, legacyCompat: { enabled: true } }),
  });
  return factory.createFromUrl(`http://127.0.0.1:${node.port}`);
}

/** Waits for the next pending approval (an inbound request showing up in the inbox). */
export async function nextApproval(node: SwitchboardNode, timeoutMs = 5000): Promise<Approval> {
  const started = Date.now();
  for (;;) {
    const { approvals } = (await node.api.call('approvals.list', { status: 'pending' })) as { approvals: Approval[] };
    if (approvals[0]) return approvals[0];
    if (Date.now() - started > timeoutMs) throw new Error('no approval appeared');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface SdkPeer {
  url: string;
  port: number;
  /** Every JSON-RPC request the peer received (headers and body), in order. */
  requests: { headers: Record<string, string | string[] | undefined>; body: Record<string, unknown> }[];
  contexts: string[];
  /** The card the SDK serves; change it in place (watch tests) and the next fetch serves the change. */
  card: AgentCard;
}

/**
 * A real A2A agent built with the SDK's server and its Express adapter: it echoes each message as an artifact,
 * numbering turns per contextId; "slow …" messages wait until canceled.
 */
export function useSdkPeers() {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });
  return async (options: { streaming?: boolean; name?: string; legacyCard?: boolean; extendedCard?: boolean; pushNotifications?: boolean; pushStore?: PushNotificationStore } = {}): Promise<SdkPeer> => {
    const turns = new Map<string, number>();
    const cancels = new Map<string, () => void>();
    // url, port and card are set once the server listens.
    const peer: SdkPeer = { url: '', port: 0, requests: [], contexts: [], card: AgentCard.fromJSON({}) };
    const executor: AgentExecutor = {
      async execute(context, bus) {
        const text = context.userMessage.parts.map((p) => (p.content?.$case === 'text' ? p.content.value : '')).join('');
        const ids = { taskId: context.taskId, contextId: context.contextId };
        peer.contexts.push(context.contextId);
        const turn = (turns.get(context.contextId) ?? 0) + 1;
        turns.set(context.contextId, turn);
        const now = () => new Date().toISOString();
        bus.publish(AgentEvent.task({ id: ids.taskId, contextId: ids.contextId, status: { state: TaskState.TASK_STATE_SUBMITTED, message: undefined, timestamp: now() }, artifacts: [], history: [context.userMessage], metadata: {} }));
        bus.publish(AgentEvent.statusUpdate({ ...ids, status: { state: TaskState.TASK_STATE_WORKING, message: undefined, timestamp: now() }, metadata: undefined }));
        if (text.startsWith('slow')) {
          await new Promise<void>((resolve) => cancels.set(ids.taskId, resolve));
          return;
        }
        bus.publish(AgentEvent.artifactUpdate({ ...ids, artifact: { artifactId: `a-${turn}`, name: 'echo', description: '', parts: [textPart(`echo #${turn}: ${text}`)], metadata: undefined, extensions: [] }, append: false, lastChunk: true, metadata: undefined }));
        bus.publish(AgentEvent.statusUpdate({ ...ids, status: { state: TaskState.TASK_STATE_COMPLETED, message: undefined, timestamp: now() }, metadata: undefined }));
      },
      async cancelTask(taskId, bus) {
        cancels.get(taskId)?.();
        bus.publish(AgentEvent.statusUpdate({ taskId, contextId: '', status: { state: TaskState.TASK_STATE_CANCELED, message: undefined, timestamp: new Date().toISOString() }, metadata: undefined }));
      },
    };
    const app = express();
    const server = createServer(app);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    peer.port = (server.address() as AddressInfo).port;
    peer.url = `http://127.0.0.1:${peer.port}`;
    const card = AgentCard.fromJSON({
      name: options.name ?? 'SDK echo agent',
      description: 'Echoes what it is sent.',
      version: '1.0.0',
      // The SDK serves a 0.3 card only for an agent that lists a 0.3 interface.
      supportedInterfaces: [
        { url: `${peer.url}/a2a`, protocolBinding: 'JSONRPC', protocolVersion: '1.0' },
        ...(options.legacyCard ? [{ url: `${peer.url}/a2a`, protocolBinding: 'JSONRPC', protocolVersion: '0.3' }] : []),
      ],
      capabilities: { streaming: options.streaming ?? true, pushNotifications: options.pushNotifications ?? false, ...(options.extendedCard ? { extendedAgentCard: true } : {}) },
      defaultInputModes: ['text/plain'],
      defaultOutputModes: ['text/plain'],
      skills: [{ id: 'echo', name: 'Echo', description: 'Echoes', tags: ['echo'] }],
    });
    peer.card = card;
    // With extendedCard, callers asking GetExtendedAgentCard get one more skill than the public card lists.
    const extended = options.extendedCard ? () => Promise.resolve(AgentCard.fromJSON({ ...AgentCard.toJSON(card) as object, skills: [...(AgentCard.toJSON(card) as { skills: unknown[] }).skills, { id: 'audit', name: 'Audit', description: 'For known callers', tags: ['audit'] }] })) : undefined;
    const requestHandler = new DefaultRequestHandler(card, new InMemoryTaskStore(), executor, undefined, options.pushStore, undefined, extended);
    app.use(express.json());
    app.use((req, _res, next) => {
      if (req.method === 'POST') peer.requests.push({ headers: req.headers, body: (req.body ?? {}) as Record<string, unknown> });
      next();
    });
    // With legacyCard, the SDK's compatibility layer also serves the 0.3 card to clients without A2A-Version.
    app.use('/.well-known/agent-card.json', agentCardHandler({ agentCardProvider: requestHandler, ...(options.legacyCard ? { legacyCompat: { enabled: true } } : {}) }));
    app.use('/a2a', jsonRpcHandler({ requestHandler, userBuilder: UserBuilder.noAuthentication, ...(options.legacyCard ? { legacyCompat: { enabled: true } } : {}) }));
    return peer;
  };
}
