import type { MenuItemTemplate, TrayLike } from './electron-types';

export interface TrayServiceDeps {
  createTray: () => TrayLike;
  buildMenu: (template: MenuItemTemplate[]) => unknown;
  onOpen: () => void;
  onQuit: () => void;
  platform: NodeJS.Platform;
}

export interface TrayService {
  setStatus(line: string): void;
  destroy(): void;
}

/**
 * The tray icon and its menu (Signal's SystemTrayService pattern). The menu is rebuilt from state on every
 * change, because Linux indicators do not pick up mutations of a menu already set. Open and Quit live in the
 * menu since a click on the icon is not delivered everywhere (AppIndicator).
 */
export function createTrayService(deps: TrayServiceDeps): TrayService {
  const tray = deps.createTray();
  let status = 'Starting…';
  const render = () => {
    tray.setToolTip(`Switchboard — ${status}`);
    tray.setContextMenu(
      deps.buildMenu([
        { label: 'Open Switchboard', click: deps.onOpen },
        { label: status, enabled: false },
        { type: 'separator' },
        { label: 'Quit Switchboard', click: deps.onQuit },
      ]),
    );
  };
  // On macOS a click opens the menu; elsewhere a click on the icon opens the window.
  if (deps.platform !== 'darwin') tray.on('click', deps.onOpen);
  render();
  return {
    setStatus(line) {
      if (line === status) return;
      status = line;
      render();
    },
    destroy() {
      tray.destroy();
    },
  };
}
