import { formatDuration } from '../../shared/format-duration';
import type { NodeCounts } from '../../shared/domain/node';
import type { NodeConfigInput } from '../core/config';
import type { Logger } from '../core/logger';
import type { NodeDeps, SwitchboardNode } from '../core/node';
import type { ShownOnce } from '../core/protocols/protocol';
import { dataDirFiles } from '../core/data-dir/data-dir';
import { join } from 'node:path';
import { createSafeStorageKeyStore, type SafeStorageLike } from './safe-storage-key-store';
import { createAppProtocolHandler } from './app-protocol';
import type { AppLike, BrowserWindowConstructorLike, IpcMainLike, MenuItemTemplate, SessionLike, TrayLike } from './electron-types';
import { forwardEvents, registerIpcBridge } from './ipc-bridge';
import { createMainWindowController, type MainWindowController } from './main-window';
import { createTrayService, type TrayService } from './tray-service';
import { denyAllPermissions, hardenWebContents } from './web-security';

export interface DesktopDeps {
  app: AppLike;
  ipcMain: IpcMainLike;
  BrowserWindow: BrowserWindowConstructorLike;
  /** Sessions exist only after `ready`, so the session is fetched late. */
  getDefaultSession: () => SessionLike;
  createTray: () => TrayLike;
  buildMenu: (template: MenuItemTemplate[]) => unknown;
  registerAppProtocol: (handler: (request: Request) => Promise<Response>) => void;
  showErrorBox: (title: string, content: string) => void;
  createNode: (config: NodeConfigInput, deps: NodeDeps) => Promise<SwitchboardNode>;
  safeStorage: SafeStorageLike;
  /** An OS notification; clicking it calls onClick. */
  notify: (options: { title: string; body: string; onClick: () => void }) => void;
  /** A modal message box (Electron's dialog.showMessageBox); resolves with the index of the button pressed. */
  showMessageBox: (options: { type: 'info' | 'warning'; title: string; message: string; detail: string; buttons: string[]; defaultId: number; cancelId: number }) => Promise<{ response: number }>;
  writeClipboard: (text: string) => void;
  /** The dock/launcher badge (macOS, Linux Unity); a no-op elsewhere. */
  setBadgeCount: (count: number) => void;
  logger: Logger;
  preloadPath: string;
  rendererDir: string;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  argv: readonly string[];
}

export interface DesktopHandle {
  node: SwitchboardNode;
  window: MainWindowController;
  tray: TrayService;
}

export function trayStatusLine(name: string, port: number, counts: NodeCounts, waiting = 0): string {
  const wakes = counts.unseenWakes > 0 ? ` · ${counts.unseenWakes} wake${counts.unseenWakes === 1 ? '' : 's'}` : '';
  const approvals = waiting > 0 ? ` · ${waiting} waiting for you` : '';
  return `${name} · port ${port} · ${counts.messagesIn} in, ${counts.messagesOut} out${wakes}${approvals}`;
}

/**
 * A secret the node made on its first start (the first A2A key: secure by default, seed 001), shown once in a
 * dialog: the node keeps only its hash, so this is the operator's one chance to copy it.
 */
async function showOnce(deps: Pick<DesktopDeps, 'showMessageBox' | 'writeClipboard' | 'logger'>, secret: ShownOnce): Promise<void> {
  const { response } = await deps.showMessageBox({
    type: 'info',
    title: secret.title,
    message: `${secret.why} It is shown only now.`,
    detail: `${secret.value}\n\n${secret.use} ${secret.manage.console}`,
    buttons: ['Copy key', 'Done'],
    defaultId: 0,
    cancelId: 1,
  });
  if (response === 0) deps.writeClipboard(secret.value);
}

/**
 * The desktop face: a tray app around the same core the headless face runs. Everything Electron is injected,
 * so this file is exercised under Node with fakes.
 */
export async function startDesktop(deps: DesktopDeps): Promise<DesktopHandle | null> {
  const { app, logger } = deps;
  if (!app.requestSingleInstanceLock()) {
    // Another Switchboard window owns this user's node; it will surface itself via 'second-instance'.
    app.quit();
    return null;
  }

  let quitting = false;
  let nodeClosed = false;
  app.on('before-quit', () => {
    quitting = true;
  });
  // A tray app keeps running with no windows open.
  app.on('window-all-closed', () => {});
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, (what, url) => logger.warn(`blocked ${what}`, { url: url.slice(0, 200) })),
  );

  await app.whenReady();
  denyAllPermissions(deps.getDefaultSession());
  deps.registerAppProtocol(createAppProtocolHandler(deps.rendererDir));

  let node: SwitchboardNode;
  try {
    node = await deps.createNode(
      {
        dataDir: deps.env.SWITCHBOARD_DATA_DIR || app.getPath('userData'),
        ...(deps.env.SWITCHBOARD_PORT ? { port: Number(deps.env.SWITCHBOARD_PORT) } : {}),
        ...(deps.env.SWITCHBOARD_INSPECTOR_TIMEOUT_MS ? { inspector: { timeoutMs: Number(deps.env.SWITCHBOARD_INSPECTOR_TIMEOUT_MS) } } : {}),
      },
      {
        logger,
        dataKeyStore: (dataDir) =>
          createSafeStorageKeyStore({
            safeStorage: deps.safeStorage,
            wrappedPath: join(dataDir, dataDirFiles.vaultKeyWrapped),
            plainPath: join(dataDir, dataDirFiles.vaultKey),
            platform: deps.platform,
          }),
      },
    );
  } catch (error) {
    deps.showErrorBox('Switchboard could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
    return null;
  }

  registerIpcBridge({
    ipcMain: deps.ipcMain,
    api: node.api,
    onRejectedSender: (url) => node.audit.audit('ipc.sender_rejected', { url: url.slice(0, 200) }),
  });
  const window = createMainWindowController({ BrowserWindow: deps.BrowserWindow, preloadPath: deps.preloadPath, isQuitting: () => quitting });
  forwardEvents(node.api, () => window.current()?.webContents ?? null);

  const tray = createTrayService({
    createTray: deps.createTray,
    buildMenu: deps.buildMenu,
    platform: deps.platform,
    onOpen: () => window.show(),
    onQuit: () => {
      quitting = true;
      app.quit();
    },
  });
  const status = node.status();
  let counts = status.counts;
  let waiting = node.approvals.pendingCount();
  const showCounts = () => {
    tray.setStatus(trayStatusLine(node.name, node.port, counts, waiting));
    deps.setBadgeCount(counts.unseenWakes + waiting);
  };
  showCounts();
  node.api.events.on('node.countsChanged', (changed) => {
    counts = changed.counts;
    showCounts();
  });
  node.api.events.on('approvals.changed', ({ pending }) => {
    waiting = pending;
    showCounts();
  });
  // Something waits for a decision: an OS notification that opens the window on Approvals.
  node.api.events.on('approval.requested', (approval) =>
    deps.notify({
      title: `Switchboard: ${approval.peerName} ${node.approvals.describe(approval.kind).verb}`,
      body: approval.title.slice(0, 200) || '(no text)',
      onClick: () => window.showScreen({ screen: 'approvals', approvalId: approval.id }),
    }),
  );
  // A watched card changed: say what, and open the diff when clicked.
  node.api.events.on('inspector.cardChanged', (change) => {
    const toLook = change.changes.filter((item) => item.warning).map((item) => item.path);
    const counted = `${change.changes.length} change${change.changes.length === 1 ? '' : 's'}`;
    deps.notify({
      title: `Switchboard: ${change.peerName ?? change.url}'s card changed`,
      body: toLook.length ? `${counted}; look at ${toLook.slice(0, 3).join(', ')}${toLook.length > 3 ? '…' : ''}` : counted,
      onClick: () => window.showScreen({ screen: 'inspector', card: { url: change.url, peerId: change.peerId, from: change.previousVersionId, to: change.versionId } }),
    });
  });
  // A wake is the peer asking for the operator's attention: an OS notification that opens the window.
  node.api.events.on('message.wake', (notice) =>
    deps.notify({ title: `Switchboard: ${notice.peerName}`, body: notice.preview.slice(0, 200) || '(no text)', onClick: () => window.show() }),
  );

  app.on('second-instance', () => window.show());
  app.on('activate', () => window.show());
  app.on('will-quit', (event) => {
    if (nodeClosed) return;
    event.preventDefault();
    node
      .close()
      .catch((error: unknown) => logger.error('shutdown failed', { error: String(error) }))
      .finally(() => {
        nodeClosed = true;
        tray.destroy();
        app.quit();
      });
  });

  // Started at login with --hidden: stay in the tray until the operator opens the window.
  if (!deps.argv.includes('--hidden')) window.show();
  for (const secret of node.shownOnce) {
    showOnce(deps, secret).catch((error: unknown) => logger.warn('could not show a secret made on the first start', { error: error instanceof Error ? error.message : String(error) }));
  }
  logger.info(`Switchboard desktop running (node ${status.name}, up ${formatDuration(status.uptimeSeconds)})`);
  return { node, window, tray };
}
