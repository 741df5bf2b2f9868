import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UpdateStatus } from '../../src/shared/domain/desktop';
import { systemClock } from '../../src/main/core/clock';
import { silentLogger } from '../../src/main/core/logger';
import { createUpdateService, notesText } from '../../src/main/desktop/updater';
import { FakeUpdater } from '../helpers/fake-electron';

describe('updates (electron-updater injected)', () => {
  afterEach(() => vi.useRealTimers());
  const service = (updater: FakeUpdater | null, packaged = true) => {
    const seen: UpdateStatus[] = [];
    let closed = 0;
    const updates = createUpdateService({ updater, currentVersion: '1.0.0', packaged, clock: systemClock, logger: silentLogger, onChange: (status) => seen.push(status), beforeInstall: async () => void (closed += 1) });
    return { updates, seen, closed: () => closed };
  };

  it('downloads in the background but installs only when asked; never while nothing is ready', async () => {
    const updater = new FakeUpdater();
    const { updates, seen, closed } = service(updater);
    expect(updater).toMatchObject({ autoDownload: true, autoInstallOnAppQuit: true });
    expect(await updates.install()).toEqual({ restarting: false });
    updater.answer = { version: '1.1.0', releaseNotes: [{ version: '1.1.0', note: '<p>Fixes &amp; more</p>' }] };
    const found = await updates.check();
    expect(found).toMatchObject({ state: 'ready', version: '1.1.0', notes: '1.1.0\nFixes & more' });
    expect(seen.map((status) => status.state)).toEqual(['checking', 'checking', 'downloading', 'downloading', 'ready']);
    expect(seen.find((status) => status.percent === 42)).toBeTruthy();
    // A second check while one is ready does not start another.
    await updates.check();
    expect(updater.checks).toBe(1);
    expect(await updates.install()).toEqual({ restarting: true });
    expect(closed()).toBe(1);
    expect(updater.installs).toEqual([{ isSilent: false, isForceRunAfter: true }]);
  });

  it('says when there is nothing new, and when the check fails, in words', async () => {
    const updater = new FakeUpdater();
    const { updates } = service(updater);
    expect(await updates.check()).toMatchObject({ state: 'none', checkedAt: expect.any(String) });
    updater.answer = new Error('net::ERR_INTERNET_DISCONNECTED\n    at stack');
    expect(await updates.check()).toMatchObject({ state: 'error', error: 'The update check failed: net::ERR_INTERNET_DISCONNECTED' });
  });

  it('checks daily only when opted in, first a little after start; the beta channel allows prereleases', async () => {
    vi.useFakeTimers();
    const updater = new FakeUpdater();
    const { updates } = service(updater);
    updates.configure({ channel: 'latest', checkDaily: false });
    await vi.advanceTimersByTimeAsync(3 * 24 * 60 * 60 * 1000);
    expect(updater.checks).toBe(0);
    updates.configure({ channel: 'beta', checkDaily: true });
    expect(updater.allowPrerelease).toBe(true);
    await vi.advanceTimersByTimeAsync(2 * 60 * 1000 + 10);
    expect(updater.checks).toBe(1);
    await vi.advanceTimersByTimeAsync(24 * 60 * 60 * 1000);
    expect(updater.checks).toBe(2);
    updates.configure({ channel: 'latest', checkDaily: false });
    expect(updates.dailyScheduled()).toBe(false);
    await vi.advanceTimersByTimeAsync(2 * 24 * 60 * 60 * 1000);
    expect(updater.checks).toBe(2);
  });

  it('offers nothing to a build from source', async () => {
    const updater = new FakeUpdater();
    const { updates } = service(updater, false);
    expect(await updates.check()).toMatchObject({ state: 'unsupported' });
    expect(updater.checks).toBe(0);
    expect(service(null).updates.status().state).toBe('unsupported');
  });

  it('turns release notes into plain text', () => {
    expect(notesText('<h2>1.2</h2><ul><li>A &lt;b&gt;</li><li>B</li></ul>')).toBe('1.2\n• A <b>\n• B');
    expect(notesText(null)).toBeNull();
    expect(notesText('')).toBeNull();
  });
});
