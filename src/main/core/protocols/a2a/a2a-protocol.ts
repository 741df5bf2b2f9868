import type { FastifyRequest } from 'fastify';
import { TaskNotCancelableError, TaskNotFoundError } from '@a2a-js/sdk/errors';
import { DefaultRequestHandler, UnauthenticatedUser, type User } from '@a2a-js/sdk/server';
import { ControlError } from '../../../../shared/control-error';
import { bearerSecret, headerCredential } from '../secure/inbound-auth';
import { createA2aClient } from './a2a-client';
import { createA2aDelivery } from './a2a-delivery';
import { registerA2aRoutes } from './a2a-routes';
import { buildAgentCard } from './agent-card';
import { createApiKeyStore } from './api-key-store';
import { createConversationStore } from './conversation-store';
import { createCredentialStore } from './credential-store';
import { A2aCaller, createGateway } from './gateway';
import { createSqliteTaskStore } from './sqlite-task-store';
import { timeboxed } from './timeboxed-handler';
import type { ProtocolContext } from '../protocol-context';

const FIRST_KEY_SETTING = 'a2a.firstKeyIssued';

/** The key a caller presented: `Authorization: Bearer <key>` (preferred) or `X-A2A-Key: <key>`. */
export function presentedKey(request: FastifyRequest): { present: boolean; key: string | null } {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) return { present: true, key: bearerSecret(authorization) };
  const header = request.headers['x-a2a-key'];
  if (header === undefined) return { present: false, key: null };
  return { present: true, key: headerCredential(header) };
}

/** What the operator is told when a peer will not (or cannot) cancel: the peer's own words, never a stack. */
function cancelError(peerName: string, taskId: string, error: unknown): ControlError {
  const id = taskId.slice(0, 80);
  if (error instanceof TaskNotFoundError) return new ControlError('not_found', `${peerName} has no task ${id} (not found).`);
  if (error instanceof TaskNotCancelableError) return new ControlError('conflict', `${peerName} says task ${id} can no longer be canceled (it has finished).`);
  const detail = error instanceof Error ? error.message.slice(0, 200) : String(error).slice(0, 200);
  return new ControlError('unavailable', `Could not reach ${peerName} to cancel task ${id}: ${detail}`);
}

/** Everything A2A, assembled: card, JSON-RPC server with the gateway, keys, credentials, and the client side. */
export function createA2aProtocol(deps: ProtocolContext & {
  settingsStore: { get<T>(key: string): T | undefined; set(key: string, value: unknown): void };
  version: string;
  /** The URL peers use for this node (configured, else the listening address). */
  baseUrl: () => string;
  onOutboxChange: (messageId: number) => void;
}) {
  const apiKeys = createApiKeyStore({ db: deps.db, clock: deps.clock });
  const tasks = createSqliteTaskStore({ db: deps.db, clock: deps.clock });
  const credentials = createCredentialStore({ db: deps.db, vault: deps.vault, clock: deps.clock });
  const conversations = createConversationStore({ db: deps.db, clock: deps.clock });
  const client = createA2aClient({ peers: deps.peers, credentials, clock: deps.clock, logger: deps.logger });
  const gateway = createGateway({
    peers: deps.peers,
    messages: deps.messages,
    approvals: deps.approvals,
    tasks,
    client,
    settings: () => deps.settings.a2a(),
    clock: deps.clock,
    logger: deps.logger,
    onMessage: deps.onMessage,
  });
  deps.approvals.register('a2a.request', gateway.effect);
  const delivery = createA2aDelivery({ client, conversations, messages: deps.messages, clock: deps.clock, logger: deps.logger, onMessage: deps.onMessage, onUpdated: deps.onOutboxChange });

  // The request handler keeps a reference to the card; it is refreshed in place when settings change.
  const card = buildAgentCard({ name: deps.settings.name(), version: deps.version, baseUrl: deps.baseUrl(), settings: deps.settings.a2a() });
  const refreshCard = () => Object.assign(card, buildAgentCard({ name: deps.settings.name(), version: deps.version, baseUrl: deps.baseUrl(), settings: deps.settings.a2a() }));
  deps.events.on('settings.changed', refreshCard);

  const handler = timeboxed(new DefaultRequestHandler(card, tasks, gateway.executor), {
    limitMs: () => deps.settings.a2a().blockingWaitSeconds * 1000,
    taskIdFor: gateway.taskIdFor,
    tasks,
    // A caller canceling after a restart leaves no live executor: close its request in the inbox too.
    afterCancel: async (taskId) => {
      const pending = deps.approvals.pendingWhere('a2a.request', 'taskId', taskId);
      if (pending) await deps.approvals.close(pending.id, 'cancel');
    },
  });

  const authenticate = (request: FastifyRequest): User | null => {
    const presented = presentedKey(request);
    if (!presented.present && deps.settings.a2a().allowUnauthenticated) return new UnauthenticatedUser();
    if (!presented.key) return null;
    const found = apiKeys.authenticate(presented.key);
    return found ? new A2aCaller(found.peerId, found.peerName) : null;
  };
  registerA2aRoutes(deps.app, { handler, card: () => card, authenticate, audit: deps.audit, logger: deps.logger, now: () => deps.clock.now() });

  const keyPeer = (label: string, peerRef: string | undefined) => {
    if (peerRef) return deps.peers.resolve(peerRef);
    const existing = deps.peers.getByName(label);
    if (existing) return existing;
    // A caller we only know by its key: an inbound-only A2A peer (no URL to send to until one is set).
    return deps.peers.add({ name: label, protocol: 'a2a', baseUrl: '', notes: 'Created for an inbound A2A key.' });
  };

  return {
    apiKeys,
    credentials,
    tasks,
    delivery,
    conversations,
    card: () => card,
    refreshCard,

    generateKey(label: string, peerRef?: string) {
      const result = deps.db.transaction(() => apiKeys.generate(label, keyPeer(label, peerRef).id))();
      deps.audit.audit('a2a.key_generated', { label, peer: result.info.peerName });
      deps.events.emit('keys.changed', {});
      deps.events.emit('peers.changed', { peerId: result.info.peerId });
      return result;
    },

    revokeKey(label: string) {
      const info = apiKeys.revoke(label);
      deps.audit.audit('a2a.key_revoked', { label: info.label, peer: info.peerName });
      deps.events.emit('keys.changed', {});
      return info;
    },

    /**
     * Secure by default (seed 001): the first start with no key and keys required makes one, returned here to be
     * shown once — on stdout when headless, in a dialog on the desktop — and never logged afterwards.
     */
    issueFirstKey(): string | null {
      if (deps.settingsStore.get<boolean>(FIRST_KEY_SETTING) || apiKeys.count() > 0 || deps.settings.a2a().allowUnauthenticated) return null;
      const { key } = this.generateKey('default');
      deps.settingsStore.set(FIRST_KEY_SETTING, true);
      return key;
    },

    async cancelTask(peerRef: string, taskId: string) {
      const peer = deps.peers.resolve(peerRef);
      if (peer.protocol !== 'a2a') throw new ControlError('invalid_input', `${peer.name} is not an A2A peer.`);
      if (!peer.baseUrl) throw new ControlError('invalid_input', `${peer.name} has no base URL to reach it at.`);
      let state: string;
      try {
        state = await delivery.cancel(peer, taskId);
      } catch (error) {
        throw cancelError(peer.name, taskId, error);
      }
      deps.audit.audit('a2a.task_cancel_requested', { peer: peer.name, taskId });
      return { state };
    },

    sweep() {
      return tasks.sweep(deps.settings.a2a().taskRetention);
    },

    stop() {
      gateway.releaseAll();
      delivery.stop();
    },
  };
}

export type A2aProtocol = ReturnType<typeof createA2aProtocol>;
