import type { UpdateStatus } from '../../shared/domain/desktop';
import type { Clock } from '../core/clock';
import { isoAt } from '../core/clock';
import type { Logger } from '../core/logger';

/** The slice of electron-updater's `autoUpdater` used here (injected: it needs Electron). */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowPrerelease: boolean;
  on(event: 'checking-for-update' | 'update-not-available', listener: () => void): unknown;
  on(event: 'update-available' | 'update-downloaded', listener: (info: { version: string; releaseNotes?: unknown }) => void): unknown;
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** A daily check waits this long after start, so starting at login does not compete with the node for the network. */
const FIRST_CHECK_DELAY_MS = 2 * 60 * 1000;

/** Release notes as plain text: electron-updater gives a string (often HTML) or a list of notes per version. */
export function notesText(notes: unknown): string | null {
  const text = typeof notes === 'string' ? notes : Array.isArray(notes) ? notes.map((entry: { version?: string; note?: string | null }) => `${entry.version ?? ''}\n${entry.note ?? ''}`).join('\n\n') : null;
  if (!text) return null;
  const plain = text
    .replace(/<br\s*\/?>|<\/p>|<\/li>|<\/h\d>/gi, '\n')
    .replace(/<li[^>]*>/gi, '• ')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return plain ? plain.slice(0, 8000) : null;
}

/**
 * Updates from the project's GitHub Releases (electron-updater): checked when the operator asks, and daily when
 * they opted in. A found update downloads in the background; the operator sees what is new and chooses when to
 * restart — Switchboard never restarts on its own. A build from source (not packaged) has nothing to update.
 */
export function createUpdateService(deps: {
  updater: UpdaterLike | null;
  currentVersion: string;
  packaged: boolean;
  clock: Clock;
  logger: Logger;
  onChange(status: UpdateStatus): void;
  /** Lets the node finish (queued work is kept) before the app quits into the installer. */
  beforeInstall(): Promise<void>;
}) {
  const unsupported = !deps.updater || !deps.packaged;
  let status: UpdateStatus = {
    state: unsupported ? 'unsupported' : 'idle',
    current: deps.currentVersion,
    version: null,
    notes: null,
    percent: null,
    error: unsupported ? 'Updates come with installed releases; this copy runs from a build of the source (update it with git and npm).' : null,
    checkedAt: null,
  };
  let daily: NodeJS.Timeout | null = null;
  let firstCheck: NodeJS.Timeout | null = null;
  const stopDaily = () => {
    if (firstCheck) clearTimeout(firstCheck);
    if (daily) clearInterval(daily);
    firstCheck = null;
    daily = null;
  };
  // Read through a function: events may change the status while a check is awaited.
  const current = () => status;
  const set = (next: Partial<UpdateStatus>) => {
    status = { ...status, ...next };
    deps.onChange(status);
  };

  const updater = unsupported ? null : deps.updater!;
  if (updater) {
    updater.autoDownload = true;
    // Installing is the operator's choice; an update not chosen is installed at the next quit.
    updater.autoInstallOnAppQuit = true;
    updater.on('checking-for-update', () => set({ state: 'checking', error: null }));
    updater.on('update-not-available', () => set({ state: 'none', checkedAt: isoAt(deps.clock), version: null, notes: null, percent: null }));
    updater.on('update-available', (info) => set({ state: 'downloading', version: info.version, notes: notesText(info.releaseNotes), percent: 0, checkedAt: isoAt(deps.clock) }));
    updater.on('download-progress', (progress) => set({ state: 'downloading', percent: Math.max(0, Math.min(100, Math.round(progress.percent))) }));
    updater.on('update-downloaded', (info) => set({ state: 'ready', version: info.version, notes: notesText(info.releaseNotes) ?? status.notes, percent: 100 }));
    updater.on('error', (error) => {
      deps.logger.warn('the update check failed', { error: error.message });
      set({ state: 'error', error: `The update check failed: ${error.message.split('\n')[0]!.slice(0, 300)}`, checkedAt: isoAt(deps.clock) });
    });
  }

  const check = async (): Promise<UpdateStatus> => {
    if (!updater) return status;
    if (status.state === 'checking' || status.state === 'downloading' || status.state === 'ready') return status;
    set({ state: 'checking', error: null });
    try {
      await updater.checkForUpdates();
    } catch (error) {
      // Also reported through 'error'; a rejection alone (no network at all) must not stay "checking".
      if (current().state === 'checking') set({ state: 'error', error: `The update check failed: ${error instanceof Error ? error.message.split('\n')[0]!.slice(0, 300) : String(error)}`, checkedAt: isoAt(deps.clock) });
    }
    return status;
  };

  return {
    status: () => status,
    check,
    /** Applies the channel and the daily opt-in (called at start and whenever the settings change). */
    configure(options: { channel: 'latest' | 'beta'; checkDaily: boolean }): void {
      if (!updater) return;
      updater.allowPrerelease = options.channel === 'beta';
      if (options.checkDaily && !daily) {
        firstCheck = setTimeout(() => void check(), FIRST_CHECK_DELAY_MS);
        firstCheck.unref();
        daily = setInterval(() => void check(), DAY_MS);
        daily.unref();
      } else if (!options.checkDaily) stopDaily();
    },
    async install(): Promise<{ restarting: boolean }> {
      if (!updater || status.state !== 'ready') return { restarting: false };
      await deps.beforeInstall();
      updater.quitAndInstall(false, true);
      return { restarting: true };
    },
    dailyScheduled: () => daily !== null,
    stop: () => stopDaily(),
  };
}

export type UpdateService = ReturnType<typeof createUpdateService>;
