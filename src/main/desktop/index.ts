/**
 * Electron main-process entry: the only module that imports the real `electron` runtime (and the packages
 * that need it). Everything else is in `electron-wiring.ts` and `desktop-app.ts`, tested under Node.
 */
import * as electron from 'electron';
import ElectronStore from 'electron-store';
import electronUpdater from 'electron-updater';
import { startDesktop } from './desktop-app';
import { desktopDeps, hereOf, registerSchemes } from './electron-wiring';

registerSchemes(electron);

const settingsFile = new ElectronStore<Record<string, unknown>>({ name: 'desktop' });
void startDesktop(
  desktopDeps(electron, {
    settingsFile,
    updater: electronUpdater.autoUpdater,
    here: hereOf(import.meta.url),
    platform: process.platform,
    env: process.env,
    argv: process.argv,
    execPath: process.execPath,
    print: (line) => process.stderr.write(`${line}\n`),
  }),
).then((handle) => {
  // The desktop e2e (SWITCHBOARD_E2E=1) reaches the running app through this; nothing else does.
  if (handle && process.env.SWITCHBOARD_E2E === '1') Object.assign(globalThis, { switchboardDesktop: { tray: { exists: () => handle.tray.exists() }, deepLink: (url: string) => handle.deepLink(url) } });
});
