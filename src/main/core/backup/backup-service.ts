import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { z } from 'zod';
import type { BackupInfo, BackupSettings } from '../../../shared/domain/node';
import type { Clock } from '../clock';
import { CoreError } from '../errors';
import type { Logger } from '../logger';
import type { SettingsSlice } from '../settings/settings-slice';
import type { AuditLog } from '../store/audit-log';
import type { Db } from '../store/database';
import type { SettingsStore } from '../store/settings-store';
import { BACKUP_EXTENSION, BackupError, checkPassphrase, readManifest, verifyBackup, writeBackup, type WrittenBackup } from './backup-file';

export const BACKUPS_DIR = 'backups';
const SETTING = 'backups.schedule';
export const DEFAULT_BACKUP_SETTINGS: BackupSettings = { enabled: true, intervalHours: 24, keep: 7 };
/** How often the schedule is looked at; the first look waits as long, so a short-lived node (a test) makes none. */
const DEFAULT_CHECK_MS = 10 * 60 * 1000;
const SCHEDULED = /^switchboard-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.sbbackup$/;

export const backupSettingsPatch = z
  .object({
    enabled: z.boolean(),
    intervalHours: z.number().int().min(1, 'must be at least 1 hour').max(24 * 30, 'must be at most 30 days'),
    keep: z.number().int().min(1, 'must keep at least 1').max(100, 'must be at most 100'),
  })
  .partial()
  .strict();

function info(written: Pick<WrittenBackup, 'path' | 'manifest' | 'bytes'>): BackupInfo {
  const { manifest } = written;
  return { path: written.path, kind: manifest.kind, createdAt: manifest.createdAt, bytes: written.bytes, schemaVersion: manifest.schemaVersion, counts: manifest.counts };
}

/** The scheduled backups in a data dir, newest first (files that are not backups are left alone and not listed). */
export function scheduledBackups(dataDir: string): BackupInfo[] {
  const dir = join(dataDir, BACKUPS_DIR);
  if (!existsSync(dir)) return [];
  const found: BackupInfo[] = [];
  for (const name of readdirSync(dir).filter((entry) => SCHEDULED.test(entry))) {
    const path = join(dir, name);
    try {
      found.push(info({ path, manifest: readManifest(path).manifest, bytes: statSync(path).size }));
    } catch {
      // A damaged or foreign file is not a backup to offer.
    }
  }
  return found.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** The newest scheduled backup whose database still matches its checksum: what a damaged database is restored from. */
export function lastGoodBackup(dataDir: string): BackupInfo | null {
  for (const backup of scheduledBackups(dataDir)) {
    try {
      verifyBackup(backup.path);
      return backup;
    } catch {
      // Damaged too: the next older one.
    }
  }
  return null;
}

/**
 * Backups made by the node: on request (`backups.create`, a full backup with the data key sealed by the
 * operator's passphrase) and on a schedule (the database only, into `<data dir>/backups`, rotated). A schedule
 * cannot ask for a passphrase, and storing one beside the backups would protect nothing, so scheduled backups hold
 * the database alone; their secrets open with the data key this data dir already has (key file or keychain). That
 * covers a damaged database; a lost machine needs a full backup.
 */
export function createBackupService(deps: {
  db: Db;
  dataDir: string;
  dataKey: () => Buffer;
  settings: SettingsStore;
  clock: Clock;
  logger: Logger;
  audit: AuditLog;
  nodeName: () => string;
  appVersion: string;
  checkMs?: number | undefined;
}) {
  const dir = join(deps.dataDir, BACKUPS_DIR);
  const schedule = (): BackupSettings => ({ ...DEFAULT_BACKUP_SETTINGS, ...(deps.settings.get<Partial<BackupSettings>>(SETTING) ?? {}) });
  let running: Promise<unknown> = Promise.resolve();
  let timer: ReturnType<typeof setInterval> | null = null;
  let last: BackupInfo | null = scheduledBackups(deps.dataDir)[0] ?? null;

  /** One backup at a time: a scheduled one and a requested one never copy the database together. */
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = running.then(work, work);
    running = next.catch(() => undefined);
    return next;
  };
  const write = (dest: string, passphrase: string | null) =>
    writeBackup({ db: deps.db, dest, dataKey: deps.dataKey(), passphrase, nodeName: deps.nodeName(), appVersion: deps.appVersion, now: () => new Date(deps.clock.now()) });

  const prune = (keep: number) => {
    for (const old of scheduledBackups(deps.dataDir).slice(keep)) rmSync(old.path, { force: true });
  };

  const runScheduled = (): Promise<BackupInfo> =>
    serial(async () => {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const name = `switchboard-${new Date(deps.clock.now()).toISOString().replace(/[:.]/g, '-')}${BACKUP_EXTENSION}`;
      const made = info(await write(join(dir, name), null));
      last = made;
      prune(schedule().keep);
      deps.audit.audit('backup.scheduled', { path: made.path, bytes: made.bytes });
      return made;
    });

  const due = () => {
    const { enabled, intervalHours } = schedule();
    if (!enabled) return false;
    return last === null || deps.clock.now() - Date.parse(last.createdAt) >= intervalHours * 3_600_000;
  };

  const runDue = async (): Promise<BackupInfo | null> => (due() ? runScheduled() : null);

  const settings: SettingsSlice = {
    fields: { backups: backupSettingsPatch },
    read: () => ({ backups: schedule() }),
    write(patch) {
      deps.settings.set(SETTING, { ...(deps.settings.get<Partial<BackupSettings>>(SETTING) ?? {}), ...(patch.backups as Partial<BackupSettings>) });
    },
  };

  return {
    settings,
    /** The newest scheduled backup (for the status line and Settings). */
    last: () => last,
    list: () => ({ dir, backups: scheduledBackups(deps.dataDir) }),
    /** A full backup to an absolute path that does not exist yet, in a folder that does. */
    create(input: { path: string; passphrase: string }): Promise<BackupInfo> {
      if (!isAbsolute(input.path)) throw new CoreError('invalid_input', 'The backup path must be absolute (the node runs in another folder than the command line).', [{ path: 'path', message: 'must be an absolute path' }]);
      if (existsSync(input.path)) throw new CoreError('conflict', `${input.path} exists already; a backup never overwrites a file. Choose another name.`, [{ path: 'path', message: 'exists already' }]);
      if (!existsSync(dirname(input.path))) throw new CoreError('invalid_input', `The folder ${dirname(input.path)} does not exist.`, [{ path: 'path', message: 'its folder does not exist' }]);
      try {
        checkPassphrase(input.passphrase);
      } catch (error) {
        throw new CoreError('invalid_input', (error as Error).message, [{ path: 'passphrase', message: 'must not be empty' }]);
      }
      return serial(async () => {
        try {
          const made = info(await write(input.path, input.passphrase));
          deps.audit.audit('backup.created', { path: made.path, bytes: made.bytes });
          return made;
        } catch (error) {
          if (error instanceof BackupError) throw new CoreError('unavailable', error.message);
          throw error;
        }
      });
    },
    /** Makes a scheduled backup now if one is due (the timer calls this; so can a test). */
    runDue,
    runScheduled,
    start() {
      timer = setInterval(() => {
        runDue().catch((error: unknown) => deps.logger.warn('scheduled backup failed', { error: error instanceof Error ? error.message : String(error) }));
      }, deps.checkMs ?? DEFAULT_CHECK_MS);
      timer.unref();
    },
    /** Stops the schedule and waits for a backup under way (the database closes after it). */
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}

export type BackupService = ReturnType<typeof createBackupService>;
