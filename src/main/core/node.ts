import type { FastifyInstance } from 'fastify';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { NodeCounts, NodeStatus } from '../../shared/domain/node';
import { systemClock, type Clock } from './clock';
import { nodeConfigSchema, type NodeConfig, type NodeConfigInput, type NodeDeps } from './config';
import { createControlApi, type ControlApi } from './control/control-api';
import { removeControlFile, writeControlFile } from './control/control-file';
import { createEventBus } from './control/event-bus';
import { startLoopbackServer, type LoopbackServer } from './control/loopback-server';
import { randomToken } from './crypto/tokens';
import { acquireDataDirLock, type DataDirLock } from './data-dir/data-dir-lock';
import { dataDirFiles, ensureDataDir, ensurePrivateFile } from './data-dir/data-dir';
import { createLogger, type Logger } from './logger';
import { registerHealthRoute } from './server/health-route';
import { createPublicServer, listenOrExplain } from './server/public-server';
import { createAuditLog, type AuditLog } from './store/audit-log';
import { openDatabase, type Db } from './store/database';
import { createMessageCounts } from './store/message-counts';
import { createSettingsStore } from './store/settings-store';

export const APP_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev';

export interface SwitchboardNode {
  readonly config: NodeConfig;
  readonly name: string;
  readonly api: ControlApi;
  readonly audit: AuditLog;
  readonly db: Db;
  /** The public listener's real port (differs from config.port when 0 was asked for). */
  readonly port: number;
  readonly listeningUrl: string;
  readonly control: { readonly port: number; readonly url: string; readonly token: string };
  /** The web console with the admin token in the fragment (never sent to a server, never in logs). */
  readonly consoleUrl: string;
  status(): NodeStatus;
  /** Recounts and pushes `node.countsChanged`; modules that change messages call it. */
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
    const lock: DataDirLock = acquireDataDirLock(dataDir, () => new Date(clock.now()));
    cleanups.push(() => lock.release());

    const dbPath = join(dataDir, dataDirFiles.database);
    ensurePrivateFile(dbPath);
    const db = openDatabase(dbPath);
    cleanups.push(() => {
      db.close();
    });

    const events = createEventBus((error) => logger.warn('event subscriber failed', { error: String(error) }));
    const audit = createAuditLog({ db, clock, onAppend: (entry) => events.emit('audit.appended', entry) });
    const settings = createSettingsStore(db);
    const counts = createMessageCounts(db);

    if (config.name !== undefined) settings.set('node.name', config.name);
    const name = settings.get<string>('node.name') ?? defaultNodeName();
    const publicUrl = config.publicUrl ?? settings.get<string>('node.publicUrl') ?? null;
    if (config.publicUrl !== undefined) settings.set('node.publicUrl', config.publicUrl);
    const startedAt = clock.now();

    const app: FastifyInstance = createPublicServer({ bodyLimitBytes: config.bodyLimitBytes, logger });
    registerHealthRoute(app, { name: () => name, version: APP_VERSION, startedAt, clock });
    const port = await listenOrExplain(app, config.host, config.port);
    cleanups.push(() => app.close());
    const listeningUrl = `http://${reachableHost(config.host)}:${port}`;

    const status = (): NodeStatus => ({
      name,
      version: APP_VERSION,
      bindHost: config.host,
      port,
      listeningUrl,
      publicUrl,
      startedAt: new Date(startedAt).toISOString(),
      uptimeSeconds: Math.floor((clock.now() - startedAt) / 1000),
      dataDir,
      counts: counts.read(),
    });

    const api = createControlApi({
      events,
      logger,
      handlers: {
        'node.status': () => status(),
        'audit.list': ({ limit, beforeId }) => ({ entries: audit.list({ limit, beforeId }) }),
      },
    });

    const token = randomToken(32);
    const loopback: LoopbackServer = await startLoopbackServer({ api, token, port: config.controlPort, logger, consoleDir: config.consoleDir });
    cleanups.push(() => loopback.close());
    writeControlFile(dataDir, { pid: process.pid, port: loopback.port, token, url: loopback.url, startedAt: new Date(startedAt).toISOString() });
    cleanups.push(() => removeControlFile(dataDir));

    audit.audit('node.started', { name, port, bindHost: config.host, controlPort: loopback.port, version: APP_VERSION });
    cleanups.push(() => {
      audit.audit('node.stopped', { name });
    });

    let closing: Promise<void> | null = null;
    return {
      config,
      name,
      api,
      audit,
      db,
      port,
      listeningUrl,
      control: { port: loopback.port, url: loopback.url, token },
      consoleUrl: `${loopback.url}/#token=${token}`,
      status,
      countsChanged() {
        const next: NodeCounts = counts.read();
        events.emit('node.countsChanged', { counts: next });
      },
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
