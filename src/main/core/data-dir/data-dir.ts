import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const APP_DIR_NAME = 'Switchboard';

/**
 * The platform's app-data folder for Switchboard: the same place Electron's `app.getPath('userData')` uses for
 * a product named "Switchboard", so the desktop app and `switchboard serve` share one node by default.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.SWITCHBOARD_DATA_DIR) return resolve(env.SWITCHBOARD_DATA_DIR);
  const home = env.HOME || env.USERPROFILE || homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME);
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_DIR_NAME);
}

/** Creates the data dir if needed; new dirs are private to the user (0700), as everything inside is. */
export function ensureDataDir(dir: string): string {
  const absolute = resolve(dir);
  mkdirSync(absolute, { recursive: true, mode: 0o700 });
  if (!statSync(absolute).isDirectory()) throw new Error(`The data dir ${absolute} is not a directory.`);
  if (process.platform !== 'win32') {
    try {
      chmodSync(absolute, 0o700);
    } catch {
      // A dir we do not own (e.g. a mounted volume) keeps its mode; the files inside are still 0600.
    }
  }
  return absolute;
}

export const dataDirFiles = {
  database: 'switchboard.db',
  lock: 'node.lock',
  lockOwner: 'node.lock.json',
  control: 'control.json',
  vaultKey: 'vault.key',
  vaultKeyWrapped: 'vault.key.safe',
} as const;

/**
 * Makes sure a file exists with mode 0600 before a library opens it. SQLite gives its -wal, -shm and -journal
 * files the mode of the main file, so this keeps the whole database private to the user.
 */
export function ensurePrivateFile(path: string): void {
  closeSync(openSync(path, 'a', 0o600));
  if (process.platform !== 'win32') chmodSync(path, 0o600);
}
