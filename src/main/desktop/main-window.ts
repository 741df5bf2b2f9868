import type { WindowState } from './desktop-settings';
import type { BrowserWindowConstructorLike, BrowserWindowLike } from './electron-types';
import type { EventMap } from '../../shared/contract';
import { ipcChannels } from '../../shared/contract-wire';
import { APP_ENTRY_URL } from './web-security';

type UiScreenRequest = EventMap['ui.show'];

export interface MainWindowController {
  /** Shows the window, creating it if needed, and brings it to the front. */
  show(): void;
  current(): BrowserWindowLike | null;
  /** Shows the window on one of the console's screens (a notification was clicked). */
  showScreen(screen: UiScreenRequest): void;
}

/**
 * The main window: sandboxed, isolated, no Node in the page. Closing hides it to the tray (or quits, as the
 * operator chose: `closeToTray`); the tray menu's Quit and the OS quit set `isQuitting` first. Its size and
 * place are remembered.
 */
export function createMainWindowController(deps: {
  BrowserWindow: BrowserWindowConstructorLike;
  preloadPath: string;
  isQuitting: () => boolean;
  url?: string;
  /** Whether closing keeps the app in the tray (read at each close: the setting may change). */
  closeToTray?: () => boolean;
  /** Closing without the tray: quit the app. */
  onCloseQuits?: () => void;
  windowState?: { load(): WindowState | null; save(state: WindowState): void };
  /** The window came to the front (the operator is looking). */
  onFocus?: () => void;
}): MainWindowController {
  let window: BrowserWindowLike | null = null;

  const create = (): BrowserWindowLike => {
    const saved = deps.windowState?.load() ?? null;
    const win = new deps.BrowserWindow({
      ...(saved ? { x: saved.bounds.x, y: saved.bounds.y } : {}),
      width: saved?.bounds.width ?? 1200,
      height: saved?.bounds.height ?? 800,
      minWidth: 760,
      minHeight: 480,
      show: false,
      title: 'Switchboard',
      backgroundColor: '#16181d',
      autoHideMenuBar: true,
      webPreferences: {
        preload: deps.preloadPath,
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        spellcheck: false,
      },
    });
    if (saved?.maximized) win.maximize();
    win.on('ready-to-show', () => win.show());
    // Bounds are saved once they settle (a drag fires many moves).
    let saveTimer: NodeJS.Timeout | null = null;
    const remember = () => {
      if (!deps.windowState || win.isDestroyed()) return;
      deps.windowState.save({ bounds: win.getNormalBounds(), maximized: win.isMaximized() });
    };
    const rememberSoon = () => {
      if (saveTimer) clearTimeout(saveTimer);
      saveTimer = setTimeout(remember, 500);
      saveTimer.unref();
    };
    for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(event, rememberSoon);
    win.on('focus', () => deps.onFocus?.());
    win.on('close', (event) => {
      if (saveTimer) clearTimeout(saveTimer);
      remember();
      if (deps.isQuitting()) return;
      if (deps.closeToTray && !deps.closeToTray()) {
        // Closing quits: the app's quit path closes the node first.
        event.preventDefault();
        deps.onCloseQuits?.();
        return;
      }
      event.preventDefault();
      win.hide();
    });
    win.on('closed', () => {
      if (window === win) window = null;
    });
    void win.loadURL(deps.url ?? APP_ENTRY_URL);
    return win;
  };

  return {
    show() {
      if (!window || window.isDestroyed()) window = create();
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    },
    current: () => (window && !window.isDestroyed() ? window : null),
    showScreen(screen) {
      this.show();
      const contents = window!.webContents;
      // A window just created has no page to tell yet; the request waits for it.
      const send = () => {
        if (!contents.isDestroyed()) contents.send(ipcChannels.event, { event: 'ui.show', payload: screen });
      };
      if (contents.isLoading()) contents.once('did-finish-load', send);
      else send();
    },
  };
}
