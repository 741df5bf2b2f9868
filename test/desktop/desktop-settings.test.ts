import Conf from 'conf';
import { describe, expect, it } from 'vitest';
import { createDesktopSettings, defaultDesktopSettings } from '../../src/main/desktop/desktop-settings';
import { settingsStoreOf } from '../../src/main/desktop/electron-wiring';
import { useTempDirs } from '../helpers/temp-dir';

describe('desktop settings (conf, as electron-store stores them)', () => {
  const tempDir = useTempDirs();
  const fileIn = (dir: string) => new Conf<Record<string, unknown>>({ cwd: dir, configName: 'desktop', projectName: 'switchboard-test' });

  it('start from sensible defaults per platform and survive a restart', () => {
    expect(defaultDesktopSettings('linux').closeToTray).toBe(false);
    expect(defaultDesktopSettings('darwin').closeToTray).toBe(true);
    const dir = tempDir();
    const settings = createDesktopSettings({ store: settingsStoreOf(fileIn(dir)), platform: 'win32' });
    expect(settings.update({ notifications: { cards: false }, updates: { checkDaily: true } })).toMatchObject({ closeToTray: true, notifications: { approvals: true, cards: false }, updates: { channel: 'latest', checkDaily: true } });
    expect(createDesktopSettings({ store: settingsStoreOf(fileIn(dir)), platform: 'win32' }).get()).toMatchObject({ notifications: { cards: false }, updates: { checkDaily: true } });
  });

  it('keep what still parses of a hand-edited file and refuse bad changes with the field named', () => {
    const file = fileIn(tempDir());
    file.set('desktop', { theme: 'neon', closeToTray: false, notifications: { approvals: 'yes' } });
    const settings = createDesktopSettings({ store: settingsStoreOf(file), platform: 'darwin' });
    expect(settings.get()).toMatchObject({ theme: 'system', closeToTray: false, notifications: { approvals: true } });
    expect(() => settings.update({ theme: 'neon' } as never)).toThrow(/theme/);
  });

  it('remember sane window bounds only', () => {
    const file = fileIn(tempDir());
    const settings = createDesktopSettings({ store: settingsStoreOf(file), platform: 'darwin' });
    expect(settings.windowState()).toBeNull();
    settings.saveWindowState({ bounds: { x: 1, y: 2, width: 800, height: 600 }, maximized: false });
    expect(settings.windowState()).toEqual({ bounds: { x: 1, y: 2, width: 800, height: 600 }, maximized: false });
    settings.saveWindowState({ bounds: { x: 1, y: 2, width: 10, height: 10 }, maximized: false });
    expect(settings.windowState()).toBeNull();
  });
});
