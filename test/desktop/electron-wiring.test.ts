import Conf from 'conf';
import { describe, expect, it } from 'vitest';
import { ipcChannels } from '../../src/shared/contract-wire';
import { startDesktop } from '../../src/main/desktop/desktop-app';
import { desktopDeps, registerSchemes, type ElectronModule } from '../../src/main/desktop/electron-wiring';
import { APP_ENTRY_URL } from '../../src/main/desktop/web-security';
import { FakeApp, FakeBrowserWindow, FakeIpcMain, FakeNotification, FakeSafeStorage, FakeSession, FakeTray, FakeUpdater } from '../helpers/fake-electron';
import { useTempDirs } from '../helpers/temp-dir';

/** A stand-in for the `electron` module, shaped like the real one where the wiring touches it. */
function fakeElectron(userData: string) {
  const app = Object.assign(new FakeApp(userData), { getAppPath: () => '/opt/Switchboard/resources/app.asar', setBadgeCount: (count: number) => badges.push(count) });
  const badges: number[] = [];
  const images: { path: string; template: boolean }[] = [];
  const trays: FakeTray[] = [];
  const schemes: unknown[] = [];
  const handled: string[] = [];
  const session = new FakeSession();
  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    clipboard: { writeText: () => {} },
    dialog: { showErrorBox: () => {}, showMessageBox: async () => ({ response: 1 }) },
    ipcMain: new FakeIpcMain(),
    Menu: { buildFromTemplate: (template: unknown) => template },
    nativeImage: {
      createFromPath: (path: string) => {
        const image = { path, template: false, setTemplateImage: (value: boolean) => void (image.template = value) };
        images.push(image);
        return image;
      },
    },
    nativeTheme: { themeSource: 'system' },
    Notification: FakeNotification,
    protocol: { registerSchemesAsPrivileged: (list: unknown) => schemes.push(list), handle: (scheme: string) => handled.push(scheme) },
    safeStorage: new FakeSafeStorage(),
    session: { defaultSession: session },
    Tray: class extends FakeTray {
      constructor(icon: unknown) {
        super();
        this.setImage(icon);
        trays.push(this);
      }
    },
  };
  return { electron: electron as unknown as ElectronModule, app, images, trays, schemes, handled, badges, session, ipcMain: electron.ipcMain };
}

describe('the Electron wiring (index.ts hands the real modules to this)', () => {
  const tempDir = useTempDirs();

  it('registers the app:// scheme as standard and secure before ready', () => {
    const fake = fakeElectron(tempDir());
    registerSchemes(fake.electron);
    expect(fake.schemes).toEqual([[{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]]);
  });

  it('starts the real desktop face through the wiring: protocol, window, tray icon (template on macOS), IPC answering', async () => {
    FakeBrowserWindow.instances = [];
    FakeNotification.reset();
    const fake = fakeElectron(tempDir());
    const deps = desktopDeps(fake.electron, {
      settingsFile: new Conf<Record<string, unknown>>({ cwd: tempDir(), configName: 'desktop', projectName: 'switchboard-test' }),
      updater: new FakeUpdater(),
      here: '/opt/Switchboard/resources/app.asar/out/main/',
      platform: 'darwin',
      env: { SWITCHBOARD_DATA_DIR: tempDir() },
      argv: ['/opt/Switchboard/Switchboard'],
      execPath: '/opt/Switchboard/Switchboard',
      print: () => {},
    });
    expect(deps.preloadPath).toBe('/opt/Switchboard/resources/app.asar/out/preload/index.cjs');
    expect(deps.rendererDir).toBe('/opt/Switchboard/resources/app.asar/out/renderer');
    expect(deps.resourcesDir).toBe('/opt/Switchboard/resources/app.asar/resources');
    const handle = await startDesktop({ ...deps, createNode: (config, extra) => deps.createNode({ ...config, host: '127.0.0.1', port: 0, controlPort: 0 }, extra) });
    expect(handle).not.toBeNull();
    expect(fake.handled).toEqual(['app']);
    expect(fake.trays).toHaveLength(1);
    expect(fake.images[0]).toMatchObject({ path: '/opt/Switchboard/resources/app.asar/resources/tray/mac/trayTemplate.png', template: true });
    expect(await fake.ipcMain.invoke(ipcChannels.call, APP_ENTRY_URL, 'node.status', {})).toMatchObject({ ok: true });
    expect(fake.session.request('clipboard-sanitized-write', APP_ENTRY_URL)).toBe(true);
    expect(fake.badges.at(-1)).toBe(0);
    fake.app.quit();
    await handle!.node.close();
  });
});
