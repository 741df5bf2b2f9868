import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AgentCard } from '@a2a-js/sdk';
import { TaskNotCancelableError, TaskNotFoundError } from '@a2a-js/sdk/errors';
import { DefaultRequestHandler, UnauthenticatedUser, type ServerCallContext, type User } from '@a2a-js/sdk/server';
import { baseUrl, secretValue } from '../../../../shared/contract';
import { DEFAULT_A2A_SETTINGS, type A2aSettings } from '../../../../shared/domain/a2a';
import { MAX_ATTACHMENT_LIMIT_BYTES } from '../../../../shared/domain/attachment';
import { createMessageRecorder } from './a2a-files';
import { builtInProtocol } from '../../../../shared/protocols';
import type { MethodHandlers } from '../../../../shared/contract';
import { CoreError } from '../../errors';
import { bearerSecret, headerCredential } from '../../server/credentials';
import { OUTBOUND_IN_FLIGHT, type Protocol, type ProtocolContext, type ProtocolModule, type ShownOnce } from '../protocol';
import { objectSlice } from '../../settings/settings-slice';
import { refuseEncryption, requireBaseUrl } from '../send-checks';
import { createA2aClient } from './a2a-client';
import { createA2aDelivery } from './a2a-delivery';
import { registerA2aRoutes } from './a2a-routes';
import { buildAgentCard, legacyAgentCard } from './agent-card';
import { createA2aInspector } from './a2a-inspector';
import { createCardSigner, JWKS_PATH, type CardSigner } from './card-signature';
import { createApiKeyStore } from './api-key-store';
import { createConversationStore, INTERRUPTED_STATE_NAMES } from './conversation-store';
import { createCredentialStore } from './credential-store';
import { A2aCaller, createGateway } from './gateway';
import { createSqliteTaskStore } from './sqlite-task-store';
import { createPushConfigStore } from './push-config-store';
import { registerPushReceiver } from './push-routes';
import { createPushSender, DEFAULT_PUSH_TIMINGS } from './push-sender';
import { createPushSubscriptions, DEFAULT_QUIET_MS } from './push-subscriptions';
import { timeboxed } from './timeboxed-handler';

const SETTINGS_KEY = 'a2a';
const FIRST_KEY_SETTING = 'a2a.firstKeyIssued';

/** A2A's slice of `settings.update` (`{ a2a: { … } }`): any subset of its fields. */
const settingsPatch = z
  .object({
    description: z.string().trim().min(1).max(2000),
    skills: z
      .array(
        z
          .object({ id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/), name: z.string().min(1).max(100), description: z.string().max(1000), tags: z.array(z.string().min(1).max(50)).max(20), knownCallersOnly: z.boolean().default(false) })
          .strict(),
      )
      .max(50),
    allowUnauthenticated: z.boolean(),
    blockingWaitSeconds: z.number().int().min(0).max(600),
    localAgentUrl: baseUrl.nullable(),
    taskRetention: z.object({ maxAgeDays: z.number().int().min(1).max(3650), maxTasks: z.number().int().min(10).max(1_000_000) }).strict(),
    approvalHours: z.number().min(0.01).max(24 * 90),
    attachments: z
      .object({
        maxPartBytes: z.number().int().min(1024).max(MAX_ATTACHMENT_LIMIT_BYTES),
        maxMessageBytes: z.number().int().min(1024).max(MAX_ATTACHMENT_LIMIT_BYTES),
      })
      .strict(),
  })
  .partial()
  .strict();

/** An A2A peer we call may expect a bearer token; it calls us with an API key from Keys instead of a secret. */
const peerInput = z.object({ outboundSecret: secretValue.optional() }).strict();

/** The key a caller presented: `Authorization: Bearer <key>` (preferred) or `X-A2A-Key: <key>`. */
export function presentedKey(request: FastifyRequest): { present: boolean; key: string | null } {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) return { present: true, key: bearerSecret(authorization) };
  const header = request.headers['x-a2a-key'];
  if (header === undefined) return { present: false, key: null };
  return { present: true, key: headerCredential(header) };
}

/** What the operator is told when a peer will not (or cannot) cancel: the peer's own words, never a stack. */
function cancelError(peerName: string, taskId: string, error: unknown): CoreError {
  const id = taskId.slice(0, 80);
  if (error instanceof TaskNotFoundError) return new CoreError('not_found', `${peerName} has no task ${id} (not found).`);
  if (error instanceof TaskNotCancelableError) return new CoreError('conflict', `${peerName} says task ${id} can no longer be canceled (it has finished).`);
  const detail = error instanceof Error ? error.message.slice(0, 200) : String(error).slice(0, 200);
  return new CoreError('unavailable', `Could not reach ${peerName} to cancel task ${id}: ${detail}`);
}

/** Stored settings over the defaults; skills saved before "known callers only" existed are public. */
function readSettings(stored: Partial<A2aSettings>): A2aSettings {
  const settings = { ...DEFAULT_A2A_SETTINGS, ...stored };
  return { ...settings, skills: settings.skills.map((skill) => ({ ...skill, knownCallersOnly: skill.knownCallersOnly === true })) };
}

/** Everything A2A, assembled: card, JSON-RPC server with the gateway, keys, credentials, and the client side. */
export function createA2aProtocol(ctx: ProtocolContext) {
  const info = builtInProtocol('a2a');
  const slice = objectSlice<A2aSettings>({ key: SETTINGS_KEY, store: ctx.settingsStore, patch: settingsPatch, read: readSettings });
  const settings = slice.current;
  const apiKeys = createApiKeyStore({ db: ctx.db, clock: ctx.clock });
  // Push notifications, both roles: configs callers register here (sent as their tasks change), and webhooks of
  // this node's own for peers that push (instead of being polled).
  const pushTimings = ctx.config.a2aPush ?? {};
  const pushConfigs = createPushConfigStore({ db: ctx.db, vault: ctx.vault, clock: ctx.clock });
  const pushSender = createPushSender({
    configs: pushConfigs,
    uow: ctx.uow,
    audit: ctx.audit,
    logger: ctx.logger,
    timings: { attempts: pushTimings.attempts ?? DEFAULT_PUSH_TIMINGS.attempts, retryBaseMs: pushTimings.retryBaseMs ?? DEFAULT_PUSH_TIMINGS.retryBaseMs, timeoutMs: pushTimings.timeoutMs ?? DEFAULT_PUSH_TIMINGS.timeoutMs },
  });
  const pushSubscriptions = createPushSubscriptions({ publicUrl: () => ctx.settings.publicUrl(), quietMs: pushTimings.quietMs ?? DEFAULT_QUIET_MS });
  const tasks = createSqliteTaskStore({ db: ctx.db, clock: ctx.clock, onSaved: pushSender.taskSaved });
  const credentials = createCredentialStore({ db: ctx.db, vault: ctx.vault, clock: ctx.clock });
  const conversations = createConversationStore({ db: ctx.db, clock: ctx.clock });
  const client = createA2aClient({ peers: ctx.peers, credentials, clock: ctx.clock, logger: ctx.logger });
  const recordMessage = createMessageRecorder({ uow: ctx.uow, messages: ctx.messages, attachments: ctx.attachments });
  const gateway = createGateway({ recordMessage, peers: ctx.peers, messages: ctx.messages, approvals: ctx.approvals, tasks, client, settings, clock: ctx.clock, logger: ctx.logger, onMessage: ctx.onMessage, onUpdated: ctx.messageChanged });
  const delivery = createA2aDelivery({ push: pushSubscriptions, recordMessage, attachments: ctx.attachments, client, uow: ctx.uow, conversations, messages: ctx.messages, clock: ctx.clock, logger: ctx.logger, onMessage: ctx.onMessage, onUpdated: ctx.messageChanged });

  // The request handler keeps a reference to the card; it is refreshed in place when settings change, and served
  // signed by this node's identity key (A2A 1.0 §8.4), the 1.0 and the 0.3 shape each with its own signature.
  const build = (extended = false) => buildAgentCard({ name: ctx.settings.name(), version: ctx.version, baseUrl: ctx.baseUrl(), settings: settings(), extended });
  const card = build();
  let signer: CardSigner | null = null;
  let served = { current: AgentCard.toJSON(card) as Record<string, unknown>, legacy: legacyAgentCard(card) };
  let signing: Promise<void> = Promise.resolve();
  const refreshCard = () => {
    const next = build();
    const current = AgentCard.toJSON(next) as Record<string, unknown>;
    const legacy = legacyAgentCard(next);
    // Until its signatures are made the new card is not served, so every card served is signed (once a key exists).
    const publish = async () => {
      if (!signer) {
        Object.assign(card, next);
        served = { current, legacy };
        return;
      }
      const [v1, v03] = await Promise.all([signer.sign(current), signer.sign(legacy)]);
      Object.assign(card, next, { signatures: [{ ...v1, header: undefined }] });
      served = { current: { ...current, signatures: [v1] }, legacy: { ...legacy, signatures: [v03] } };
    };
    signing = signing.then(publish, publish).catch((error: unknown) => ctx.logger.warn('could not sign the agent card', { error: error instanceof Error ? error.message : String(error) }));
    return signing;
  };
  ctx.events.on('settings.changed', () => void refreshCard());
  // The routes let only callers with a key ask for it (A2A 1.0 §13.3); it goes unsigned, over their authenticated
  // channel, because the SDK translates it for 0.3 callers after any signature would have been made.
  const extendedCard = async (context: ServerCallContext): Promise<AgentCard> => (context.user?.isAuthenticated ? build(true) : card);

  const handler = timeboxed(new DefaultRequestHandler(card, tasks, gateway.executor, undefined, pushConfigs.store, pushSender.sdkSender, extendedCard), {
    limitMs: () => settings().blockingWaitSeconds * 1000,
    taskIdFor: gateway.taskIdFor,
    tasks,
    // A caller canceling after a restart leaves no live executor: close its request in the inbox too.
    afterCancel: async (taskId) => {
      const pending = ctx.approvals.pendingWhere('a2a.request', 'taskId', taskId);
      if (pending) await ctx.approvals.close(pending.id, 'cancel');
    },
  });

  const authenticate = (request: FastifyRequest): User | null => {
    const presented = presentedKey(request);
    if (!presented.present && settings().allowUnauthenticated) return new UnauthenticatedUser();
    if (!presented.key) return null;
    const found = apiKeys.authenticate(presented.key);
    if (!found) return null;
    ctx.peers.touchLastSeen(found.peerId);
    return new A2aCaller(found.peerId, found.peerName);
  };

  const keyPeer = (label: string, peerRef: string | undefined) => {
    if (peerRef) return ctx.peers.resolve(peerRef);
    const existing = ctx.peers.getByName(label);
    if (existing) return existing;
    // A caller we only know by its key: an inbound-only A2A peer (no URL to send to until one is set).
    return ctx.peers.add({ name: label, protocol: info.id, baseUrl: '', notes: 'Created for an inbound A2A key.' });
  };

  const generateKey = (label: string, peerRef?: string) =>
    ctx.uow.run('a2a.key_generate', () => {
      const result = apiKeys.generate(label, keyPeer(label, peerRef).id);
      ctx.audit.audit('a2a.key_generated', { label, peer: result.info.peerName });
      ctx.events.emit('keys.changed', {});
      ctx.events.emit('peers.changed', { peerId: result.info.peerId });
      return result;
    });

  const a2aPeer = (peerRef: string) => {
    const peer = ctx.peers.resolve(peerRef);
    if (peer.protocol !== info.id) throw new CoreError('invalid_input', `${peer.name} is not an A2A peer.`);
    return peer;
  };

  const handlers = {
    'keys.list': () => ({ keys: apiKeys.list() }),
    'keys.generate': ({ label, peer }) => generateKey(label, peer),
    'keys.revoke': ({ label }) =>
      ctx.uow.run('a2a.key_revoke', () => {
        const revoked = apiKeys.revoke(label);
        ctx.audit.audit('a2a.key_revoked', { label: revoked.label, peer: revoked.peerName });
        ctx.events.emit('keys.changed', {});
        return revoked;
      }),
    'credentials.list': () => ({ credentials: credentials.list() }),
    'credentials.add': ({ prefix, headers }) =>
      ctx.uow.run('a2a.credentials_add', () => {
        const added = credentials.add(prefix, headers);
        ctx.audit.audit('credentials.added', { prefix: added.prefix, headers: added.headers.map((h) => h.name) });
        ctx.events.emit('keys.changed', {});
        return added;
      }),
    'credentials.remove': ({ id }) =>
      ctx.uow.run('a2a.credentials_remove', () => {
        credentials.remove(id);
        ctx.audit.audit('credentials.removed', { id });
        ctx.events.emit('keys.changed', {});
        return { removed: id };
      }),
    'a2a.cancelTask': async ({ peer: peerRef, taskId }) => {
      const peer = a2aPeer(peerRef);
      if (!peer.baseUrl) throw new CoreError('invalid_input', `${peer.name} has no base URL to reach it at.`);
      let state: string;
      try {
        state = await delivery.cancel(peer, taskId);
      } catch (error) {
        throw cancelError(peer.name, taskId, error);
      }
      ctx.audit.audit('a2a.task_cancel_requested', { peer: peer.name, taskId });
      return { state };
    },
    'peers.setGatewayPolicy': ({ peer, policy }) =>
      ctx.uow.run('a2a.gateway_policy', () => {
        const target = ctx.peers.resolve(peer);
        ctx.peers.setGatewayPolicy(target.id, policy);
        ctx.audit.audit('peer.gateway_policy_set', { peer: target.name, policy });
        ctx.events.emit('peers.changed', { peerId: target.id });
        return ctx.peers.resolve(target.id);
      }),
  } satisfies Partial<MethodHandlers>;

  const protocol = {
    info,
    register(app) {
      registerA2aRoutes(app, {
        handler,
        card: () => card,
        servedCard: (legacy) => (legacy ? served.legacy : served.current),
        jwks: () => signer?.jwks() ?? null,
        authenticate,
        attachmentLimits: () => settings().attachments,
        bodyLimitBytes: ctx.config.bodyLimitBytes,
        audit: ctx.audit,
        logger: ctx.logger,
        now: () => ctx.clock.now(),
        limits: ctx.limits,
      });
      registerPushReceiver(app, { subscriptions: pushSubscriptions });
    },

    settings: slice,

    peers: {
      input: peerInput,
      added(peer, input) {
        const { outboundSecret } = input as z.output<typeof peerInput>;
        if (outboundSecret) ctx.peers.setCredential(peer.id, 'outbound_secret', outboundSecret);
        return {};
      },
      // The card cached for the old URL says nothing about the new one.
      updated: (_peer, before) => client.forget(before.baseUrl),
    },

    outbound: {
      // A repeated SendMessage is a new task at the agent: only what cannot have arrived is redriven by itself.
      idempotent: false,
      // Each SendMessage carries its own context and task, fixed when it was queued: none waits on the one before.
      maxInFlight: OUTBOUND_IN_FLIGHT,
      files: { limits: () => settings().attachments },
      prepare(peer, options) {
        requireBaseUrl(peer);
        refuseEncryption(options, "A2A messages are protected by the peer's https.");
        const contextId = conversations.contextFor(peer.id, { context: options.context, newContext: options.newContext });
        const current = conversations.current(peer.id);
        // Answering a task that asked for more input continues that task rather than starting another.
        const continues = current && current.contextId === contextId && current.taskId && INTERRUPTED_STATE_NAMES.includes(current.taskState ?? '');
        return continues ? { contextId, taskId: current.taskId! } : { contextId };
      },
      deliver: ({ peer, item, signal, recordSent }) => delivery.deliver(peer, item.messageId, item.request, signal, recordSent),
    },

    handlers,
    inspector: createA2aInspector({ credentials, peers: ctx.peers }),

    async start() {
      try {
        signer = await createCardSigner({ settings: ctx.settingsStore, vault: ctx.vault, jwksUrl: () => `${ctx.baseUrl()}${JWKS_PATH}` });
      } catch (error) {
        // An identity key the vault cannot open must not keep the node from serving: the card goes out unsigned.
        ctx.logger.warn('the card signing key cannot be opened; the A2A card is served unsigned', { error: error instanceof Error ? error.message : String(error) });
      }
      // The listening port is known now: the card's URL follows it until a public URL is set.
      await refreshCard();
    },
    stop() {
      gateway.releaseAll();
      delivery.stop();
      pushSender.stop();
    },
    sweep: () => tasks.sweep(settings().taskRetention) + pushConfigs.sweep(),

    /**
     * Secure by default (seed 001): the first start with no key and keys required makes one, to be shown once —
     * on stdout when headless, in a dialog on the desktop — and never logged afterwards.
     */
    firstRun(): ShownOnce[] {
      if (!ctx.config.issueFirstA2aKey) return [];
      if (ctx.settingsStore.get<boolean>(FIRST_KEY_SETTING) || apiKeys.count() > 0 || settings().allowUnauthenticated) return [];
      // The key and the note that the first one was made are one change.
      const { key } = ctx.uow.run('a2a.first_key', () => {
        const made = generateKey('default');
        ctx.settingsStore.set(FIRST_KEY_SETTING, true);
        return made;
      });
      return [
        {
          name: 'A2A API key "default"',
          title: 'Your A2A API key',
          why: 'Switchboard made an API key for agents that call this node over A2A.',
          keep: 'store it where your callers can use it',
          value: key,
          use: 'Callers send it as "Authorization: Bearer <key>" or "X-A2A-Key: <key>".',
          manage: { console: 'You can make more, and revoke this one, in Keys.', cli: 'Manage keys with `switchboard keys`.' },
        },
      ];
    },

    warnings: () => (settings().allowUnauthenticated ? ['A2A accepts calls without a key (allow unauthenticated is on).'] : []),
  } satisfies Protocol;

  return { ...protocol, apiKeys, tasks, credentials, conversations, delivery, pushConfigs, pushSubscriptions };
}

export type A2aProtocol = ReturnType<typeof createA2aProtocol>;

export const a2aProtocol: ProtocolModule = { info: builtInProtocol('a2a'), create: createA2aProtocol };
