import type { MenuItemTemplate, TrayIcon, TrayLike } from './electron-types';

/** What the tray shows; the menu and icon are rebuilt from it on every change. */
export interface TrayState {
  /** "alpha · listening on http://0.0.0.0:8080 · 2 queued · 1 dead letter". */
  status: string;
  approvals: number;
  deadLetters: number;
  /** What waits for the operator: approvals, unseen wakes, dead letters not yet looked at (the icon's count). */
  attention: number;
  paused: boolean;
  startAtLogin: boolean;
  /** "Check for updates", or "Restart to update to 1.2.0" when one is ready. */
  updateLabel: string;
}

export interface TrayActions {
  open(): void;
  approvals(): void;
  deadLetters(): void;
  togglePaused(): void;
  toggleStartAtLogin(): void;
  update(): void;
  quit(): void;
}

export interface TrayServiceDeps {
  createTray: (icon: TrayIcon) => TrayLike;
  buildMenu: (template: MenuItemTemplate[]) => unknown;
  /** The image for an attention count (0: the plain icon). */
  icon: (count: number) => TrayIcon;
  actions: TrayActions;
  platform: NodeJS.Platform;
}

export interface TrayService {
  set(state: Partial<TrayState>): void;
  state(): TrayState;
  exists(): boolean;
  destroy(): void;
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

export function trayMenu(state: TrayState, actions: TrayActions): MenuItemTemplate[] {
  return [
    { label: state.status, enabled: false },
    { type: 'separator' },
    { label: 'Open Switchboard', click: actions.open },
    { label: state.approvals > 0 ? `Approvals (${state.approvals})` : 'Approvals', click: actions.approvals },
    { label: state.deadLetters > 0 ? `Dead letters (${state.deadLetters})` : 'Dead letters', click: actions.deadLetters },
    { type: 'separator' },
    { label: state.paused ? 'Resume receiving' : 'Pause receiving', click: actions.togglePaused },
    { label: 'Start at login', type: 'checkbox', checked: state.startAtLogin, click: actions.toggleStartAtLogin },
    { label: state.updateLabel, click: actions.update },
    { type: 'separator' },
    { label: 'Quit Switchboard', click: actions.quit },
  ];
}

export function trayTooltip(state: TrayState): string {
  const waiting = [state.approvals > 0 ? plural(state.approvals, 'approval') : null, state.paused ? 'receiving paused' : null].filter(Boolean).join(' · ');
  return `Switchboard — ${state.status}${waiting ? ` · ${waiting}` : ''}`;
}

/**
 * The tray icon and its menu (Signal's SystemTrayService pattern): the menu is rebuilt from state on every
 * change, because Linux indicators do not pick up mutations of a menu already set; Open and Quit live in the
 * menu since a click on the icon is not delivered everywhere (AppIndicator); the icon carries a count.
 */
export function createTrayService(deps: TrayServiceDeps): TrayService {
  let current: TrayState = { status: 'Starting…', approvals: 0, deadLetters: 0, attention: 0, paused: false, startAtLogin: false, updateLabel: 'Check for updates' };
  let shownCount = 0;
  // Kept in this closure for the app's life: a Tray that is garbage-collected disappears from the menu bar.
  let tray: TrayLike | null = deps.createTray(deps.icon(0));
  const render = () => {
    if (!tray) return;
    tray.setToolTip(trayTooltip(current));
    tray.setContextMenu(deps.buildMenu(trayMenu(current, deps.actions)));
    const count = Math.min(current.attention, 10);
    if (count !== shownCount) {
      shownCount = count;
      tray.setImage(deps.icon(count));
    }
  };
  // On macOS a click opens the menu; elsewhere a click on the icon opens the window.
  if (deps.platform !== 'darwin') tray.on('click', deps.actions.open);
  render();
  return {
    set(state) {
      const next = { ...current, ...state };
      if (JSON.stringify(next) === JSON.stringify(current)) return;
      current = next;
      render();
    },
    state: () => current,
    exists: () => tray !== null,
    destroy() {
      tray?.destroy();
      tray = null;
    },
  };
}
