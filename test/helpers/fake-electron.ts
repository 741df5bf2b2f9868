import type { UpdaterLike } from '../../src/main/desktop/updater';
import type {
  AppLike,
  Bounds,
  LoginItemSettingsLike,
  NotificationLike,
  NotificationOptionsLike,
  BrowserWindowLike,
  BrowserWindowOptionsLike,
  DownloadItemLike,
  IpcMainInvokeEventLike,
  IpcMainLike,
  MenuItemTemplate,
  PreventableEvent,
  SessionLike,
  TrayLike,
  WebContentsLike,
} from '../../src/main/desktop/electron-types';

/** Fakes of the Electron APIs the desktop face uses (Electron itself cannot launch on the test machines). */
type Listener = (...args: never[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => unknown)(...args);
  }
}

export function preventable(): PreventableEvent & { prevented: boolean } {
  const event = { prevented: false, preventDefault: () => void (event.prevented = true) };
  return event;
}

export class FakeWebContents extends Emitter implements WebContentsLike {
  openHandler: ((details: { url: string }) => { action: 'deny' } | { action: 'allow' }) | null = null;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  destroyed = false;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }) {
    this.openHandler = handler;
  }
  loading = true;
  send(channel: string, ...args: unknown[]) {
    this.sent.push({ channel, args });
  }
  isDestroyed() {
    return this.destroyed;
  }
  isLoading() {
    return this.loading;
  }
  once(event: string, listener: Listener): this {
    const wrapped = ((...args: never[]) => {
      this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== wrapped));
      return listener(...args);
    }) as Listener;
    return this.on(event, wrapped);
  }
  /** The page finished loading. */
  finishLoad() {
    this.loading = false;
    this.emit('did-finish-load');
  }
}

export class FakeBrowserWindow extends Emitter implements BrowserWindowLike {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  visible = false;
  destroyed = false;
  loadedUrl: string | null = null;
  constructor(readonly options: BrowserWindowOptionsLike) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  async loadURL(url: string) {
    this.loadedUrl = url;
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  focus() {
    this.emit('focus');
  }
  restore() {}
  maximized = false;
  bounds: Bounds = { x: 10, y: 20, width: 1200, height: 800 };
  maximize() {
    this.maximized = true;
  }
  isMaximized() {
    return this.maximized;
  }
  getNormalBounds() {
    return this.bounds;
  }
  isMinimized() {
    return false;
  }
  isVisible() {
    return this.visible;
  }
  isDestroyed() {
    return this.destroyed;
  }
  /** What the OS does when the user clicks the close box. */
  userCloses(): boolean {
    const event = preventable();
    this.emit('close', event);
    if (!event.prevented) {
      this.destroyed = true;
      this.emit('closed');
    }
    return event.prevented;
  }
}

export class FakeTray extends Emitter implements TrayLike {
  /** Every image set, the first being the one it was made with. */
  readonly images: unknown[] = [];
  setImage(image: unknown) {
    this.images.push(image);
  }
  tooltip = '';
  menu: MenuItemTemplate[] = [];
  destroyed = false;
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: unknown) {
    this.menu = menu as MenuItemTemplate[];
  }
  destroy() {
    this.destroyed = true;
  }
  item(label: string | RegExp): MenuItemTemplate {
    const found = this.menu.find((entry) => (typeof label === 'string' ? entry.label === label : label.test(entry.label ?? '')));
    if (!found) throw new Error(`no tray item ${String(label)} in ${JSON.stringify(this.menu.map((m) => m.label))}`);
    return found;
  }
}

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: IpcMainInvokeEventLike, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: IpcMainInvokeEventLike, ...args: unknown[]) => unknown) {
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  invoke(channel: string, senderUrl: string | null, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    const frame = senderUrl === null ? null : { url: senderUrl, parent: null };
    return Promise.resolve(handler({ senderFrame: frame }, ...args));
  }
}

type PermissionDetails = { requestingUrl?: string; isMainFrame?: boolean };
export class FakeDownloadItem implements DownloadItemLike {
  canceled = false;
  saveOptions: { title?: string; defaultPath?: string; buttonLabel?: string } | null = null;
  constructor(
    private readonly url: string,
    private readonly filename: string,
  ) {}
  getURL() {
    return this.url;
  }
  getFilename() {
    return this.filename;
  }
  setSaveDialogOptions(options: { title?: string; defaultPath?: string; buttonLabel?: string }) {
    this.saveOptions = options;
  }
  cancel() {
    this.canceled = true;
  }
}

export class FakeSession implements SessionLike {
  downloadHandler: ((event: { preventDefault(): void }, item: DownloadItemLike, webContents: unknown) => void) | null = null;
  on(_event: 'will-download', listener: (event: { preventDefault(): void }, item: DownloadItemLike, webContents: unknown) => void) {
    this.downloadHandler = listener;
    return this;
  }
  /** A download starts: whether the handler let it go on. */
  download(item: FakeDownloadItem): boolean {
    let prevented = false;
    this.downloadHandler!({ preventDefault: () => (prevented = true) }, item, {});
    return !prevented;
  }
  requestHandler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void, details: PermissionDetails) => void) | null = null;
  checkHandler: ((webContents: unknown, permission: string, requestingOrigin: string, details: PermissionDetails) => boolean) | null = null;
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: PermissionDetails) => void) {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string, requestingOrigin: string, details: PermissionDetails) => boolean) {
    this.checkHandler = handler;
  }
  /** What the handler answers a page at `url` asking for `permission`. */
  request(permission: string, url: string, isMainFrame = true): boolean {
    let granted = false;
    this.requestHandler!({}, permission, (answer) => (granted = answer), { requestingUrl: url, isMainFrame });
    return granted;
  }
}

export class FakeApp extends Emitter implements AppLike {
  hasLock = true;
  quitCalls = 0;
  exitCode: number | null = null;
  isPackaged = true;
  readonly protocolClients: { protocol: string; path?: string; args?: string[] }[] = [];
  readonly userModelIds: string[] = [];
  loginItem: LoginItemSettingsLike = { openAtLogin: false };
  readonly loginItemCalls: { openAtLogin: boolean; openAsHidden?: boolean; args?: string[] }[] = [];
  constructor(private readonly userData: string) {
    super();
  }
  getVersion() {
    return '1.0.0';
  }
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]) {
    this.protocolClients.push({ protocol, ...(path ? { path } : {}), ...(args ? { args } : {}) });
    return true;
  }
  setLoginItemSettings(settings: { openAtLogin: boolean; openAsHidden?: boolean; args?: string[] }) {
    this.loginItemCalls.push(settings);
    this.loginItem = { ...this.loginItem, openAtLogin: settings.openAtLogin };
  }
  getLoginItemSettings() {
    return this.loginItem;
  }
  setAppUserModelId(id: string) {
    this.userModelIds.push(id);
  }
  requestSingleInstanceLock() {
    return this.hasLock;
  }
  whenReady() {
    return Promise.resolve();
  }
  getPath() {
    return this.userData;
  }
  quit() {
    this.quitCalls += 1;
    this.emit('before-quit');
    const event = preventable();
    this.emit('will-quit', event);
  }
  exit(code = 0) {
    this.exitCode = code;
  }
}

/** safeStorage with a reversible transform, so tests can tell wrapped bytes from plain ones. */
export class FakeSafeStorage {
  available = true;
  backend: string | undefined = 'gnome_libsecret';
  isEncryptionAvailable() {
    return this.available;
  }
  encryptString(plain: string) {
    return Buffer.from(`wrapped:${Buffer.from(plain).toString('base64')}`);
  }
  decryptString(encrypted: Buffer) {
    const text = encrypted.toString();
    if (!text.startsWith('wrapped:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(text.slice(8), 'base64').toString();
  }
  getSelectedStorageBackend() {
    return this.backend ?? 'unknown';
  }
}

/** Electron's Notification: every one made is kept in `instances`; tests click, press buttons, close. */
export class FakeNotification extends Emitter implements NotificationLike {
  static instances: FakeNotification[] = [];
  static supported = true;
  static activation: ((details: { type: string; actionIndex?: number; arguments: string }) => void) | null = null;
  static isSupported() {
    return FakeNotification.supported;
  }
  static handleActivation(callback: (details: { type: string; actionIndex?: number; arguments: string }) => void) {
    FakeNotification.activation = callback;
  }
  static reset() {
    FakeNotification.instances = [];
    FakeNotification.supported = true;
    FakeNotification.activation = null;
  }
  shown = false;
  constructor(readonly options: NotificationOptionsLike) {
    super();
    FakeNotification.instances.push(this);
  }
  show() {
    this.shown = true;
  }
  click() {
    this.emit('click');
  }
  press(index: number) {
    this.emit('action', { actionIndex: index }, index);
  }
}

/** electron-updater's autoUpdater, driven by the test: `answer` decides what the next check finds. */
export class FakeUpdater extends Emitter implements UpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  allowPrerelease = false;
  checks = 0;
  installs: { isSilent?: boolean; isForceRunAfter?: boolean }[] = [];
  answer: { version: string; releaseNotes?: unknown } | null | Error = null;
  async checkForUpdates() {
    this.checks += 1;
    this.emit('checking-for-update');
    await Promise.resolve();
    if (this.answer instanceof Error) {
      this.emit('error', this.answer);
      throw this.answer;
    }
    if (this.answer === null) this.emit('update-not-available');
    else {
      this.emit('update-available', this.answer);
      this.emit('download-progress', { percent: 42.4 });
      this.emit('update-downloaded', this.answer);
    }
    return {};
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean) {
    this.installs.push({ ...(isSilent !== undefined ? { isSilent } : {}), ...(isForceRunAfter !== undefined ? { isForceRunAfter } : {}) });
  }
}
