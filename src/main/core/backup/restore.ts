import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync, fsyncSync } from 'node:fs';
import { join } from 'node:path';
import { acquireDataDirLock, DataDirLockedError } from '../data-dir/data-dir-lock';
import { dataDirFiles, ensureDataDir } from '../data-dir/data-dir';
import { quickCheck } from '../store/integrity';
import { migrations } from '../store/migrations/index';
import { BackupError, dataKeyCheck, extractDatabase, openKey, verifyBackup, type BackupManifest } from './backup-file';

export interface RestoreResult {
  manifest: BackupManifest;
  dataDir: string;
  /** Where the files a forced restore replaced were moved (nothing is deleted); null when there were none. */
  replacedDir: string | null;
  /** How the restored database's secrets will open: with the backup's key, or with the key already here. */
  key: 'restored' | 'kept';
}

const HEX_KEY = /^[0-9a-f]{64}$/;

function present(path: string): boolean {
  return existsSync(path) && statSync(path).size > 0;
}

/**
 * Restores a backup into a data dir where no node runs: the file is verified first (format, size, sha256), a full
 * backup's data key opened with the passphrase (asked only then), the database written beside its place and
 * checked, and only then are the files swapped in. A data dir with a database or a data key is refused unless
 * `force`; then its files are moved to `replaced-<time>/` inside it, never deleted.
 *
 * A database-only backup (a scheduled one) holds no key: it restores only where the key that sealed its secrets
 * already is (the same data dir), which the manifest's key check proves for a key file.
 */
export async function restoreBackup(options: { src: string; dataDir: string; force: boolean; passphrase: () => Promise<string>; now?: () => Date }): Promise<RestoreResult> {
  const now = options.now ?? (() => new Date());
  const { manifest, databaseOffset } = verifyBackup(options.src);
  const known = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (manifest.schemaVersion > known) {
    throw new BackupError(`This backup was made by a newer Switchboard (schema version ${manifest.schemaVersion}; this one knows up to ${known}). Install that version to restore it.`);
  }
  const dataDir = ensureDataDir(options.dataDir);
  let lock: ReturnType<typeof acquireDataDirLock>;
  try {
    lock = acquireDataDirLock(dataDir, now);
  } catch (error) {
    if (error instanceof DataDirLockedError) throw new BackupError(`A Switchboard node is running on ${dataDir}. Stop it first: a backup is restored only into a data dir no node is using.`);
    throw error;
  }
  try {
    const files = {
      db: join(dataDir, dataDirFiles.database),
      key: join(dataDir, dataDirFiles.vaultKey),
      wrapped: join(dataDir, dataDirFiles.vaultKeyWrapped),
    };
    const occupied = [files.db, files.key, files.wrapped].filter(present);
    if (occupied.length > 0 && !options.force) {
      throw new BackupError(
        `The data dir ${dataDir} is not empty (it has ${occupied.map((path) => path.slice(dataDir.length + 1)).join(', ')}). Restore into a new data dir (--data-dir), ` +
          'or add --force: what is there now is moved to a replaced-<time> folder inside it first, not deleted.',
      );
    }

    const keyHere = present(files.key) ? readFileSync(files.key, 'utf8').trim() : null;
    if (keyHere !== null && !HEX_KEY.test(keyHere)) throw new BackupError(`The vault key file ${files.key} is damaged (expected 64 hex characters).`);
    const keyHereMatches = keyHere !== null && dataKeyCheck(Buffer.from(keyHere, 'hex')) === manifest.keyCheck;
    let dataKey: Buffer | null = null;
    if (manifest.kind === 'full') {
      dataKey = openKey(manifest, await options.passphrase());
    } else if (!keyHereMatches) {
      throw new BackupError(
        keyHere === null && present(files.wrapped)
          ? 'This backup holds the database only (a scheduled backup), and this data dir’s data key is in the desktop app’s OS keychain, which the command line cannot check. Restore it from a terminal only with a full backup (`switchboard backup`), or restore the database file by hand with the desktop app stopped.'
          : 'This backup holds the database only (a scheduled backup): its secrets open only with the data key of the node that made it, which this data dir does not have. Restore it into that node’s own data dir, or restore a full backup made with `switchboard backup`.',
      );
    }

    const incoming = `${files.db}.restoring`;
    rmSync(incoming, { force: true });
    extractDatabase(options.src, databaseOffset, incoming);
    try {
      const check = new Database(incoming, { readonly: true, fileMustExist: true });
      try {
        const problems = quickCheck(check);
        if (problems.length > 0) throw new BackupError(`The backup’s database fails its integrity check (${problems[0]}); nothing was restored.`);
      } finally {
        check.close();
      }
    } catch (error) {
      rmSync(incoming, { force: true });
      throw error;
    }

    // The key stays when it is the very one the backup's secrets were sealed with (a keychain keeps guarding it).
    const replaceKey = dataKey !== null && !keyHereMatches;
    // An empty database file is what a data dir gets before its first start: nothing to keep.
    if (existsSync(files.db) && !present(files.db)) rmSync(files.db);
    const moving = [files.db, `${files.db}-wal`, `${files.db}-shm`, ...(replaceKey ? [files.key, files.wrapped] : [])].filter((path) => existsSync(path));
    let replacedDir: string | null = null;
    if (moving.length > 0) {
      replacedDir = join(dataDir, `replaced-${now().toISOString().replace(/[:.]/g, '-')}`);
      mkdirSync(replacedDir, { recursive: true, mode: 0o700 });
      for (const path of moving) renameSync(path, join(replacedDir, path.slice(dataDir.length + 1)));
    }
    if (replaceKey) {
      // A key file: the desktop app moves it into the OS keychain at its next start, as it does for any vault.key.
      const fd = openSync(files.key, 'wx', 0o600);
      try {
        writeSync(fd, dataKey!.toString('hex'));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    renameSync(incoming, files.db);
    return { manifest, dataDir, replacedDir, key: replaceKey ? 'restored' : 'kept' };
  } finally {
    lock.release();
  }
}
