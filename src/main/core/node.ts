import type { FastifyInstance } from 'fastify';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { MessageSummary } from '../../shared/domain/message';
import type { NodeStatus } from '../../shared/domain/node';
import { systemClock, type Clock } from './clock';
import { nodeConfigSchema, type NodeConfig, type NodeConfigInput } from './config';
import { createControlApi, type ControlApi } from './control/control-api';
import { removeControlFile, writeControlFile } from './control/control-file';
import { createEventBus, type EventBus } from './control/event-bus';
import { a2aHandlers } from './control/handlers/a2a-handlers';
import { deliveryHandlers } from './control/handlers/delivery-handlers';
import { messageHandlers } from './control/handlers/message-handlers';
import { peerHandlers } from './control/handlers/peer-handlers';
import { startLoopbackServer, type LoopbackServer } from './control/loopback-server';
import { randomToken } from './crypto/tokens';
import { createFileKeyStore, createVault, type DataKeyStore } from './crypto/vault';
import { acquireDataDirLock } from './data-dir/data-dir-lock';
import { dataDirFiles, ensureDataDir, ensurePrivateFile } from './data-dir/data-dir';
import { createLogger, type Logger } from './logger';
import { capabilityCard } from './protocols/secure/capability-card';
import { createFetchRefResolver } from './protocols/secure/fetch-ref';
import { authenticateSecure } from './protocols/secure/inbound-auth';
import { createSecureClient } from './protocols/secure/secure-client';
import { createSecureReceiver } from './protocols/secure/secure-receiver';
import { registerSecureRoutes } from './protocols/secure/secure-routes';
import { registerHealthRoute } from './server/health-route';
import { createPublicServer, listenOrExplain } from './server/public-server';
import { createNodeSettings, type NodeSettingsService } from './settings/node-settings';
import { createAuditLog, type AuditLog } from './store/audit-log';
import { createBlobStore } from './store/blob-store';
import { createCounterStore } from './store/counter-store';
import { openDatabase, type Db } from './store/database';
import { createIdempotencyStore } from './store/idempotency-store';
import { createMessageStore, type MessageStore } from './store/message-store';
import { createPeerStore, type PeerStore } from './store/peer-store';
import { createSettingsStore } from './store/settings-store';
import { createWriteBatcher } from './store/write-batcher';
import { createWakeService, type WakeService } from './wake/wake-service';
import { createDeliveryWorker } from './outbox/delivery-worker';
import { createOutboxService, type OutboxService } from './outbox/outbox-service';
import { createOutboxStore } from './outbox/outbox-store';
import { createApprovalStore } from './approvals/approval-store';
import { createApprovalsService, type ApprovalsService } from './approvals/approvals-service';
import { createA2aProtocol, type A2aProtocol } from './protocols/a2a/a2a-protocol';
import { INTERRUPTED_STATE_NAMES } from './protocols/a2a/conversation-store';
import { createChatProtocol, type ChatProtocol } from './protocols/chat/chat-protocol';
import type { ProtocolContext } from './protocols/protocol-context';
import { chatHandlers } from './control/handlers/chat-handlers';

export const APP_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev';
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;
/** Counts change with every message; at hundreds per second the UI needs them a few times a second at most. */
const COUNTS_EVENT_INTERVAL_MS = 100;

/** Runs at once when idle, then at most once per interval with the latest state (leading and trailing edge). */
function throttle(run: () => void, intervalMs: number): (() => void) & { cancel(): void } {
  let last = 0;
  let timer: NodeJS.Timeout | null = null;
  const fire = () => {
    timer = null;
    last = Date.now();
    run();
  };
  const throttled = () => {
    if (timer) return;
    const wait = last + intervalMs - Date.now();
    if (wait <= 0) fire();
    else timer = setTimeout(fire, wait);
  };
  return Object.assign(throttled, {
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  });
}

export interface NodeDeps {
  logger?: Logger;
  clock?: Clock;
  /**
   * Where the vault's data key lives; the headless default is a 0600 file in the data dir. A factory, because
   * the store is built only once the data dir is known and locked.
   */
  dataKeyStore?: (dataDir: string) => DataKeyStore;
}

export interface SwitchboardNode {
  readonly config: NodeConfig;
  readonly name: string;
  readonly api: ControlApi;
  readonly events: EventBus;
  readonly audit: AuditLog;
  readonly db: Db;
  readonly peers: PeerStore;
  readonly messages: MessageStore;
  readonly settings: NodeSettingsService;
  readonly wake: WakeService;
  readonly outbox: OutboxService;
  readonly approvals: ApprovalsService;
  readonly a2a: A2aProtocol;
  readonly chat: ChatProtocol;
  /** The inbound A2A key made on this first start (secure by default), to show once; null otherwise. */
  readonly firstRunA2aKey: string | null;
  /** The public listener's real port (differs from config.port when 0 was asked for). */
  readonly port: number;
  readonly listeningUrl: string;
  readonly control: { readonly port: number; readonly url: string; readonly token: string };
  /** The web console with the admin token in the fragment (never sent to a server, never in logs). */
  readonly consoleUrl: string;
  status(): NodeStatus;
  /** Recounts and pushes `node.countsChanged`. */
  countsChanged(): void;
  /** Stops accepting, lets in-flight requests finish, closes the database and releases the data dir. */
  close(): Promise<void>;
}

/**
 * The node: everything Switchboard is, under plain Node. The desktop and headless faces are thin shells that
 * call this and present the result.
 */
export async function createNode(input: NodeConfigInput, deps: NodeDeps = {}): Promise<SwitchboardNode> {
  const config = nodeConfigSchema.parse(input);
  const logger: Logger = deps.logger ?? createLogger();
  const clock: Clock = deps.clock ?? systemClock;
  const dataDir = ensureDataDir(config.dataDir);
  const cleanups: (() => void | Promise<void>)[] = [];
  const runCleanups = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        logger.warn('shutdown step failed', { error: error instanceof Error ? error.message : String(error) });
      }
    }
  };

  try {
    const lock = acquireDataDirLock(dataDir, () => new Date(clock.now()));
    cleanups.push(() => lock.release());

    const dbPath = join(dataDir, dataDirFiles.database);
    ensurePrivateFile(dbPath);
    const db = openDatabase(dbPath);
    cleanups.push(() => {
      db.close();
    });

    const vault = createVault(
      deps.dataKeyStore?.(dataDir) ?? createFileKeyStore(join(dataDir, dataDirFiles.vaultKey), { wrappedElsewhere: join(dataDir, dataDirFiles.vaultKeyWrapped) }),
    );
    const events = createEventBus((error) => logger.warn('event subscriber failed', { error: String(error) }));
    const audit = createAuditLog({ db, clock, onAppend: (entry) => events.emit('audit.appended', entry) });
    const settingsStore = createSettingsStore(db);
    const counters = createCounterStore(db);
    const peers = createPeerStore({ db, vault, clock });
    const messages = createMessageStore({ db, clock });
    const idempotency = createIdempotencyStore({ db, clock });
    const blobs = createBlobStore({ db, clock });
    const wake = createWakeService({ events, audit, counters, settings: settingsStore, logger });
    const settings = createNodeSettings({ settings: settingsStore, audit, events, wake, defaultName: defaultNodeName() });
    if (config.name !== undefined) settingsStore.set('node.name', config.name);
    if (config.publicUrl !== undefined) settingsStore.set('node.publicUrl', config.publicUrl);

    const sweeps: (() => number)[] = [() => idempotency.sweep(), () => blobs.sweep()];
    const sweep = () => {
      const removed = sweeps.reduce((sum, run) => sum + run(), 0);
      if (removed > 0) logger.debug('expired records removed', { removed });
    };
    const sweeper = setInterval(sweep, SWEEP_INTERVAL_MS);
    sweeper.unref();
    cleanups.push(() => clearInterval(sweeper));
    // Runs after the listeners have closed (cleanups run in reverse): in-flight requests are done, wake hooks
    // they started get to finish, and only then is the stop recorded and the database closed.
    cleanups.push(async () => {
      await wake.idle();
      audit.audit('node.stopped', { name: settings.name() });
    });

    const startedAt = clock.now();
    const countsChanged = throttle(() => events.emit('node.countsChanged', { counts: messages.counts() }), COUNTS_EVENT_INTERVAL_MS);
    cleanups.push(() => countsChanged.cancel());

    const app: FastifyInstance = createPublicServer({ bodyLimitBytes: config.bodyLimitBytes, logger });
    let port = config.port;
    const ownOrigins = () => {
      const origins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
      const publicUrl = settings.publicUrl();
      if (publicUrl) origins.push(new URL(publicUrl).origin);
      return origins;
    };
    registerHealthRoute(app, { name: settings.name, version: APP_VERSION, startedAt, clock });
    const receiver = createSecureReceiver({
      db,
      writes: createWriteBatcher(db),
      clock,
      logger,
      peers,
      messages,
      idempotency,
      blobs,
      counters,
      audit,
      wake,
      nodeName: settings.name,
      fetchRef: createFetchRefResolver({ peers, blobs, ownOrigins }),
      onMessage: (message) => {
        events.emit('message.added', message);
        countsChanged();
      },
    });
    const approvals = createApprovalsService({ store: createApprovalStore({ db, clock }), events, audit, logger });
    const onMessage = (message: MessageSummary) => {
      events.emit('message.added', message);
      countsChanged();
    };
    const protocolContext: ProtocolContext = { app, db, vault, clock, logger, events, audit, peers, messages, settings, approvals, onMessage };
    const a2a = createA2aProtocol({
      ...protocolContext,
      settingsStore,
      version: APP_VERSION,
      baseUrl: () => settings.publicUrl() ?? `http://${reachableHost(config.host)}:${port}`,
      onOutboxChange: (id) => {
        const summary = messages.summary(id);
        if (summary) events.emit('message.updated', summary);
      },
    });
    const chat = createChatProtocol({
      ...protocolContext,
      limits: config.chatLimits,
      timings: config.chatTimings,
      // The outbox is made below; by the time a session opens, it exists.
      onSessionReady: (peerId) => outbox.retryNow({ peer: peerId }),
      extraMetrics: () => {
        const counts = messages.counts();
        return { messages_received_total: counts.messagesIn, messages_sent_total: counts.messagesOut, approvals_pending: approvals.pendingCount(), uptime_seconds: Math.floor((clock.now() - startedAt) / 1000) };
      },
    });
    sweeps.push(() => chat.sweep());
    const outboxStore = createOutboxStore({ db, clock, messages });
    const secureClient = createSecureClient({ peers, blobs, nodeName: settings.name, publicUrl: settings.publicUrl, clock });
    const worker = createDeliveryWorker({
      outbox: outboxStore,
      clock,
      logger,
      policyFor: (peerId) => outbox.policyFor(peerId),
      summary: (id) => messages.summary(id),
      onChange: (message) => {
        events.emit('message.updated', message);
        countsChanged();
      },
      deliver: async (item, signal) => {
        const peer = item.peerId ? peers.get(item.peerId) : null;
        if (!peer) return { kind: 'failed', statusCode: null, error: 'the peer was removed' };
        if (peer.protocol === 'a2a') return a2a.delivery.deliver(peer, item.messageId, item.request, signal);
        if (peer.protocol === 'chat') return chat.deliver(peer, item.request);
        return secureClient.deliver({ peer, request: item.request, blobId: item.blobId, saveBlobId: (id) => outboxStore.setBlobId(item.messageId, id), signal });
      },
    });
    const outbox = createOutboxService({
      outbox: outboxStore,
      peers,
      messages,
      settings: settingsStore,
      worker,
      events,
      audit,
      clock,
      countsChanged,
      conversationFor: (peer, choice) => {
        const contextId = a2a.conversations.contextFor(peer.id, choice);
        const current = a2a.conversations.current(peer.id);
        // Answering a task that asked for more input continues that task rather than starting another.
        const continues = current && current.contextId === contextId && current.taskId && INTERRUPTED_STATE_NAMES.includes(current.taskState ?? '');
        return continues ? { contextId, taskId: current.taskId! } : { contextId };
      },
    });
    cleanups.push(() => worker.stop());

    registerSecureRoutes(app, {
      receiver,
      authenticate: (header) => authenticateSecure({ peers, settings: settingsStore }, header),
      card: () => capabilityCard(settings.name(), settings.skills()),
      audit,
      now: () => clock.now(),
    });
    port = await listenOrExplain(app, config.host, config.port);
    cleanups.push(() => app.close());
    const listeningUrl = `http://${reachableHost(config.host)}:${port}`;

    const status = (): NodeStatus => ({
      name: settings.name(),
      version: APP_VERSION,
      bindHost: config.host,
      port,
      listeningUrl,
      publicUrl: settings.publicUrl(),
      startedAt: new Date(startedAt).toISOString(),
      uptimeSeconds: Math.floor((clock.now() - startedAt) / 1000),
      dataDir,
      vaultBackend: vault.backend,
      counts: messages.counts(),
    });

    const api = createControlApi({
      events,
      logger,
      handlers: {
        'node.status': () => status(),
        'audit.list': ({ limit, beforeId }) => ({ entries: audit.list({ limit, beforeId }) }),
        'settings.get': () => settings.get(),
        'settings.update': (patch) => settings.update(patch),
        ...peerHandlers({
          db,
          peers,
          audit,
          events,
          beforeRemove: (peer) => {
            if (peer.protocol === 'chat') chat.links.endSession(peer.id);
            outbox.abandonPeer(peer);
          },
          afterAdd: (peer, input) => {
            if (input.chat) chat.link(peer, input.chat);
          },
        }),
        ...messageHandlers({ messages, events, countsChanged }),
        ...deliveryHandlers({ outbox }),
        ...a2aHandlers({ a2a, approvals, peers, audit, events }),
        ...chatHandlers({ chat }),
      },
    });

    const token = randomToken(32);
    const loopback: LoopbackServer = await startLoopbackServer({ api, token, port: config.controlPort, logger, consoleDir: config.consoleDir });
    cleanups.push(() => loopback.close());
    writeControlFile(dataDir, { pid: process.pid, port: loopback.port, token, url: loopback.url, startedAt: new Date(startedAt).toISOString() });
    cleanups.push(() => removeControlFile(dataDir));

    worker.start();
    approvals.start();
    chat.start();
    cleanups.push(() => {
      approvals.stop();
      a2a.stop();
      chat.stop();
    });
    sweeps.push(() => a2a.sweep());
    sweep();
    const firstRunA2aKey = config.issueFirstA2aKey ? a2a.issueFirstKey() : null;
    a2a.refreshCard();
    audit.audit('node.started', { name: settings.name(), port, bindHost: config.host, controlPort: loopback.port, version: APP_VERSION, vault: vault.backend });

    let closing: Promise<void> | null = null;
    return {
      config,
      get name() {
        return settings.name();
      },
      api,
      events,
      audit,
      db,
      peers,
      messages,
      settings,
      wake,
      outbox,
      approvals,
      a2a,
      chat,
      firstRunA2aKey,
      port,
      listeningUrl,
      control: { port: loopback.port, url: loopback.url, token },
      consoleUrl: `${loopback.url}/#token=${token}`,
      status,
      countsChanged,
      close() {
        closing ??= runCleanups();
        return closing;
      },
    };
  } catch (error) {
    await runCleanups();
    throw error;
  }
}

function defaultNodeName(): string {
  const host = hostname().split('.')[0] || 'node';
  return `switchboard-${host}`.slice(0, 64);
}

function reachableHost(bindHost: string): string {
  if (bindHost === '0.0.0.0' || bindHost === '::' || bindHost === '') return '127.0.0.1';
  return bindHost.includes(':') ? `[${bindHost}]` : bindHost;
}
