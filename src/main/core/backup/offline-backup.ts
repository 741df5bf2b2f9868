import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupInfo } from '../../../shared/domain/node';
import { acquireDataDirLock, DataDirLockedError } from '../data-dir/data-dir-lock';
import { dataDirFiles } from '../data-dir/data-dir';
import { BackupError, writeBackup } from './backup-file';

/**
 * A full backup of a data dir no node is using, for `switchboard backup` without a running node: the data dir is
 * locked for the copy (a node starting meanwhile waits for nothing: it is refused, as a second node would be),
 * the database is opened read-only and never migrated, and the data key is read from its file. A key kept by the
 * desktop app's OS keychain cannot be read from here: the desktop app must be running, and is asked instead.
 */
export async function backupStoppedNode(options: { dataDir: string; dest: string; passphrase: string; appVersion: string; now?: () => Date }): Promise<BackupInfo> {
  const dbPath = join(options.dataDir, dataDirFiles.database);
  if (!existsSync(dbPath)) throw new BackupError(`There is no Switchboard database in ${options.dataDir}; nothing to back up.`);
  const keyPath = join(options.dataDir, dataDirFiles.vaultKey);
  if (!existsSync(keyPath)) {
    throw new BackupError(
      existsSync(join(options.dataDir, dataDirFiles.vaultKeyWrapped))
        ? 'This data dir’s data key is in the desktop app’s OS keychain, which the command line cannot open. Start the desktop app, then run `switchboard backup` again: the running node makes the backup.'
        : `The data dir ${options.dataDir} has no data key (vault.key); a backup could not restore its secrets.`,
    );
  }
  const hex = readFileSync(keyPath, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new BackupError(`The vault key file ${keyPath} is damaged (expected 64 hex characters).`);
  let lock: ReturnType<typeof acquireDataDirLock>;
  try {
    lock = acquireDataDirLock(options.dataDir, options.now);
  } catch (error) {
    if (error instanceof DataDirLockedError) throw new BackupError('A node started on this data dir just now; run `switchboard backup` again to have it make the backup.');
    throw error;
  }
  try {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      const nameRow = db.prepare("SELECT value FROM settings WHERE key = 'node.name'").get() as { value: string } | undefined;
      const nodeName = nameRow ? String(JSON.parse(nameRow.value)) : 'switchboard';
      const written = await writeBackup({ db, dest: options.dest, dataKey: Buffer.from(hex, 'hex'), passphrase: options.passphrase, nodeName, appVersion: options.appVersion, now: options.now ?? (() => new Date()) });
      const { manifest } = written;
      return { path: written.path, kind: manifest.kind, createdAt: manifest.createdAt, bytes: written.bytes, schemaVersion: manifest.schemaVersion, counts: manifest.counts };
    } finally {
      db.close();
    }
  } finally {
    lock.release();
  }
}
