import { join, resolve } from 'node:path';
import type { MethodHandlers } from '../../shared/contract';
import type { DesktopState, KeychainInfo } from '../../shared/domain/desktop';
import type { Approval } from '../../shared/domain/approval';
import { formatDuration } from '../../shared/format-duration';
import { ControlError } from '../../shared/control-error';
import { systemClock } from '../core/clock';
import type { NodeConfigInput } from '../core/config';
import { dataDirFiles } from '../core/data-dir/data-dir';
import type { Logger } from '../core/logger';
import type { NodeDeps, SwitchboardNode } from '../core/node';
import type { ShownOnce } from '../core/protocols/protocol';
import type { SettingsStore } from '../core/store/settings-store';
import { createAppProtocolHandler } from './app-protocol';
import { deepLinkIn, DEEP_LINK_SCHEME, parseDeepLink, type ScreenRequest } from './deep-links';
import { createDesktopSettings } from './desktop-settings';
import type { AppLike, BrowserWindowConstructorLike, IpcMainLike, MenuItemTemplate, NativeThemeLike, NotificationConstructorLike, SessionLike, TrayIcon, TrayLike } from './electron-types';
import { forwardEvents, registerIpcBridge } from './ipc-bridge';
import { prepareKeychain, type SafeStorageLike } from './keychain';
import { createMainWindowController, type MainWindowController } from './main-window';
import { createNotifier, type DecisionButton } from './notifier';
import { runSmokeTest, SMOKE_TEST_FLAG } from './smoke-test';
import { trayIconPath } from './tray-icons';
import { createTrayService, type TrayService } from './tray-service';
import { createUpdateService, type UpdaterLike } from './updater';
import { hardenWebContents, restrictDownloads, restrictPermissions } from './web-security';

/** Windows needs it for notifications (and it must match electron-builder's appId). */
export const APP_USER_MODEL_ID = 'dev.switchboard.app';
/** Refreshing the tray at most this often: messages may arrive hundreds per second. */
const TRAY_REFRESH_MS = 250;
/** Dead letters arriving together make one notification. */
const DEAD_LETTER_BATCH_MS = 1_000;

export interface DesktopDeps {
  app: AppLike;
  ipcMain: IpcMainLike;
  BrowserWindow: BrowserWindowConstructorLike;
  /** Sessions exist only after `ready`, so the session is fetched late. */
  getDefaultSession: () => SessionLike;
  createTray: (icon: TrayIcon) => TrayLike;
  /** An image from a file (Electron's nativeImage); `template` marks macOS template images. */
  trayImage: (path: string, template: boolean) => TrayIcon;
  buildMenu: (template: MenuItemTemplate[]) => unknown;
  registerAppProtocol: (handler: (request: Request) => Promise<Response>) => void;
  showErrorBox: (title: string, content: string) => void;
  createNode: (config: NodeConfigInput, deps: NodeDeps) => Promise<SwitchboardNode>;
  safeStorage: SafeStorageLike;
  Notification: NotificationConstructorLike;
  nativeTheme: NativeThemeLike;
  /** A modal message box (Electron's dialog.showMessageBox); resolves with the index of the button pressed. */
  showMessageBox: (options: { type: 'info' | 'warning'; title: string; message: string; detail: string; buttons: string[]; defaultId: number; cancelId: number }) => Promise<{ response: number }>;
  writeClipboard: (text: string) => void;
  /** The dock/launcher badge (macOS, Linux Unity); a no-op elsewhere. */
  setBadgeCount: (count: number) => void;
  /** Where the desktop's own preferences live (electron-store in the app). */
  settingsStore: SettingsStore;
  /** electron-updater's autoUpdater, or null where it cannot load. */
  updater: UpdaterLike | null;
  logger: Logger;
  preloadPath: string;
  rendererDir: string;
  resourcesDir: string;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  argv: readonly string[];
  /** The running executable (to register `switchboard://` for a development build). */
  execPath: string;
  /** Lines for the terminal that started the app (`npm start`, the smoke test). */
  print: (line: string) => void;
}

export interface DesktopHandle {
  node: SwitchboardNode;
  window: MainWindowController;
  tray: TrayService;
  /** Routes a `switchboard://` link as the OS would hand it over. */
  deepLink(url: string): void;
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

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

/** The buttons a notification may carry for an approval: decisions that need no text. */
function decisionButtons(approval: Approval): DecisionButton[] {
  const positive = approval.actions.includes('approve') ? ({ label: 'Approve', action: 'approve' } as const) : approval.actions.includes('forward') ? ({ label: 'Forward', action: 'forward' } as const) : null;
  return [...(positive ? [positive] : []), ...(approval.actions.includes('reject') ? [{ label: 'Reject', action: 'reject' } as const] : [])];
}

/**
 * The desktop face: a tray app around the same core the headless face runs. Everything Electron is injected,
 * so this file is exercised under Node with fakes; `electron-wiring.ts` hands it the real modules.
 */
export async function startDesktop(deps: DesktopDeps): Promise<DesktopHandle | null> {
  const { app, logger } = deps;
  const launchedByScript = deps.env.SWITCHBOARD_NO_DIALOG === '1';
  if (!app.requestSingleInstanceLock()) {
    // Another Switchboard owns this user's node; it surfaces itself (and routes our argv) via 'second-instance'.
    app.quit();
    return null;
  }

  if (deps.argv.includes(SMOKE_TEST_FLAG)) {
    const code = await runSmokeTest({ createNode: deps.createNode, nodeDeps: { logger, ...(deps.env.SWITCHBOARD_SQLITE_BINDING ? { sqliteBinding: deps.env.SWITCHBOARD_SQLITE_BINDING } : {}) }, print: deps.print });
    app.exit(code);
    return null;
  }

  // Links that arrive before the window exists wait here (macOS sends `open-url` before `ready`).
  let route: ((request: ScreenRequest) => void) | null = null;
  let pendingLink: ScreenRequest | null = null;
  const followLink = (url: string) => {
    const request = parseDeepLink(url);
    if (!request) {
      logger.warn('ignored a switchboard:// link that does not name a screen', { url: url.slice(0, 200) });
      return;
    }
    if (route) route(request);
    else pendingLink = request;
  };
  app.on('open-url', (event, url) => {
    event.preventDefault();
    followLink(url);
  });
  const firstLink = deepLinkIn(deps.argv);
  if (firstLink) followLink(firstLink);

  let quitting = false;
  let nodeClosed = false;
  app.on('before-quit', () => {
    quitting = true;
  });
  // A tray app keeps running with no windows open.
  app.on('window-all-closed', () => {});
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, (what, url) => logger.warn(`blocked ${what}`, { url: url.slice(0, 200) })));
  if (deps.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
  // Installers register the scheme (electron-builder `protocols`); a development build registers itself.
  if (app.isPackaged) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  else if (deps.argv[1]) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, deps.execPath, [resolve(deps.argv[1])]);

  await app.whenReady();
  restrictPermissions(deps.getDefaultSession());
  restrictDownloads(deps.getDefaultSession(), (what, url) => logger.warn(`blocked a ${what}`, { url }));
  deps.registerAppProtocol(createAppProtocolHandler(deps.rendererDir));

  const settings = createDesktopSettings({ store: deps.settingsStore, platform: deps.platform });
  deps.nativeTheme.themeSource = settings.get().theme;

  const fail = (title: string, error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    // Under `npm start` the script explains it and starts headless; a dialog would block that.
    if (launchedByScript) deps.print(`${title}: ${message}`);
    else deps.showErrorBox(title, message);
    app.exit(launchedByScript ? 3 : 1);
    return null;
  };

  const dataDir = deps.env.SWITCHBOARD_DATA_DIR || app.getPath('userData');
  let keychain: { info: KeychainInfo; keyStore: NonNullable<NodeDeps['dataKeyStore']> } | null;
  try {
    const prepared = await prepareKeychain({
      safeStorage: deps.safeStorage,
      wrappedPath: join(dataDir, dataDirFiles.vaultKeyWrapped),
      plainPath: join(dataDir, dataDirFiles.vaultKey),
      platform: deps.platform,
      async continueWithoutKeychain(info) {
        // Asked once; CI runners and the desktop e2e (no keyring under Xvfb) answer it in the environment.
        if (settings.plainKeyAccepted() || deps.env.SWITCHBOARD_ACCEPT_PLAIN_KEY === '1') return true;
        const { response } = await deps.showMessageBox({
          type: 'warning',
          title: 'No OS keychain',
          message: `Switchboard found ${info.label}.`,
          detail: `${info.note}\n\nContinue with the key in a file, or quit and set up a keyring first.`,
          buttons: ['Continue', 'Quit'],
          defaultId: 0,
          cancelId: 1,
        });
        if (response === 0) settings.acceptPlainKey();
        return response === 0;
      },
    });
    if (!prepared) {
      app.exit(0);
      return null;
    }
    if (prepared.migrated) logger.info('the vault key moved from vault.key into the OS keychain', { keychain: prepared.info.label });
    keychain = { info: prepared.info, keyStore: () => prepared.keyStore };
  } catch (error) {
    return fail('Switchboard could not open its keychain', error);
  }

  // The face's own methods: preferences, keychain, login item, updates.
  let node: SwitchboardNode | null = null;
  const loginItem = () => {
    const current = app.getLoginItemSettings();
    const note = current.status === 'requires-approval' ? 'macOS asks you to allow Switchboard in System Settings › General › Login Items.' : null;
    return { openAtLogin: current.openAtLogin, note };
  };
  const applyLoginItem = () => {
    const { startAtLogin, startHidden } = settings.get();
    app.setLoginItemSettings({ openAtLogin: startAtLogin, openAsHidden: startHidden, args: startHidden ? ['--hidden'] : [] });
  };
  const desktopState = (): DesktopState => ({ settings: settings.get(), keychain: keychain!.info, updates: updates.status(), loginItem: loginItem() });
  const told = () => node?.events.emit('desktop.changed', desktopState());

  const updates = createUpdateService({
    updater: deps.updater,
    currentVersion: app.getVersion(),
    packaged: app.isPackaged,
    clock: systemClock,
    logger,
    onChange: (status) => {
      tray?.set({ updateLabel: status.state === 'ready' && status.version ? `Restart to update to ${status.version}` : status.state === 'checking' ? 'Checking for updates…' : 'Check for updates' });
      told();
    },
    beforeInstall: async () => {
      quitting = true;
      await closeNode();
    },
  });
  updates.configure(settings.get().updates);
  applyLoginItem();

  const faceHandlers: Partial<MethodHandlers> = {
    'desktop.get': () => desktopState(),
    'desktop.update': (patch) => {
      const before = settings.get();
      const after = settings.update(patch);
      if (after.theme !== before.theme) deps.nativeTheme.themeSource = after.theme;
      if (after.startAtLogin !== before.startAtLogin || after.startHidden !== before.startHidden) applyLoginItem();
      if (JSON.stringify(after.updates) !== JSON.stringify(before.updates)) updates.configure(after.updates);
      tray?.set({ startAtLogin: after.startAtLogin });
      node?.audit.audit('desktop.settings_changed', { fields: Object.keys(patch) });
      told();
      return desktopState();
    },
    'desktop.checkForUpdates': () => updates.check(),
    'desktop.installUpdate': () => updates.install(),
  };

  try {
    node = await deps.createNode(
      {
        dataDir,
        ...(deps.env.SWITCHBOARD_PORT ? { port: Number(deps.env.SWITCHBOARD_PORT) } : {}),
        ...(deps.env.SWITCHBOARD_INSPECTOR_TIMEOUT_MS ? { inspector: { timeoutMs: Number(deps.env.SWITCHBOARD_INSPECTOR_TIMEOUT_MS) } } : {}),
      },
      { logger, dataKeyStore: keychain.keyStore, faceHandlers, ...(deps.env.SWITCHBOARD_SQLITE_BINDING ? { sqliteBinding: deps.env.SWITCHBOARD_SQLITE_BINDING } : {}) },
    );
  } catch (error) {
    updates.stop();
    return fail('Switchboard could not start', error);
  }
  const started = node;

  let closing: Promise<void> | null = null;
  const closeNode = () => {
    closing ??= started
      .close()
      .catch((error: unknown) => logger.error('shutdown failed', { error: String(error) }))
      .finally(() => {
        nodeClosed = true;
      });
    return closing;
  };

  registerIpcBridge({ ipcMain: deps.ipcMain, api: started.api, onRejectedSender: (url) => started.audit.audit('ipc.sender_rejected', { url: url.slice(0, 200) }) });

  // Dead letters the operator has not looked at yet count towards the tray's attention badge.
  let deadSeen = started.status().delivery.dead;
  const window = createMainWindowController({
    BrowserWindow: deps.BrowserWindow,
    preloadPath: deps.preloadPath,
    isQuitting: () => quitting,
    closeToTray: () => settings.get().closeToTray,
    onCloseQuits: () => {
      quitting = true;
      app.quit();
    },
    windowState: { load: () => settings.windowState(), save: (state) => settings.saveWindowState(state) },
    onFocus: () => {
      deadSeen = started.status().delivery.dead;
      scheduleRefresh();
    },
  });
  forwardEvents(started.api, () => window.current()?.webContents ?? null);
  route = (request) => window.showScreen(request);

  const call = <M extends keyof MethodHandlers>(method: M, input: Parameters<MethodHandlers[M]>[0]) => started.api.call(method, input);
  let waiting = started.approvals.pendingCount();
  let tray: TrayService | null = null;
  tray = createTrayService({
    createTray: deps.createTray,
    buildMenu: deps.buildMenu,
    icon: (count) => {
      const { path, template } = trayIconPath(deps.resourcesDir, deps.platform, count);
      return deps.trayImage(path, template);
    },
    platform: deps.platform,
    actions: {
      open: () => window.show(),
      approvals: () => window.showScreen({ screen: 'approvals' }),
      deadLetters: () => window.showScreen({ screen: 'delivery', tab: 'deadLetters' }),
      togglePaused: () => {
        void call('receiving.set', { paused: !started.status().receiving.paused }).catch((error: unknown) => logger.warn('could not change receiving', { error: String(error) }));
      },
      toggleStartAtLogin: () => {
        void call('desktop.update', { startAtLogin: !settings.get().startAtLogin }).catch((error: unknown) => logger.warn('could not change start at login', { error: String(error) }));
      },
      update: () => {
        if (updates.status().state === 'ready') void updates.install();
        else {
          window.showScreen({ screen: 'settings' });
          void updates.check();
        }
      },
      quit: () => {
        quitting = true;
        app.quit();
      },
    },
  });
  const liveTray = tray;

  const refresh = () => {
    const status = started.status();
    const dead = status.delivery.dead;
    if (dead < deadSeen) deadSeen = dead;
    const attention = waiting + status.counts.unseenWakes + (dead - deadSeen);
    liveTray.set({
      status: `${status.name} · ${status.listeningUrl} · ${status.delivery.queued} queued · ${plural(dead, 'dead letter')}${status.receiving.paused ? ' · paused' : ''}`,
      approvals: waiting,
      deadLetters: dead,
      attention,
      paused: status.receiving.paused,
      startAtLogin: settings.get().startAtLogin,
    });
    deps.setBadgeCount(attention);
  };
  let refreshTimer: NodeJS.Timeout | null = null;
  function scheduleRefresh() {
    if (refreshTimer || nodeClosed) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      if (!nodeClosed) refresh();
    }, TRAY_REFRESH_MS);
    refreshTimer.unref();
  }
  refresh();
  const events = started.api.events;
  for (const name of ['node.countsChanged', 'message.added', 'message.updated', 'receiving.changed'] as const) events.on(name, scheduleRefresh);
  events.on('approvals.changed', ({ pending }) => {
    waiting = pending;
    scheduleRefresh();
  });

  const notifier = createNotifier({
    Notification: deps.Notification,
    platform: deps.platform,
    logger,
    enabled: (kind) => settings.get().notifications[kind],
    show: (request) => window.showScreen(request),
    decide: async (approvalId, action) => {
      try {
        const decided = (await call('approvals.decide', { id: approvalId, action })) as Approval;
        return `${action === 'reject' ? 'Rejected' : action === 'forward' ? 'Forwarded' : 'Approved'}: ${decided.title.slice(0, 120)}`;
      } catch (error) {
        // Deciding twice (a late click, a second device) is answered by the core in words.
        if (error instanceof ControlError) return error.message;
        throw error;
      }
    },
  });
  // Something waits for a decision: a notification that opens the window on it, with buttons where the OS has them.
  events.on('approval.requested', (approval) =>
    notifier.approval({
      approvalId: approval.id,
      title: `Switchboard: ${approval.peerName} ${started.approvals.describe(approval.kind).verb}`,
      body: approval.title.slice(0, 200) || '(no text)',
      buttons: decisionButtons(approval),
    }),
  );
  // A wake is the peer asking for the operator's attention.
  events.on('message.wake', (notice) => notifier.wake(`Switchboard: ${notice.peerName}`, notice.preview.slice(0, 200) || '(no text)'));
  // Messages that could not be delivered, told once per burst (a removed peer may kill many at once).
  let dead: string[] = [];
  let deadTimer: NodeJS.Timeout | null = null;
  events.on('message.updated', (message) => {
    if (message.direction !== 'out' || message.status !== 'dead') return;
    dead.push(message.peerName ?? 'a peer');
    deadTimer ??= setTimeout(() => {
      const peers = [...new Set(dead)];
      notifier.deadLetter(`Switchboard: ${plural(dead.length, 'message')} could not be delivered`, `To ${peers.slice(0, 3).join(', ')}${peers.length > 3 ? '…' : ''}. Review them in Delivery › Dead letters.`);
      dead = [];
      deadTimer = null;
    }, DEAD_LETTER_BATCH_MS);
    deadTimer.unref();
  });
  // A watched card changed: say what, and open the diff when clicked.
  events.on('inspector.cardChanged', (change) => {
    const toLook = change.changes.filter((item) => item.warning).map((item) => item.path);
    const counted = plural(change.changes.length, 'change');
    notifier.card(`Switchboard: ${change.peerName ?? change.url}'s card changed`, toLook.length ? `${counted}; look at ${toLook.slice(0, 3).join(', ')}${toLook.length > 3 ? '…' : ''}` : counted, {
      screen: 'inspector',
      card: { url: change.url, peerId: change.peerId, from: change.previousVersionId, to: change.versionId },
    });
  });

  app.on('second-instance', (_event, argv) => {
    const link = deepLinkIn(argv ?? []);
    if (link) followLink(link);
    else window.show();
  });
  app.on('activate', () => window.show());
  app.on('will-quit', (event) => {
    if (nodeClosed) return;
    event.preventDefault();
    quitting = true;
    updates.stop();
    if (refreshTimer) clearTimeout(refreshTimer);
    if (deadTimer) clearTimeout(deadTimer);
    void closeNode().finally(() => {
      liveTray.destroy();
      app.quit();
    });
  });

  // Started at login hidden: stay in the tray until the operator opens the window (or a link asks for it).
  const hidden = deps.argv.includes('--hidden') || app.getLoginItemSettings().wasOpenedAsHidden === true;
  if (pendingLink) {
    window.showScreen(pendingLink);
    pendingLink = null;
  } else if (!hidden) window.show();
  for (const secret of started.shownOnce) {
    showOnce(deps, secret).catch((error: unknown) => logger.warn('could not show a secret made on the first start', { error: error instanceof Error ? error.message : String(error) }));
  }
  const status = started.status();
  logger.info(`Switchboard desktop running (node ${status.name}, up ${formatDuration(status.uptimeSeconds)})`);
  return { node: started, window, tray: liveTray, deepLink: followLink };
}
