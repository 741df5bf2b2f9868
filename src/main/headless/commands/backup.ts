import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { BackupInfo } from '../../../shared/domain/node';
import { APP_VERSION } from '../../core/app-version';
import { CliFailure, dataDirOf, type CliIo } from '../cli-context';
import { connectControl, NoNodeRunningError } from '../control-client';

export const PASSPHRASE_ENV = 'SWITCHBOARD_BACKUP_PASSPHRASE';

/** The backup code (better-sqlite3, the migrations) loads when a backup command runs, so every other command starts faster. */
const backupCode = async () => ({ ...(await import('../../core/backup/backup-file')), ...(await import('../../core/backup/offline-backup')), ...(await import('../../core/backup/restore')) });

/**
 * The passphrase, from the first place that has one: `--passphrase-file`, the environment, or the terminal (echo
 * off; asked twice when it protects a new backup). Never printed, logged or put on a command line.
 */
async function passphraseFrom(io: CliIo, file: string | undefined, confirm: boolean): Promise<string> {
  let passphrase: string;
  if (file !== undefined) {
    let text: string;
    try {
      text = (io.readFile ?? ((path: string) => readFileSync(path, 'utf8')))(file);
    } catch (error) {
      throw new CliFailure(`Cannot read the passphrase file ${file} (${(error as { code?: string }).code ?? 'error'}).`);
    }
    // The line an editor or `echo` ends the file with is not part of the passphrase.
    passphrase = text.replace(/\r?\n$/, '');
  } else if (io.env[PASSPHRASE_ENV] !== undefined) {
    passphrase = io.env[PASSPHRASE_ENV]!;
  } else if (io.askSecret) {
    passphrase = await io.askSecret('Backup passphrase: ');
    if (confirm && (await io.askSecret('The same passphrase again: ')) !== passphrase) throw new CliFailure('The two passphrases differ; nothing was done.');
  } else {
    throw new CliFailure(`A passphrase is needed: give --passphrase-file FILE, set ${PASSPHRASE_ENV}, or run this on a terminal to type it.`);
  }
  const { checkPassphrase } = await backupCode();
  try {
    return checkPassphrase(passphrase);
  } catch (error) {
    throw new CliFailure((error as Error).message);
  }
}

function destinationFor(dest: string | undefined, now: Date, extension: string): string {
  const name = `switchboard-backup-${now.toISOString().replace(/[:.]/g, '-')}${extension}`;
  if (dest === undefined) return resolve(name);
  const path = resolve(dest);
  return existsSync(path) && statSync(path).isDirectory() ? join(path, name) : path;
}

function describe(backup: Pick<BackupInfo, 'counts'>): string {
  const count = (key: string, one: string, many: string) => {
    const n = backup.counts[key] ?? 0;
    return `${n} ${n === 1 ? one : many}`;
  };
  return `${count('messages', 'message', 'messages')}, ${count('peers', 'peer', 'peers')}`;
}

export function registerBackup(program: Command, io: CliIo): void {
  program
    .command('backup')
    .argument('[dest]', 'the backup file to write, or a folder for it (default: a dated file in this folder)')
    .description('write a full backup: the database (consistent while the node runs) and its data key, protected by a passphrase')
    .option('--passphrase-file <file>', `read the passphrase from a file (else $${PASSPHRASE_ENV}, else it is asked on the terminal)`)
    .action(async (dest: string | undefined, options: { passphraseFile?: string }, command: Command) => {
      const dataDir = dataDirOf(command, io.env);
      const { BACKUP_EXTENSION, BackupError, backupStoppedNode } = await backupCode();
      const path = destinationFor(dest, new Date(), BACKUP_EXTENSION);
      if (existsSync(path)) throw new CliFailure(`${path} exists already; a backup never overwrites a file. Choose another name.`);
      const passphrase = await passphraseFrom(io, options.passphraseFile, true);
      let made: BackupInfo;
      let client: ReturnType<typeof connectControl> | null = null;
      try {
        client = connectControl(dataDir);
      } catch (error) {
        if (!(error instanceof NoNodeRunningError)) throw error;
      }
      try {
        // A running node copies its own database (SQLite's online backup API) and seals the key it holds.
        made = client ? await client.call('backups.create', { path, passphrase }) : await backupStoppedNode({ dataDir, dest: path, passphrase, appVersion: APP_VERSION });
      } catch (error) {
        if (error instanceof BackupError) throw new CliFailure(error.message);
        throw error;
      }
      io.stdout(
        `Backup written: ${made.path} (${made.bytes} bytes; ${describe(made)}; schema version ${made.schemaVersion}).\n` +
          'It holds the data key too, sealed by your passphrase: keep the passphrase apart from the file; without it the secrets cannot be restored.\n',
      );
    });

  program
    .command('restore')
    .argument('<src>', 'a backup file written by `switchboard backup` (or a scheduled one from the data dir’s backups folder)')
    .description('restore a backup into a data dir no node is using (checksum and passphrase checked first)')
    .option('--force', 'restore into a data dir that has data: what is there is moved to a replaced-<time> folder inside it first')
    .option('--passphrase-file <file>', `read the passphrase from a file (else $${PASSPHRASE_ENV}, else it is asked on the terminal)`)
    .action(async (src: string, options: { force?: boolean; passphraseFile?: string }, command: Command) => {
      const dataDir = resolve(dataDirOf(command, io.env));
      const { BackupError, restoreBackup } = await backupCode();
      try {
        connectControl(dataDir);
        throw new CliFailure(`A Switchboard node is running on ${dataDir}. Stop it first: a backup is restored only into a data dir no node is using.`);
      } catch (error) {
        if (!(error instanceof NoNodeRunningError)) throw error;
      }
      let result: Awaited<ReturnType<typeof restoreBackup>>;
      try {
        result = await restoreBackup({ src: resolve(src), dataDir, force: options.force === true, passphrase: () => passphraseFrom(io, options.passphraseFile, false) });
      } catch (error) {
        if (error instanceof BackupError) throw new CliFailure(error.message);
        throw error;
      }
      const { manifest } = result;
      io.stdout(
        `Restored ${resolve(src)} (made ${manifest.createdAt} by ${manifest.nodeName}; ${describe(manifest)}) into ${result.dataDir}.\n` +
          (result.key === 'restored' ? 'Its data key was restored too, so its secrets open.\n' : 'The data key already here is the one its secrets were sealed with.\n') +
          (result.replacedDir ? `What was there before is in ${result.replacedDir}.\n` : '') +
          `Start the node with \`switchboard serve --data-dir ${result.dataDir}\`.\n`,
      );
    });
}
