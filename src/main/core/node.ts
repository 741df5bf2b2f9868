import { existsSync, statSync } from 'node:fs';
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { MethodHandlers } from '../../shared/contract';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { MessageSummary } from '../../shared/domain/message';
import type { NodeStatus } from '../../shared/domain/node';
import { createApprovalsService, type ApprovalsService } from './approvals/approvals-service';
import { systemClock, type Clock } from './clock';
import { nodeConfigSchema, type NodeConfig, type NodeConfigInput } from './config';
import { completeHandlers, createControlApi, type ControlApi } from './control/control-api';
import { controlFilePath, removeControlFile, writeControlFile } from './control/control-file';
import { createEventBus, type EventBus } from './event-bus';
import { approvalHandlers } from './control/handlers/approval-handlers';
import { deliveryHandlers } from './control/handlers/delivery-handlers';
import { conversationHandlers, messageHandlers } from './control/handlers/message-handlers';
import { createConversationReads } from './store/conversation-reads';
import { createRedrive } from './outbox/redrive';
import { createNodeMetrics } from './metrics/node-metrics';
import { peerHandlers } from './control/handlers/peer-handlers';
import { startLoopbackServer, type LoopbackServer } from './control/loopback-server';
import { createConsoleAccess } from './control/console-access';
import { CoreError } from './errors';
import { createFileKeyStore, createVault, type DataKeyStore } from './crypto/vault';
import { acquireDataDirLock } from './data-dir/data-dir-lock';
import { dataDirFiles, ensureDataDir, ensurePrivateFile } from './data-dir/data-dir';
import { createLogger, type Logger } from './logger';
import { createDeliveryWorker } from './outbox/delivery-worker';
import { createOutboxService, type OutboxService } from './outbox/outbox-service';
import { createOutboxStore } from './outbox/outbox-store';
import { createInspector, type Inspector } from './inspector/inspector-service';
import { builtInProtocolModules } from './protocols';
import type { ProtocolContext, ProtocolModule, ShownOnce } from './protocols/protocol';
import { createProtocolRegistry, type ProtocolRegistry } from './protocols/registry';
import { registerHealthRoute } from './server/health-route';
import { createPublicServer, listenOrExplain, PortInUseError } from './server/public-server';
import { createPublicLimits } from './server/public-limits';
import { createReceivingGate } from './server/receiving-gate';
import { createNodeSettings, type NodeSettingsService } from './settings/node-settings';
import { createAuditLog, type AuditLog } from './store/audit-log';
import { createCounterStore } from './store/counter-store';
import { closeDatabase, openDatabase, type Db } from './store/database';
import { startWalCheckpointer } from './store/wal-checkpointer';
import { createIdempotencyStore } from './store/idempotency-store';
import { createMessageStore, type MessageStore } from './store/message-store';
import { createAttachmentStore } from './store/attachment-store';
import { attachmentHandlers } from './control/handlers/attachment-handlers';
import { createPeerStore, type PeerStore } from './store/peer-store';
import { createSettingsStore } from './store/settings-store';
import { createUnitOfWork, type FaultPoint } from './store/unit-of-work';
import { createWriteBatcher } from './store/write-batcher';
import { createThrottle } from './throttle';
import { createWakeService, type WakeService } from './wake/wake-service';
import { createBackupService, lastGoodBackup, type BackupService } from './backup/backup-service';
import { DatabaseDamagedError } from './store/integrity';
import { createStorageHealth, type StorageHealth } from './store/storage-health';
import { installStorageGate } from './server/storage-gate';
import type { StorageState } from '../../shared/domain/node';

import { APP_VERSION } from './app-version';

export { APP_VERSION };
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;
/** Counts change with every message; at hundreds per second the UI needs them a few times a second at most. */
const COUNTS_EVENT_INTERVAL_MS = 100;

export interface NodeDeps {
  logger?: Logger;
  clock?: Clock;
  /**
   * Where the vault's data key lives; the headless default is a 0600 file in the data dir. A factory, because
   * the store is built only once the data dir is known and locked.
   */
  dataKeyStore?: (dataDir: string) => DataKeyStore;
  /** The protocols this node speaks: the built-in ones unless given (a test adds its own). */
  protocols?: readonly ProtocolModule[];
  /** Called around every commit of a unit of work (the headless face injects crashes with it for tests). */
  faultPoint?: FaultPoint;
  /** The better-sqlite3 addon to load (the desktop under `npm start` loads one built for Electron's ABI). */
  sqliteBinding?: string;
  /** Methods only a face can answer (the desktop's preferences and updates); the rest answer "unavailable". */
  faceHandlers?: Partial<MethodHandlers>;
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
  readonly protocols: ProtocolRegistry;
  readonly inspector: Inspector;
  /** Full backups on request and the scheduled ones in the data dir. */
  readonly backups: BackupService;
  /** Whether the database takes writes (a full disk is refused with 503 until space returns). */
  readonly storage: StorageHealth;
  /** Secrets made on this first start (secure by default), to show once; empty otherwise. */
  readonly shownOnce: readonly ShownOnce[];
  /** What the operator should know now (a protocol accepting calls without a key). */
  warnings(): string[];
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
 * call this and present the result. This function only wires: every protocol rule lives in its protocol's folder.
 */
export async function createNode(input: NodeConfigInput, deps: NodeDeps = {}): Promise<SwitchboardNode> {
  const parsed = nodeConfigSchema.safeParse(input);
  // The faces pass flags and environment here: say which setting is wrong in words, not as zod's JSON.
  if (!parsed.success) throw new Error(`Invalid configuration:\n${z.prettifyError(parsed.error)}`);
  const config = parsed.data;
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
    let db: Db;
    try {
      db = openDatabase(dbPath, { quickCheck: needsQuickCheck(dataDir, dbPath), ...(deps.sqliteBinding ? { nativeBinding: deps.sqliteBinding } : {}) });
    } catch (error) {
      if (error instanceof DatabaseDamagedError) throw new DatabaseDamagedError(error.path, error.detail, recoveryAdvice(dataDir));
      throw error;
    }
    cleanups.push(() => {
      closeDatabase(db);
    });
    // Stopped before the database closes (cleanups run in reverse), so the main connection closes last.
    const checkpointer = startWalCheckpointer({ db, path: dbPath, nativeBinding: deps.sqliteBinding, logger });
    cleanups.push(() => checkpointer.stop());

    const keyStore = deps.dataKeyStore?.(dataDir) ?? createFileKeyStore(join(dataDir, dataDirFiles.vaultKey), { wrappedElsewhere: join(dataDir, dataDirFiles.vaultKeyWrapped) });
    const vault = createVault(keyStore);
    // Told once the event bus exists (below); a full disk can be noticed by the very first write.
    let storageChanged = (): void => undefined;
    const storage = createStorageHealth({ db, clock, logger, probeMs: config.storageProbeMs, onChange: () => storageChanged() });
    cleanups.push(() => storage.stop());
    const uow = createUnitOfWork({
      db,
      bus: createEventBus((error) => logger.warn('event subscriber failed', { error: String(error) })),
      logger,
      faultPoint: deps.faultPoint,
      onError: (error) => storage.noteError(error),
      onCommit: () => checkpointer.nudge(),
    });
    const events = uow.events;
    const audit = createAuditLog({ db, clock, onAppend: (entry) => events.emit('audit.appended', entry) });
    const settingsStore = createSettingsStore(db);
    const counters = createCounterStore(db);
    // Seen again: the UI is told, and its dead letters with a transient cause are tried now (set up below).
    let peerSeen = (_peerId: string): void => undefined;
    const peers = createPeerStore({
      db,
      vault,
      clock,
      onSeen: (peerId) => {
        events.emit('peers.changed', { peerId });
        peerSeen(peerId);
      },
    });
    const messages = createMessageStore({ db, clock });
    const attachments = createAttachmentStore({ db, clock });
    const idempotency = createIdempotencyStore({ db, clock });
    const wake = createWakeService({ events, audit, counters, settings: settingsStore, logger });
    const settings = createNodeSettings({ store: settingsStore, uow, audit, defaultName: defaultNodeName() });
    settings.register(wake.settings);
    const backups = createBackupService({ db, dataDir, dataKey: () => keyStore.loadOrCreate(), settings: settingsStore, clock, logger, audit, nodeName: () => settings.name(), appVersion: APP_VERSION, checkMs: config.backupCheckMs });
    settings.register(backups.settings);
    const storageState = (): StorageState => ({ full: storage.full(), since: storage.since(), lastBackup: backups.last() });
    storageChanged = () => events.emit('storage.changed', storageState());
    settings.startWith({ name: config.name, publicUrl: config.publicUrl });
    // A data dir from before the first-run setup existed has been set up already: do not offer it again.
    if (settingsStore.get('node.setupDone') === undefined && messages.counts().messagesIn + messages.counts().messagesOut > 0) settingsStore.set('node.setupDone', true);

    const startedAt = clock.now();
    const countsChanged = createThrottle(clock, COUNTS_EVENT_INTERVAL_MS, () => events.emit('node.countsChanged', { counts: messages.counts() }));
    cleanups.push(() => countsChanged.cancel());
    // Runs after the listeners have closed (cleanups run in reverse): in-flight requests are done, wake hooks
    // they started get to finish, and only then is the stop recorded and the database closed.
    cleanups.push(async () => {
      await wake.idle();
      audit.audit('node.stopped', { name: settings.name() });
    });

    const app: FastifyInstance = createPublicServer({ bodyLimitBytes: config.bodyLimitBytes, logger, headersTimeoutMs: config.connectionLimits.headersTimeoutMs, maxConnections: config.connectionLimits.maxConnections });
    const publicLimits = createPublicLimits({ settings: settingsStore, config: config.connectionLimits });
    publicLimits.install(app);
    settings.register(publicLimits.settings);
    const receiving = createReceivingGate({ settings: settingsStore, clock, events, audit, uow });
    receiving.install(app);
    installStorageGate(app, storage);
    let port = config.port ?? settings.port();
    const listening = () => `http://${reachableHost(config.host)}:${port}`;
    registerHealthRoute(app, { name: settings.name, version: APP_VERSION, startedAt, clock });
    const approvals = createApprovalsService({ db, clock, uow, audit, logger });
    const onMessage = (message: MessageSummary) => {
      events.emit('message.added', message);
      countsChanged();
    };

    const outboxStore = createOutboxStore({ db, clock, messages });
    // The registry is built below; the outbox reaches the protocols through it once it exists.
    let protocols: ProtocolRegistry | null = null;
    const registry = () => protocols!;
    // One group commit for intake and for the outbox's attempts: writes that arrive together share a commit.
    const writes = createWriteBatcher(uow);
    const protocolOf = new Map<string, string>();
    const worker = createDeliveryWorker({
      outbox: outboxStore,
      clock,
      logger,
      writes,
      maxInFlight: (peerId) => {
        if (outbox.ordered(peerId)) return 1;
        // Asked for every peer on every look at the queue; a peer's protocol never changes.
        const protocol = protocolOf.get(peerId) ?? peers.get(peerId)?.protocol;
        if (protocol) protocolOf.set(peerId, protocol);
        return protocol ? registry().maxInFlight(protocol) : 1;
      },
      policyFor: (peerId) => outbox.policyFor(peerId),
      onChange: (message) => {
        // A peer that took a message was there: it is seen, like one that sent one.
        if (message.status === 'delivered' && message.peerId) peers.touchLastSeen(message.peerId);
        events.emit('message.updated', message);
        countsChanged();
      },
      redriveAt: (peerId, transient) => redrive.nextAt(peerId, transient),
      redrivable: (item, result) => registry().redrivable(item.protocol, result),
      onAttempt: (result, item, dead) => metrics.attempt(item.protocol, item.peerName, result, item.createdAt, dead),
      deliver: (item, signal) => registry().deliver({ peer: item.peerId ? peers.get(item.peerId) : null, item, signal, saveBlobId: (id) => outboxStore.setBlobId(item.messageId, id), recordSent: (url, body) => void writes.run(() => outboxStore.recordSent(item.messageId, url, body)).catch((error: unknown) => logger.warn('recording what an attempt sent failed', { error: error instanceof Error ? error.message : String(error) })) }),
    });
    cleanups.push(() => worker.stop());
    const outbox = createOutboxService({
      outbox: outboxStore,
      peers,
      messages,
      settings: settingsStore,
      worker,
      uow,
      audit,
      clock,
      countsChanged,
      prepare: (peer, options) => registry().prepareSend(peer, options),
      attachments,
      writes,
    });
    settings.register(outbox.settings);
    const metrics = createNodeMetrics({
      events,
      clock,
      outboxCounts: () => outboxStore.counts(),
      approvals: () => ({ pending: approvals.pendingCount(), oldestCreatedAt: approvals.oldestPendingAt() }),
    });
    cleanups.push(() => metrics.stop());
    const metricsPublic = () => settingsStore.get<boolean>(METRICS_PUBLIC) === true;
    settings.register({
      fields: { metricsPublic: z.boolean() },
      read: () => ({ metricsPublic: metricsPublic() }),
      write: (patch) => settingsStore.set(METRICS_PUBLIC, patch.metricsPublic),
    });
    app.addHook('onResponse', (request, reply, done) => {
      if (reply.statusCode >= 400) metrics.inboundError(reply.statusCode, `${request.method} ${request.url.split('?')[0]!.slice(0, 80)}`);
      done();
    });
    const redrive = createRedrive({
      outbox: outboxStore,
      settings: settingsStore,
      uow,
      audit,
      clock,
      logger,
      checkMs: config.redriveCheckMs,
      requeued: (ids) => {
        for (const id of ids) {
          const summary = messages.summary(id);
          if (summary) events.emit('message.updated', summary);
        }
        countsChanged();
        worker.poke();
      },
    });
    settings.register(redrive.settings);
    peerSeen = (peerId) => {
      try {
        redrive.peerSeen(peerId);
      } catch (error) {
        logger.warn('redriving a peer’s dead letters failed', { error: error instanceof Error ? error.message : String(error) });
      }
    };
    cleanups.push(() => redrive.stop());

    const context: ProtocolContext = {
      config,
      version: APP_VERSION,
      db,
      uow,
      events,
      vault,
      clock,
      logger,
      audit,
      peers,
      messages,
      attachments,
      settings,
      settingsStore,
      limits: publicLimits.limits,
      approvals,
      counters,
      idempotency,
      wake,
      writes,
      onMessage,
      messageChanged: (id) => {
        const summary = messages.summary(id);
        if (summary) events.emit('message.updated', summary);
      },
      retryNow: (peerId) => outbox.retryNow({ peer: peerId }),
      baseUrl: () => settings.publicUrl() ?? listening(),
      ownOrigins: () => {
        const origins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
        const publicUrl = settings.publicUrl();
        if (publicUrl) origins.push(new URL(publicUrl).origin);
        return origins;
      },
      publicMetrics: async () => (metricsPublic() ? metrics.text() : null),
      nodeMetrics: () => {
        const counts = messages.counts();
        return { messages_received_total: counts.messagesIn, messages_sent_total: counts.messagesOut, approvals_pending: approvals.pendingCount(), uptime_seconds: Math.floor((clock.now() - startedAt) / 1000) };
      },
    };
    protocols = createProtocolRegistry(deps.protocols ?? builtInProtocolModules, context);
    for (const protocol of protocols.all()) {
      if (protocol.settings) settings.register(protocol.settings);
      protocol.register?.(app);
    }
    // No protocol serves /metrics publicly (a2achat does, as its contract says): the node's own, when allowed.
    if (!app.hasRoute({ method: 'GET', url: '/metrics' })) {
      app.get('/metrics', async (_request, reply) =>
        metricsPublic() ? reply.type(metrics.contentType).send(await metrics.text()) : reply.code(404).send({ error: 'not_found', message: 'Metrics are not public on this node (Settings › Metrics).' }),
      );
    }

    const sweeps: (() => number)[] = [() => idempotency.sweep(), ...protocols.all().flatMap((protocol) => (protocol.sweep ? [protocol.sweep] : []))];
    const sweep = () => {
      const removed = sweeps.reduce((sum, run) => sum + run(), 0);
      if (removed > 0) logger.debug('expired records removed', { removed });
    };
    const sweeper = setInterval(sweep, SWEEP_INTERVAL_MS);
    sweeper.unref();
    cleanups.push(() => clearInterval(sweeper));

    port = await listenOrExplain(app, config.host, port);
    cleanups.push(() => app.close());
    const listeningUrl = listening();

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
      receiving: receiving.state(),
      delivery: outbox.counts(),
      console: { url: consoleBase(), tokenRotatedAt: consoleAccess.rotatedAt() },
      storage: storageState(),
    });

    const registered = protocols;
    const inspector = createInspector({
      db,
      uow,
      events,
      clock,
      logger,
      audit,
      peers,
      messages,
      protocols: registered,
      selfUrl: context.baseUrl,
      onMessage,
      timeoutMs: config.inspector.timeoutMs,
      inspectNewPeers: config.inspector.inspectNewPeers,
      minWatchSeconds: config.inspector.minWatchSeconds,
    });
    const consoleAccess = createConsoleAccess({ store: settingsStore, vault, clock, audit });
    let consoleBase = () => '';
    let rotateConsoleToken: () => { consoleUrl: string } = () => {
      throw new CoreError('unavailable', 'The console is not listening yet.');
    };
    const answered = completeHandlers([
      {
        'node.status': () => status(),
        'console.rotateToken': () => rotateConsoleToken(),
        'metrics.dashboard': () => ({
          ...metrics.series(),
          deadLetters: { count: outboxStore.counts().dead, topReasons: outboxStore.topDeadReasons(5) },
          approvals: { pending: approvals.pendingCount(), oldestCreatedAt: approvals.oldestPendingAt() },
        }),
        'protocols.list': () => ({ protocols: registered.list() }),
        'audit.list': ({ limit, beforeId }) => ({ entries: audit.list({ limit, beforeId }) }),
        'settings.get': () => settings.get(),
        'settings.update': (patch) => settings.update(patch),
        'receiving.set': ({ paused }) => receiving.set(paused),
        'backups.create': (input) => backups.create(input),
        'backups.list': () => backups.list(),
      },
      peerHandlers({ uow, peers, audit, protocols: registered, abandonOutbox: (peer) => outbox.abandonPeer(peer) }),
      messageHandlers({ messages, events, countsChanged }),
      attachmentHandlers({ attachments, messages, events, audit, limitsFor: (protocol) => registered.get(protocol)?.outbound?.files?.limits() ?? null }),
      conversationHandlers({ reads: createConversationReads({ db }), peers, events }),
      deliveryHandlers({ outbox }),
      {
        'peers.setRedrive': ({ peer: ref, policy }) =>
          uow.run('peer.set_redrive', () => {
            const peer = peers.resolve(ref);
            outboxStore.setRedriveOverride(peer.id, policy);
            audit.audit('peer.redrive_set', { peer: peer.name, policy });
            events.emit('peers.changed', { peerId: peer.id });
            return peers.resolve(peer.id);
          }),
      },
      approvalHandlers({ approvals }),
      inspector.handlers,
      ...registered.all().map((protocol) => protocol.handlers ?? {}),
      deps.faceHandlers ?? {},
    ]);
    const api = createControlApi({ events, logger, ...answered });

    const loopbackOn = (port: number) => startLoopbackServer({
        api,
        token: consoleAccess.token(),
        port,
        logger,
        consoleDir: config.consoleDir,
        metrics,
        maxEventSockets: config.connectionLimits.socketsPerCaller,
        attachment: (id) => {
          const info = attachments.get(id);
          const bytes = info ? attachments.bytes(id) : null;
          return info && bytes ? { name: info.name, bytes } : null;
        },
      });
    let loopback: LoopbackServer;
    if (config.controlPort !== undefined) {
      loopback = await loopbackOn(config.controlPort);
    } else {
      // Not configured: the port used last time (or the default), so open console tabs find the node again.
      const wanted = consoleAccess.port();
      try {
        loopback = await loopbackOn(wanted);
      } catch (error) {
        if (!(error instanceof PortInUseError)) throw error;
        loopback = await loopbackOn(0);
        logger.warn(`console port ${wanted} is in use; the console is on ${loopback.port} now and will stay there`, { wanted, port: loopback.port });
      }
      consoleAccess.rememberPort(loopback.port);
    }
    cleanups.push(() => loopback.close());
    const writeControl = () =>
      writeControlFile(dataDir, { pid: process.pid, port: loopback.port, token: consoleAccess.token(), url: loopback.url, startedAt: new Date(startedAt).toISOString() });
    writeControl();
    cleanups.push(() => removeControlFile(dataDir));
    consoleBase = () => loopback.url;
    rotateConsoleToken = () => {
      loopback.setToken(consoleAccess.rotate());
      writeControl();
      return { consoleUrl: `${loopback.url}/#token=${consoleAccess.token()}` };
    };

    worker.start();
    redrive.start();
    approvals.start();
    for (const protocol of registered.all()) await protocol.start?.();
    inspector.start();
    backups.start();
    cleanups.push(() => backups.stop());
    cleanups.push(async () => {
      approvals.stop();
      await inspector.stop();
      for (const protocol of registered.all()) await protocol.stop?.();
    });
    sweep();
    const shownOnce = registered.all().flatMap((protocol) => protocol.firstRun?.() ?? []);
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
      protocols: registered,
      inspector,
      backups,
      storage,
      shownOnce,
      warnings: () => registered.all().flatMap((protocol) => protocol.warnings?.() ?? []),
      port,
      listeningUrl,
      control: {
        port: loopback.port,
        url: loopback.url,
        get token() {
          return consoleAccess.token();
        },
      },
      get consoleUrl() {
        return `${loopback.url}/#token=${consoleAccess.token()}`;
      },
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

const METRICS_PUBLIC = 'metrics.public';

/** What to do about a damaged database: the newest scheduled backup that still checks out, and the command. */
function recoveryAdvice(dataDir: string): string {
  const backup = lastGoodBackup(dataDir);
  const quote = (path: string) => `'${path.replace(/'/g, `'\\''`)}'`;
  if (backup) {
    return `The last good backup is ${backup.path} (made ${backup.createdAt}). Restore it with \`switchboard restore ${quote(backup.path)} --data-dir ${quote(dataDir)} --force\` (the damaged file is kept in a replaced-<time> folder), then start again.`;
  }
  return `There is no scheduled backup in ${join(dataDir, 'backups')}. Restore one you made with \`switchboard restore FILE --data-dir ${quote(dataDir)} --force\`, or move the damaged file away to start with an empty database.`;
}

function defaultNodeName(): string {
  const host = hostname().split('.')[0] || 'node';
  return `switchboard-${host}`.slice(0, 64);
}

function reachableHost(bindHost: string): string {
  if (bindHost === '0.0.0.0' || bindHost === '::' || bindHost === '') return '127.0.0.1';
  return bindHost.includes(':') ? `[${bindHost}]` : bindHost;
}

/** Up to this size `quick_check` takes well under a second; a million messages (~850 MB) take about 9 s. */
const QUICK_CHECK_ALWAYS_BYTES = 64 * 1024 * 1024;

/**
 * Damage comes from a stop that was not clean (a crash, a kill, a power cut: control.json is still there) or is
 * cheap to look for (a small file): then every page is checked before anything writes. A large database after a
 * clean stop is opened at once, so a node with a million messages is ready in a second; SQLite still refuses
 * damaged pages as they are read (and the node stops with the same sentence).
 */
function needsQuickCheck(dataDir: string, dbPath: string): boolean {
  if (existsSync(controlFilePath(dataDir))) return true;
  try {
    return statSync(dbPath).size <= QUICK_CHECK_ALWAYS_BYTES;
  } catch {
    return true;
  }
}
