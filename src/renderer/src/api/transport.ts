import { transportFromBridge, type SwitchboardBridge } from '@shared/bridge';
import type { ControlTransport } from '@shared/contract';
import { saverOverHttp, saverThroughContent, type AttachmentSaver } from './attachment-saver';
import { createHttpTransport, type ConnectionState } from './http-transport';

declare global {
  interface Window {
    /** Present in the desktop app: the preload bridge over Electron IPC. */
    switchboard?: SwitchboardBridge;
  }
}

const TOKEN_KEY = 'switchboard.token';

export interface ResolvedTransport {
  transport: ControlTransport;
  kind: 'ipc' | 'http';
  /** Connection state of the event channel (always 'open' over IPC). */
  state: () => ConnectionState;
  onStateChange: (listener: (state: ConnectionState) => void) => () => void;
  /** Saves a stored attachment as this face can (a download either way; how the bytes arrive differs). */
  saveAttachment: AttachmentSaver;
}

/**
 * The token arrives in the URL fragment (never sent to a server, never in access logs). It is moved to
 * sessionStorage and removed from the address bar so it does not end up in bookmarks or screenshots.
 */
export function takeTokenFromLocation(location: Location, history: History, storage: Storage): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]{32,})/.exec(location.hash);
  if (match?.[1]) {
    storage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    return match[1];
  }
  return storage.getItem(TOKEN_KEY);
}

/** Desktop: the preload bridge. Web console: loopback HTTP + WebSocket with the admin token. */
export function resolveTransport(win: Window): ResolvedTransport | null {
  if (win.switchboard) {
    const transport = transportFromBridge(win.switchboard);
    return { transport, kind: 'ipc', state: () => 'open', onStateChange: () => () => {}, saveAttachment: saverThroughContent(transport) };
  }
  const token = takeTokenFromLocation(win.location, win.history, win.sessionStorage);
  // A new console address pasted into an open tab (after `switchboard console --rotate-token`) only changes the
  // fragment: take its token and start again with it.
  // (popstate comes before hashchange, and before the router rewrites the fragment into a route.)
  const tokenArrived = () => {
    if (!/(?:^#|&)token=/.test(win.location.hash)) return;
    const next = takeTokenFromLocation(win.location, win.history, win.sessionStorage);
    if (next && next !== token) win.location.reload();
  };
  win.addEventListener('popstate', tokenArrived);
  win.addEventListener('hashchange', tokenArrived);
  if (!token) return null;
  const http = createHttpTransport({ token, origin: win.location.origin });
  return {
    transport: http,
    kind: 'http',
    state: () => http.state,
    onStateChange: (listener) => http.onStateChange(listener),
    saveAttachment: saverOverHttp({ token, origin: win.location.origin }),
  };
}
