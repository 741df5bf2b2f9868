import type * as Electron from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../core/logger';
import { createNode } from '../core/node';
import type { SettingsStore } from '../core/store/settings-store';
import type { DesktopDeps } from './desktop-app';
import { logFileWriter } from './log-file';
import type { BrowserWindowConstructorLike, IpcMainLike, MenuItemTemplate, NotificationConstructorLike, SessionLike, TrayLike } from './electron-types';
import type { UpdaterLike } from './updater';
import { APP_SCHEME } from './web-security';

/** The Electron module as the wiring uses it (the real one in the app, a fake in tests). */
export type ElectronModule = Pick<typeof Electron, 'app' | 'BrowserWindow' | 'clipboard' | 'dialog' | 'ipcMain' | 'Menu' | 'nativeImage' | 'nativeTheme' | 'Notification' | 'protocol' | 'safeStorage' | 'session' | 'Tray'>;

/** electron-store's instance as the desktop uses it: the node's settings interface (get/set by key). */
export interface KeyValueFile {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export interface WiringExtras {
  /** The desktop's preferences file (electron-store in the app). */
  settingsFile: KeyValueFile;
  /** electron-updater's autoUpdater; null when it failed to load. */
  updater: UpdaterLike | null;
  /** The folder of the built main bundle (out/main). */
  here: string;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  argv: readonly string[];
  execPath: string;
  print: (line: string) => void;
}

/** Must run before 'ready': the renderer's scheme is standard (relative URLs work) and secure (no mixed content). */
export function registerSchemes(electron: Pick<ElectronModule, 'protocol'>): void {
  electron.protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function settingsStoreOf(file: KeyValueFile): SettingsStore {
  return { get: <T>(key: string) => file.get(key) as T | undefined, set: (key, value) => file.set(key, value) };
}

/**
 * Hands Electron's real APIs to `startDesktop` as the small structural interfaces it is written against. Kept
 * apart from `index.ts` (which only imports Electron and calls this) so the wiring itself is tested.
 */
export function desktopDeps(electron: ElectronModule, extras: WiringExtras): DesktopDeps {
  const { app } = electron;
  const resourcesDir = join(app.getAppPath(), 'resources');
  return {
    app: app as unknown as DesktopDeps['app'],
    ipcMain: electron.ipcMain as unknown as IpcMainLike,
    BrowserWindow: electron.BrowserWindow as unknown as BrowserWindowConstructorLike,
    getDefaultSession: () => electron.session.defaultSession as unknown as SessionLike,
    createTray: (icon) => new electron.Tray(icon as Electron.NativeImage) as unknown as TrayLike,
    trayImage: (path, template) => {
      const image = electron.nativeImage.createFromPath(path);
      // Electron treats only files named *Template as templates; the counted variants are marked by hand.
      if (template) image.setTemplateImage(true);
      return image;
    },
    buildMenu: (template: MenuItemTemplate[]) => electron.Menu.buildFromTemplate(template),
    registerAppProtocol: (handler) => electron.protocol.handle(APP_SCHEME, handler),
    showErrorBox: (title, content) => electron.dialog.showErrorBox(title, content),
    showMessageBox: (options) => electron.dialog.showMessageBox(options),
    writeClipboard: (text) => electron.clipboard.writeText(text),
    createNode,
    safeStorage: electron.safeStorage,
    Notification: electron.Notification as unknown as NotificationConstructorLike,
    nativeTheme: electron.nativeTheme,
    setBadgeCount: (count) => {
      app.setBadgeCount(count);
    },
    settingsStore: settingsStoreOf(extras.settingsFile),
    updater: extras.updater,
    logger: createLogger({ write: logFileWriter(app.getPath('logs'), (line) => extras.print(line)) }),
    preloadPath: join(extras.here, '../preload/index.cjs'),
    rendererDir: join(extras.here, '../renderer'),
    resourcesDir,
    platform: extras.platform,
    env: extras.env,
    argv: extras.argv,
    execPath: extras.execPath,
    print: extras.print,
  };
}

export const hereOf = (moduleUrl: string) => fileURLToPath(new URL('.', moduleUrl));
