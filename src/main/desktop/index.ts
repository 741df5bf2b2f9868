/**
 * Electron main-process entry: the only module that touches the real `electron` runtime. It hands the APIs to
 * `startDesktop`, which holds the logic (and is tested under Node with fakes).
 */
import { app, BrowserWindow, clipboard, dialog, ipcMain, Menu, nativeImage, Notification, protocol, safeStorage, session, Tray } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../core/logger';
import { createNode } from '../core/node';
import { startDesktop } from './desktop-app';
import type { BrowserWindowConstructorLike, IpcMainLike, MenuItemTemplate, SessionLike, TrayLike } from './electron-types';
import { APP_SCHEME } from './web-security';

// Must run before 'ready': the renderer's scheme is standard (relative URLs work) and secure (no mixed content).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const here = fileURLToPath(new URL('.', import.meta.url));
const resourcesDir = join(app.getAppPath(), 'resources');

void startDesktop({
  app,
  ipcMain: ipcMain as unknown as IpcMainLike,
  BrowserWindow: BrowserWindow as unknown as BrowserWindowConstructorLike,
  getDefaultSession: () => session.defaultSession as unknown as SessionLike,
  createTray: () => {
    const icon = nativeImage.createFromPath(join(resourcesDir, process.platform === 'darwin' ? 'trayTemplate.png' : 'tray.png'));
    return new Tray(icon) as unknown as TrayLike;
  },
  buildMenu: (template: MenuItemTemplate[]) => Menu.buildFromTemplate(template),
  registerAppProtocol: (handler) => protocol.handle(APP_SCHEME, handler),
  showErrorBox: (title, content) => dialog.showErrorBox(title, content),
  showMessageBox: (options) => dialog.showMessageBox(options),
  writeClipboard: (text) => clipboard.writeText(text),
  createNode,
  safeStorage,
  notify: ({ title, body, onClick }) => {
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title, body, silent: false });
    notification.on('click', onClick);
    notification.show();
  },
  setBadgeCount: (count) => {
    app.setBadgeCount(count);
  },
  logger: createLogger(),
  preloadPath: join(here, '../preload/index.cjs'),
  rendererDir: join(here, '../renderer'),
  platform: process.platform,
  env: process.env,
  argv: process.argv,
});
