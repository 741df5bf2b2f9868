/**
 * The slices of Electron's API the desktop face uses, as structural types. The real modules satisfy them in
 * `index.ts`; tests pass fakes, because Electron cannot launch on the machines that run the suite.
 */
export interface WebFrameLike {
  readonly url: string;
  readonly parent: WebFrameLike | null;
}

export interface IpcMainInvokeEventLike {
  readonly senderFrame: WebFrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface PreventableEvent {
  preventDefault(): void;
}

export interface WebContentsLike {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  isLoading(): boolean;
  once(event: 'did-finish-load', listener: () => void): unknown;
}

/** What Electron's DownloadItem offers that the desktop uses. */
export interface DownloadItemLike {
  getURL(): string;
  getFilename(): string;
  setSaveDialogOptions(options: { title?: string; defaultPath?: string; buttonLabel?: string }): void;
  cancel(): void;
}

export interface SessionLike {
  on(event: 'will-download', listener: (event: PreventableEvent, item: DownloadItemLike, webContents: unknown) => void): unknown;
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string; isMainFrame?: boolean }) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string, requestingOrigin: string, details: { requestingUrl?: string; isMainFrame?: boolean }) => boolean): void;
}

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface BrowserWindowOptionsLike {
  x?: number;
  y?: number;
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  backgroundColor: string;
  autoHideMenuBar: boolean;
  webPreferences: {
    preload: string;
    sandbox: boolean;
    contextIsolation: boolean;
    nodeIntegration: boolean;
    nodeIntegrationInWorker: boolean;
    webSecurity: boolean;
    allowRunningInsecureContent: boolean;
    webviewTag: boolean;
    spellcheck: boolean;
  };
}

export interface BrowserWindowLike {
  readonly webContents: WebContentsLike;
  loadURL(url: string): Promise<void>;
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'ready-to-show' | 'closed' | 'resize' | 'move' | 'maximize' | 'unmaximize' | 'focus', listener: () => void): unknown;
  show(): void;
  maximize(): void;
  isMaximized(): boolean;
  getNormalBounds(): Bounds;
  hide(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isVisible(): boolean;
  isDestroyed(): boolean;
}

export type BrowserWindowConstructorLike = new (options: BrowserWindowOptionsLike) => BrowserWindowLike;

export interface MenuItemTemplate {
  label?: string;
  type?: 'normal' | 'separator' | 'checkbox';
  enabled?: boolean;
  checked?: boolean;
  click?: () => void;
}

/** An icon as the tray takes it (Electron's NativeImage); made from a file path by the wiring. */
export type TrayIcon = unknown;

export interface TrayLike {
  setImage(image: TrayIcon): void;
  setToolTip(text: string): void;
  setContextMenu(menu: unknown): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export interface LoginItemSettingsLike {
  openAtLogin: boolean;
  /** macOS: launched hidden at login (deprecated API; `--hidden` in argv is what Windows and Linux get). */
  wasOpenedAsHidden?: boolean;
  /** macOS 13+: `enabled`, `requires-approval`, `not-registered`, `not-found`. */
  status?: string;
}

export interface AppLike {
  requestSingleInstanceLock(): boolean;
  on(event: 'before-quit' | 'window-all-closed' | 'activate', listener: () => void): unknown;
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown;
  on(event: 'open-url', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-quit', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'web-contents-created', listener: (event: unknown, contents: WebContentsLike) => void): unknown;
  whenReady(): Promise<void>;
  getPath(name: 'userData' | 'logs' | 'temp'): string;
  getVersion(): string;
  readonly isPackaged: boolean;
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
  setLoginItemSettings(settings: { openAtLogin: boolean; openAsHidden?: boolean; args?: string[] }): void;
  getLoginItemSettings(): LoginItemSettingsLike;
  setAppUserModelId(id: string): void;
  quit(): void;
  exit(code?: number): void;
}

export interface NotificationActionLike {
  type: 'button';
  text: string;
}

export interface NotificationOptionsLike {
  title: string;
  body: string;
  silent?: boolean;
  id?: string;
  actions?: NotificationActionLike[];
  closeButtonText?: string;
  timeoutType?: 'default' | 'never';
}

export interface NotificationLike {
  on(event: 'click' | 'close' | 'failed', listener: () => void): unknown;
  on(event: 'action', listener: (details: { actionIndex: number }, index?: number) => void): unknown;
  show(): void;
}

export interface NotificationConstructorLike {
  new (options: NotificationOptionsLike): NotificationLike;
  isSupported(): boolean;
  /** Windows: every activation, also the one that launched the app (cold start). */
  handleActivation?(callback: (details: { type: string; actionIndex?: number; arguments: string }) => void): void;
}

/** Electron's nativeTheme: `themeSource` decides what `prefers-color-scheme` says to the page. */
export interface NativeThemeLike {
  themeSource: 'system' | 'light' | 'dark';
}
