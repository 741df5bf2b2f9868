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
 * The main window: sandboxed, isolated, no Node in the page. Closing hides it to the tray; the app quits only
 * from the tray menu (or the OS quit), which sets `isQuitting` first.
 */
export function createMainWindowController(deps: {
  BrowserWindow: BrowserWindowConstructorLike;
  preloadPath: string;
  isQuitting: () => boolean;
  url?: string;
}): MainWindowController {
  let window: BrowserWindowLike | null = null;

  const create = (): BrowserWindowLike => {
    const win = new deps.BrowserWindow({
      width: 1200,
      height: 800,
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
    win.on('ready-to-show', () => win.show());
    win.on('close', (event) => {
      if (deps.isQuitting()) return;
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
