import { safeFileName } from '../../shared/domain/attachment';
import type { SessionLike, WebContentsLike, WebFrameLike } from './electron-types';

/** The renderer is served from this privileged scheme (Electron checklist #18: avoid file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'switchboard';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;


export function isAppUrl(url: string): boolean {
  try {
    // Compare scheme and host: WHATWG URL gives custom schemes an opaque origin ("null") under Node.
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/** IPC comes only from our own top-level page (checklist #17), never from a frame or another origin. */
export function isTrustedSender(frame: WebFrameLike | null): boolean {
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

/**
 * Applied to every webContents as it is created: no navigation away from the app, no new windows, no
 * webviews. The console is a single page; anything that tries to navigate is a bug or an attack.
 */
export function hardenWebContents(contents: WebContentsLike, onBlocked: (what: string, url: string) => void = () => {}): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    onBlocked('navigation', url);
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    onBlocked('redirect', url);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    onBlocked('webview', '');
  });
  contents.setWindowOpenHandler(({ url }) => {
    onBlocked('window.open', url);
    return { action: 'deny' };
  });
}

/**
 * Saving a message's file: the console hands the bytes to a download of a blob: URL it made itself; Electron then
 * asks where to save (its save dialog, named for the file). Any other download — a remote URL, a data: URL a
 * message smuggled in, a blob of another origin — is refused: nothing reaches the disk but what the operator saves.
 */
export function restrictDownloads(session: SessionLike, onBlocked: (what: string, url: string) => void = () => {}): void {
  session.on('will-download', (event, item) => {
    const url = item.getURL();
    if (!url.startsWith('blob:') || !isAppUrl(url.slice('blob:'.length))) {
      event.preventDefault();
      item.cancel();
      onBlocked('download', url.slice(0, 200));
      return;
    }
    item.setSaveDialogOptions({ title: 'Save attachment', buttonLabel: 'Save', defaultPath: safeFileName(item.getFilename(), 'attachment') });
  });
}

/** Writing to the clipboard (Copy buttons, the secret shown once): the one permission the console uses. */
const CLIPBOARD_WRITE = new Set(['clipboard-sanitized-write']);

/**
 * Electron grants permission requests by default (checklist #5). Everything is denied except clipboard writes
 * asked by our own page (app://switchboard, top frame): without that, Copy buttons fail silently.
 */
export function restrictPermissions(session: SessionLike): void {
  const allowed = (permission: string, url: string | undefined, mainFrame: boolean | undefined) => CLIPBOARD_WRITE.has(permission) && mainFrame !== false && url !== undefined && isAppUrl(url);
  session.setPermissionRequestHandler((_contents, permission, callback, details) => callback(allowed(permission, details?.requestingUrl, details?.isMainFrame)));
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => allowed(permission, details?.requestingUrl ?? requestingOrigin, details?.isMainFrame));
}
