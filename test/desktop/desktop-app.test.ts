import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ipcChannels } from '../../src/shared/contract-wire';
import { silentLogger } from '../../src/main/core/logger';
import { createNode, type SwitchboardNode } from '../../src/main/core/node';
import { startDesktop, type DesktopDeps } from '../../src/main/desktop/desktop-app';
import { createMainWindowController } from '../../src/main/desktop/main-window';
import { APP_ENTRY_URL } from '../../src/main/desktop/web-security';
import Conf from 'conf';
import { settingsStoreOf } from '../../src/main/desktop/electron-wiring';
import { FakeApp, FakeBrowserWindow, FakeDownloadItem, FakeIpcMain, FakeNotification, FakeSafeStorage, FakeSession, FakeTray, FakeUpdater, FakeWebContents, preventable } from '../helpers/fake-electron';
import { addSecurePeer, postSecure } from '../helpers/secure-peer';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirs } from '../helpers/temp-dir';

describe('the desktop face (Electron APIs injected)', () => {
  const tempDir = useTempDirs();
  let app: FakeApp;
  let ipcMain: FakeIpcMain;
  let session: FakeSession;
  let tray: FakeTray;
  let errors: string[];
  let nodes: SwitchboardNode[];
  let safeStorage: FakeSafeStorage;
  let updater: FakeUpdater;
  let theme: { themeSource: 'system' | 'light' | 'dark' };
  let settingsFile: Conf<Record<string, unknown>>;
  let printed: string[];
  let badges: number[];
  let boxes: { title: string; message: string; detail: string; buttons: string[] }[];
  let boxAnswer: number;
  let clipboard: string[];

  beforeEach(() => {
    app = new FakeApp(tempDir());
    ipcMain = new FakeIpcMain();
    session = new FakeSession();
    tray = new FakeTray();
    errors = [];
    nodes = [];
    safeStorage = new FakeSafeStorage();
    FakeNotification.reset();
    updater = new FakeUpdater();
    theme = { themeSource: 'system' };
    settingsFile = new Conf<Record<string, unknown>>({ cwd: tempDir(), configName: 'desktop', projectName: 'switchboard-test' });
    printed = [];
    badges = [];
    boxes = [];
    boxAnswer = 1;
    clipboard = [];
    FakeBrowserWindow.instances = [];
  });

  function deps(overrides: Partial<DesktopDeps> = {}): DesktopDeps {
    return {
      app,
      ipcMain,
      BrowserWindow: FakeBrowserWindow,
      getDefaultSession: () => session,
      createTray: (icon) => {
        tray.setImage(icon);
        return tray;
      },
      trayImage: (path, template) => ({ path, template }),
      buildMenu: (template) => template,
      registerAppProtocol: () => {},
      showErrorBox: (title, content) => errors.push(`${title}: ${content}`),
      createNode: async (config, extra) => {
        const node = await createNode({ ...config, host: '127.0.0.1', port: 0, controlPort: 0 }, extra);
        nodes.push(node);
        return node;
      },
      safeStorage,
      Notification: FakeNotification,
      nativeTheme: theme,
      settingsStore: settingsStoreOf(settingsFile),
      updater,
      setBadgeCount: (count) => badges.push(count),
      showMessageBox: async (options) => {
        boxes.push(options);
        return { response: boxAnswer };
      },
      writeClipboard: (text) => clipboard.push(text),
      logger: silentLogger,
      preloadPath: '/app/out/preload/index.cjs',
      rendererDir: '/app/out/renderer',
      resourcesDir: '/app/resources',
      platform: 'linux',
      env: {},
      argv: [],
      execPath: '/usr/lib/switchboard/switchboard',
      print: (line) => printed.push(line),
      ...overrides,
    };
  }

  async function started() {
    const handle = await startDesktop(deps());
    if (!handle) throw new Error('desktop did not start');
    return handle;
  }

  async function quitAndWait() {
    app.quit();
    await Promise.all(nodes.map((node) => node.close()));
  }

  it('quits at once when another instance holds the single-instance lock', async () => {
    app.hasLock = false;
    expect(await startDesktop(deps())).toBeNull();
    expect(app.quitCalls).toBe(1);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('opens a sandboxed, isolated window without Node on the app:// entry', async () => {
    await started();
    const [window] = FakeBrowserWindow.instances;
    expect(window?.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(window?.loadedUrl).toBe(APP_ENTRY_URL);
    window?.emit('ready-to-show');
    expect(window?.visible).toBe(true);
    await quitAndWait();
  });

  it('stays in the tray when started with --hidden', async () => {
    await startDesktop(deps({ argv: ['--hidden'] }));
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    tray.item('Open Switchboard').click?.();
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    await quitAndWait();
  });

  it('hides the window on close when keeping to the tray, and really closes it on quit', async () => {
    settingsFile.set('desktop', { closeToTray: true });
    await started();
    const window = FakeBrowserWindow.instances[0]!;
    window.show();
    expect(window.userCloses()).toBe(true);
    expect(window.visible).toBe(false);
    expect(app.quitCalls).toBe(0);
    tray.item('Quit Switchboard').click?.();
    expect(window.userCloses()).toBe(false);
    await vi.waitFor(() => expect(tray.destroyed).toBe(true));
  });

  it('quits when the window is closed on Linux by default (trays are unreliable there), after closing the node', async () => {
    const handle = await started();
    const window = FakeBrowserWindow.instances[0]!;
    window.show();
    expect(window.userCloses()).toBe(true);
    await vi.waitFor(() => expect(app.quitCalls).toBe(2));
    await expect(fetch(`http://127.0.0.1:${handle.node.port}/health`)).rejects.toThrow();
  });

  it('shows the tray menu from state: status, Open, Approvals, Dead letters, Pause, Start at login, updates, Quit', async () => {
    const handle = await started();
    expect(tray.menu.map((item) => item.label ?? item.type)).toEqual([
      expect.stringContaining(handle.node.name),
      'separator',
      'Open Switchboard',
      'Approvals',
      'Dead letters',
      'separator',
      'Pause receiving',
      'Start at login',
      'Check for updates',
      'separator',
      'Quit Switchboard',
    ]);
    expect(tray.menu[0]).toMatchObject({ enabled: false, label: expect.stringMatching(/· http:\/\/127\.0\.0\.1:\d+ · 0 queued · 0 dead letters$/) });
    expect(tray.item('Start at login')).toMatchObject({ type: 'checkbox', checked: false });
    // The base icon for this platform, then variants with a count.
    expect(tray.images[0]).toEqual({ path: '/app/resources/tray/linux/tray.png', template: false });
    await quitAndWait();
  });

  it('pauses and resumes receiving from the tray: the listener refuses writes with 503 and Retry-After meanwhile', async () => {
    const handle = await started();
    const { inboundSecret } = await addSecurePeer(handle.node, { name: 'alice' });
    tray.item('Pause receiving').click?.();
    await vi.waitFor(() => expect(tray.item('Resume receiving')).toBeTruthy());
    expect(tray.menu[0]!.label).toMatch(/· paused$/);
    const refused = await fetch(`http://127.0.0.1:${handle.node.port}/`, { method: 'POST', headers: { authorization: `Bearer ${inboundSecret}`, 'content-type': 'application/json' }, body: JSON.stringify({ message: 'while paused' }) });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(await refused.json()).toMatchObject({ error: 'receiving_paused' });
    expect((await fetch(`http://127.0.0.1:${handle.node.port}/health`)).status).toBe(200);
    tray.item('Resume receiving').click?.();
    await vi.waitFor(() => expect(tray.item('Pause receiving')).toBeTruthy());
    expect((await postSecure(handle.node, '/', { message: 'after' }, inboundSecret)).status).toBe(200);
    expect(handle.node.audit.list({ limit: 50 }).map((entry) => entry.event)).toEqual(expect.arrayContaining(['receiving.paused', 'receiving.resumed']));
    await quitAndWait();
  });

  it('turns start at login on from the tray, hidden by default, and off again', async () => {
    await started();
    tray.item('Start at login').click?.();
    await vi.waitFor(() => expect(tray.item('Start at login').checked).toBe(true));
    expect(app.loginItemCalls.at(-1)).toEqual({ openAtLogin: true, openAsHidden: true, args: ['--hidden'] });
    tray.item('Start at login').click?.();
    await vi.waitFor(() => expect(tray.item('Start at login').checked).toBe(false));
    expect(app.loginItemCalls.at(-1)).toMatchObject({ openAtLogin: false });
    await quitAndWait();
  });

  it('counts approvals, unseen wakes and new dead letters on the tray icon, and opens Approvals and Dead letters', async () => {
    const handle = await started();
    const window = FakeBrowserWindow.instances[0]!;
    window.webContents.finishLoad();
    const { inboundSecret } = await addSecurePeer(handle.node, { name: 'alice' });
    await postSecure(handle.node, '/', { message: 'look', wake: true }, inboundSecret);
    await vi.waitFor(() => expect(tray.images.at(-1)).toEqual({ path: '/app/resources/tray/linux/tray-1.png', template: false }));
    tray.item('Dead letters').click?.();
    tray.item('Approvals').click?.();
    const shown = window.webContents.sent.filter((m) => (m.args[0] as { event: string }).event === 'ui.show').map((m) => (m.args[0] as { payload: unknown }).payload);
    expect(shown).toEqual([{ screen: 'delivery', tab: 'deadLetters' }, { screen: 'approvals' }]);
    await handle.node.api.call('messages.markWakesSeen', { all: true });
    await vi.waitFor(() => expect(tray.images.at(-1)).toEqual({ path: '/app/resources/tray/linux/tray.png', template: false }));
    await quitAndWait();
  });

  it('brings the window back when a second instance starts, on the screen its switchboard:// link names', async () => {
    await started();
    const window = FakeBrowserWindow.instances[0]!;
    window.webContents.finishLoad();
    window.hide();
    app.emit('second-instance', {}, ['/usr/bin/switchboard']);
    expect(window.visible).toBe(true);
    window.hide();
    app.emit('second-instance', {}, ['/usr/bin/switchboard', 'switchboard://peers/alice']);
    expect(window.visible).toBe(true);
    // macOS hands links over as open-url.
    const event = preventable();
    app.emit('open-url', event, 'switchboard://inspect?url=https%3A%2F%2Fagent.example%2F');
    expect(event.prevented).toBe(true);
    app.emit('second-instance', {}, ['/usr/bin/switchboard', 'switchboard://approvals/../../etc']);
    const shown = window.webContents.sent.filter((m) => (m.args[0] as { event: string }).event === 'ui.show').map((m) => (m.args[0] as { payload: unknown }).payload);
    expect(shown).toEqual([{ screen: 'peers', peer: 'alice' }, { screen: 'inspector', url: 'https://agent.example/' }]);
    await quitAndWait();
  });

  it('opens on the screen of the link it was launched with (cold start), registers the scheme and the Windows app id', async () => {
    await startDesktop(deps({ argv: ['/usr/bin/switchboard', 'switchboard://approvals/apr_123'], platform: 'win32' }));
    const window = FakeBrowserWindow.instances[0]!;
    expect(window.visible).toBe(true);
    window.webContents.finishLoad();
    expect(window.webContents.sent.map((m) => (m.args[0] as { payload: unknown }).payload)).toEqual([{ screen: 'approvals', approvalId: 'apr_123' }]);
    expect(app.protocolClients).toEqual([{ protocol: 'switchboard' }]);
    expect(app.userModelIds).toEqual(['dev.switchboard.app']);
    await quitAndWait();
  });

  it('registers switchboard:// for a development build with the path of the app it runs', async () => {
    app.isPackaged = false;
    await startDesktop(deps({ argv: ['/repo/node_modules/electron/dist/electron', '.'] }));
    expect(app.protocolClients).toEqual([{ protocol: 'switchboard', path: '/usr/lib/switchboard/switchboard', args: [expect.stringMatching(/^\/.+/)] }]);
    await quitAndWait();
  });

  it('answers IPC calls from its own page through the contract, validating input', async () => {
    const handle = await started();
    expect(await ipcMain.invoke(ipcChannels.call, APP_ENTRY_URL, 'node.status', {})).toMatchObject({ ok: true, result: { name: handle.node.name } });
    expect(await ipcMain.invoke(ipcChannels.call, APP_ENTRY_URL, 'audit.list', { limit: -1 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await ipcMain.invoke(ipcChannels.call, APP_ENTRY_URL, 'fs.readFile', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    await quitAndWait();
  });

  it('refuses IPC from any other sender and audits it', async () => {
    const handle = await started();
    for (const sender of ['https://evil.example/', 'file:///etc/passwd', 'app://switchboard.evil/index.html', null]) {
      expect(await ipcMain.invoke(ipcChannels.call, sender, 'node.status', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const handler = ipcMain.handlers.get(ipcChannels.call)!;
    const fromSubframe = await handler({ senderFrame: { url: APP_ENTRY_URL, parent: { url: APP_ENTRY_URL, parent: null } } }, 'node.status', {});
    expect(fromSubframe).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(handle.node.audit.list({ limit: 20 }).filter((entry) => entry.event === 'ipc.sender_rejected')).toHaveLength(5);
    await quitAndWait();
  });

  it('pushes core events to the window, redacted', async () => {
    const handle = await started();
    const window = FakeBrowserWindow.instances[0]!;
    handle.node.audit.audit('peer.secret_rotated', { peer: 'bob', inbound_secret: 'plain' });
    const sent = window.webContents.sent.find((message) => message.channel === ipcChannels.event);
    expect(sent?.args[0]).toMatchObject({ event: 'audit.appended', payload: { details: { peer: 'bob', inbound_secret: '[redacted]' } } });
    await quitAndWait();
  });

  it('denies every permission but clipboard writes from its own page, and every navigation, window.open and webview', async () => {
    await started();
    expect(session.request('media', APP_ENTRY_URL)).toBe(false);
    expect(session.request('notifications', APP_ENTRY_URL)).toBe(false);
    expect(session.request('clipboard-read', APP_ENTRY_URL)).toBe(false);
    expect(session.request('clipboard-sanitized-write', APP_ENTRY_URL)).toBe(true);
    expect(session.request('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(session.request('clipboard-sanitized-write', APP_ENTRY_URL, false)).toBe(false);
    expect(session.checkHandler?.(null, 'clipboard-read', 'app://switchboard', { requestingUrl: APP_ENTRY_URL, isMainFrame: true })).toBe(false);
    expect(session.checkHandler?.(null, 'clipboard-sanitized-write', 'app://switchboard', { requestingUrl: APP_ENTRY_URL, isMainFrame: true })).toBe(true);

    const contents = new FakeWebContents();
    app.emit('web-contents-created', {}, contents);
    for (const event of ['will-navigate', 'will-redirect']) {
      const navigation = preventable();
      contents.emit(event, navigation, 'https://evil.example/');
      expect(navigation.prevented, event).toBe(true);
    }
    const webview = preventable();
    contents.emit('will-attach-webview', webview);
    expect(webview.prevented).toBe(true);
    expect(contents.openHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    await quitAndWait();
  });

  it("saves an attachment the console hands over through Electron's save dialog, and refuses every other download", async () => {
    await started();
    const save = new FakeDownloadItem('blob:app://switchboard/5c1e-77', '../report\u202e.pdf');
    expect(session.download(save)).toBe(true);
    expect(save.saveOptions).toEqual({ title: 'Save attachment', buttonLabel: 'Save', defaultPath: 'report.pdf' });
    for (const url of ['https://evil.example/payload.exe', 'data:application/octet-stream;base64,TVqQ', 'blob:https://evil.example/1', 'blob:null/2']) {
      const item = new FakeDownloadItem(url, 'x.exe');
      expect(session.download(item), url).toBe(false);
      expect(item.canceled, url).toBe(true);
      expect(item.saveOptions).toBeNull();
    }
    await quitAndWait();
  });

  it('under npm start, reports a failed start on the terminal (no blocking dialog) and exits 3 so the script starts headless', async () => {
    const blocker = await createNode({ dataDir: app.getPath(), host: '127.0.0.1', port: 0, controlPort: 0 }, { logger: silentLogger });
    try {
      expect(await startDesktop(deps({ env: { SWITCHBOARD_NO_DIALOG: '1' } }))).toBeNull();
      expect(errors).toEqual([]);
      expect(printed[0]).toMatch(/^Switchboard could not start: Another Switchboard node .*node\.lock/);
      expect(app.exitCode).toBe(3);
    } finally {
      await blocker.close();
    }
  });

  it('explains a failed start in a dialog and exits non-zero', async () => {
    const blocker = await createNode({ dataDir: app.getPath(), host: '127.0.0.1', port: 0, controlPort: 0 }, { logger: silentLogger });
    try {
      expect(await startDesktop(deps())).toBeNull();
      expect(errors[0]).toMatch(/Switchboard could not start: Another Switchboard node .*node\.lock/);
      expect(app.exitCode).toBe(1);
    } finally {
      await blocker.close();
    }
  });

  it('turns a wake into an OS notification that opens the window, and badges unseen wakes', async () => {
    const handle = await started();
    const window = FakeBrowserWindow.instances[0]!;
    window.hide();
    const { inboundSecret } = await addSecurePeer(handle.node, { name: 'alice' });
    await postSecure(handle.node, '/', { message: 'please look at this', wake: true }, inboundSecret);
    expect(FakeNotification.instances.map((n) => n.options)).toEqual([{ title: 'Switchboard: alice', body: 'please look at this', silent: false }]);
    await vi.waitFor(() => expect(badges.at(-1)).toBe(1));
    FakeNotification.instances[0]!.click();
    expect(window.visible).toBe(true);
    await handle.node.api.call('messages.markWakesSeen', { all: true });
    await vi.waitFor(() => expect(badges.at(-1)).toBe(0));
    await quitAndWait();
  });

  it('shows the first A2A key once in a dialog, copies it on request, and never again', async () => {
    boxAnswer = 0;
    const handle = await started();
    await vi.waitFor(() => expect(boxes).toHaveLength(1));
    const key = handle.node.shownOnce[0]!.value;
    expect(boxes[0]).toMatchObject({ title: 'Your A2A API key', buttons: ['Copy key', 'Done'] });
    expect(boxes[0]!.detail.startsWith(`${key}\n`)).toBe(true);
    await vi.waitFor(() => expect(clipboard).toEqual([key]));
    expect(((await handle.node.api.call('keys.list', {})) as { keys: { label: string }[] }).keys.map((k) => k.label)).toEqual(['default']);
    await quitAndWait();

    const again = await started();
    expect(again.node.shownOnce).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(boxes).toHaveLength(1);
    await quitAndWait();
  });

  it('notifies of a request waiting for approval; clicking opens the window on Approvals', async () => {
    const handle = await started();
    const key = handle.node.shownOnce[0]!.value;
    const window = FakeBrowserWindow.instances[0]!;
    window.webContents.finishLoad();
    window.hide();
    const response = await fetch(`http://127.0.0.1:${handle.node.port}/a2a`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'a2a-version': '1.0' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'SendMessage', params: { message: { messageId: 'm1', role: 'ROLE_USER', parts: [{ text: 'May I deploy?' }] }, configuration: { returnImmediately: true } } }),
    });
    expect(response.status).toBe(200);
    await vi.waitFor(() => expect(FakeNotification.instances).toHaveLength(1));
    // Linux notifications have no buttons; the click opens the item.
    expect(FakeNotification.instances[0]!.options).toMatchObject({ title: 'Switchboard: default asks', body: 'May I deploy?', timeoutType: 'never' });
    expect(FakeNotification.instances[0]!.options.actions).toBeUndefined();
    await vi.waitFor(() => expect(badges.at(-1)).toBe(1));
    expect(tray.tooltip).toContain('1 approval');
    expect(tray.item('Approvals (1)')).toBeTruthy();
    FakeNotification.instances[0]!.click();
    expect(window.visible).toBe(true);
    const shown = window.webContents.sent.filter((m) => (m.args[0] as { event: string }).event === 'ui.show');
    expect(shown).toEqual([{ channel: ipcChannels.event, args: [{ event: 'ui.show', payload: { screen: 'approvals', approvalId: expect.stringMatching(/^apr_/) } }] }]);
    const { approvals } = (await handle.node.api.call('approvals.list', {})) as { approvals: { id: string }[] };
    await handle.node.api.call('approvals.decide', { id: approvals[0]!.id, action: 'reject' });
    await vi.waitFor(() => expect(badges.at(-1)).toBe(0));
    await quitAndWait();
  });

  it('notifies when a watched card changes, naming what to look at; clicking opens the diff in the Inspector', async () => {
    const handle = await started();
    const window = FakeBrowserWindow.instances[0]!;
    window.webContents.finishLoad();
    window.hide();
    handle.node.events.emit('inspector.cardChanged', {
      url: 'https://agent.example',
      peerId: 'peer_1',
      peerName: 'planner',
      versionId: 7,
      previousVersionId: 6,
      changes: [
        { path: '$.version', kind: 'changed', before: '1', after: '2', warning: false },
        { path: '$.securitySchemes', kind: 'added', before: undefined, after: {}, warning: true },
      ],
    });
    await vi.waitFor(() => expect(FakeNotification.instances).toHaveLength(1));
    expect(FakeNotification.instances[0]!.options).toMatchObject({ title: "Switchboard: planner's card changed", body: '2 changes; look at $.securitySchemes' });
    FakeNotification.instances[0]!.click();
    expect(window.visible).toBe(true);
    const shown = window.webContents.sent.filter((m) => (m.args[0] as { event: string }).event === 'ui.show');
    expect(shown).toEqual([{ channel: ipcChannels.event, args: [{ event: 'ui.show', payload: { screen: 'inspector', card: { url: 'https://agent.example', peerId: 'peer_1', from: 6, to: 7 } } }] }]);
    await quitAndWait();
  });

  const desktopCall = (method: string, input: unknown) => ipcMain.invoke(ipcChannels.call, APP_ENTRY_URL, method, input) as Promise<{ ok: boolean; result?: Record<string, unknown>; error?: { code: string; message: string } }>;

  it('answers desktop.get and desktop.update over IPC: theme, login item and update channel take effect, bad input is refused', async () => {
    const handle = await started();
    const window = FakeBrowserWindow.instances[0]!;
    expect(await desktopCall('desktop.get', {})).toMatchObject({
      ok: true,
      result: { settings: { closeToTray: false, theme: 'system', updates: { channel: 'latest', checkDaily: false } }, keychain: { kind: 'keychain', label: 'GNOME Keyring (libsecret)' }, updates: { state: 'idle', current: '1.0.0' } },
    });
    const changed: unknown[] = [];
    handle.node.events.on('desktop.changed', (state) => changed.push(state));
    expect(await desktopCall('desktop.update', { theme: 'dark', updates: { channel: 'beta' }, notifications: { wakes: false } })).toMatchObject({ ok: true, result: { settings: { theme: 'dark', updates: { channel: 'beta', checkDaily: false }, notifications: { wakes: false, approvals: true } } } });
    expect(theme.themeSource).toBe('dark');
    expect(updater.allowPrerelease).toBe(true);
    expect(changed).toHaveLength(1);
    expect(settingsFile.get('desktop')).toMatchObject({ theme: 'dark' });
    expect(await desktopCall('desktop.update', { theme: 'neon' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await desktopCall('desktop.update', { closeToTray: 'yes' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await desktopCall('desktop.update', { unknown: true })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    // Wakes are off now: no notification for one.
    const { inboundSecret } = await addSecurePeer(handle.node, { name: 'alice' });
    await postSecure(handle.node, '/', { message: 'quiet please', wake: true }, inboundSecret);
    expect(FakeNotification.instances).toHaveLength(0);
    // The window's place is remembered for the next start.
    window.bounds = { x: 40, y: 50, width: 900, height: 700 };
    window.maximized = true;
    window.show();
    window.userCloses();
    await vi.waitFor(() => expect(app.quitCalls).toBe(2));
    FakeBrowserWindow.instances = [];
    await started();
    expect(FakeBrowserWindow.instances[0]!.options).toMatchObject({ x: 40, y: 50, width: 900, height: 700 });
    expect(FakeBrowserWindow.instances[0]!.maximized).toBe(true);
    await quitAndWait();
  });

  it('finds an update when asked, shows what is new, and restarts into it only when the operator says so, after the node closed', async () => {
    updater.answer = { version: '1.2.0', releaseNotes: '<h2>New</h2><ul><li>Faster inspector</li></ul>' };
    const handle = await started();
    expect(tray.item('Check for updates')).toBeTruthy();
    expect(await desktopCall('desktop.checkForUpdates', {})).toMatchObject({ ok: true, result: { state: 'ready', version: '1.2.0', notes: 'New\n• Faster inspector', percent: 100 } });
    expect(updater.installs).toEqual([]);
    expect(tray.item('Restart to update to 1.2.0')).toBeTruthy();
    expect(await desktopCall('desktop.installUpdate', {})).toMatchObject({ ok: true, result: { restarting: true } });
    expect(updater.installs).toEqual([{ isSilent: false, isForceRunAfter: true }]);
    await expect(fetch(`http://127.0.0.1:${handle.node.port}/health`)).rejects.toThrow();
  });

  it('says updates do not apply to a build from source, and the headless node says desktop.* belongs to the desktop app', async () => {
    app.isPackaged = false;
    await startDesktop(deps({ argv: ['/e', '.'] }));
    expect(await desktopCall('desktop.checkForUpdates', {})).toMatchObject({ ok: true, result: { state: 'unsupported', error: expect.stringMatching(/build of the source/) } });
    expect(updater.checks).toBe(0);
    await quitAndWait();
    const headless = await createNode({ dataDir: tempDir(), host: '127.0.0.1', port: 0, controlPort: 0, issueFirstA2aKey: false }, { logger: silentLogger });
    await expect(headless.api.call('desktop.get', {})).rejects.toMatchObject({ code: 'unavailable', message: 'desktop.get belongs to the desktop app; this node runs without it (headless).' });
    await headless.close();
  });

  it('on macOS and Windows, an approval notification has buttons that decide it; a second decision says it was already decided', async () => {
    const handle = await startDesktop(deps({ platform: 'darwin' }));
    const key = handle!.node.shownOnce[0]!.value;
    const ask = (text: string) =>
      fetch(`http://127.0.0.1:${handle!.node.port}/a2a`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'a2a-version': '1.0' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'SendMessage', params: { message: { messageId: text, role: 'ROLE_USER', parts: [{ text }] }, configuration: { returnImmediately: true } } }),
      });
    expect((await ask('May I deploy?')).status).toBe(200);
    await vi.waitFor(() => expect(FakeNotification.instances).toHaveLength(1));
    const notice = FakeNotification.instances[0]!;
    expect(notice.options.actions).toEqual([{ type: 'button', text: 'Reject' }]);
    expect(notice.options.id).toMatch(/^approval:apr_[A-Za-z0-9_-]+:reject$/);
    notice.press(0);
    await vi.waitFor(() => expect(FakeNotification.instances).toHaveLength(2));
    expect(FakeNotification.instances[1]!.options.body).toBe('Rejected: May I deploy?');
    const [approval] = ((await handle!.node.api.call('approvals.list', { status: 'rejected' })) as { approvals: { id: string }[] }).approvals;
    expect(approval).toBeTruthy();
    notice.press(0);
    await vi.waitFor(() => expect(FakeNotification.instances).toHaveLength(3));
    expect(FakeNotification.instances[2]!.options.body).toMatch(/already decided/);
    await quitAndWait();
  });

  it('on Windows, a click that launched the app (activation) opens the approval it was about', async () => {
    const handle = await startDesktop(deps({ platform: 'win32' }));
    const window = FakeBrowserWindow.instances[0]!;
    window.webContents.finishLoad();
    FakeNotification.activation!({ type: 'click', arguments: 'approval:apr_abc123:reject' });
    expect(window.webContents.sent.map((m) => (m.args[0] as { payload: unknown }).payload)).toEqual([{ screen: 'approvals', approvalId: 'apr_abc123' }]);
    expect(handle).toBeTruthy();
    await quitAndWait();
  });

  it('tells of dead letters once per burst and counts them on the icon until the window is looked at', async () => {
    const handle = await started();
    const window = FakeBrowserWindow.instances[0]!;
    await handle.node.api.call('peers.add', { name: 'gone', baseUrl: 'http://127.0.0.1:9', protocol: 'secure', outboundSecret: 'outbound-secret-123' });
    await handle.node.api.call('outbox.setPaused', { peer: 'gone', paused: true });
    for (const text of ['one', 'two', 'three']) await handle.node.api.call('messages.send', { peer: 'gone', text });
    await handle.node.api.call('peers.remove', { peer: 'gone' });
    await vi.waitFor(() => expect(FakeNotification.instances).toHaveLength(1), { timeout: 3000 });
    expect(FakeNotification.instances[0]!.options).toMatchObject({ title: 'Switchboard: 3 messages could not be delivered', body: 'To gone. Review them in Delivery › Dead letters.' });
    await vi.waitFor(() => expect(tray.images.at(-1)).toEqual({ path: '/app/resources/tray/linux/tray-3.png', template: false }));
    expect(tray.item('Dead letters (3)')).toBeTruthy();
    window.focus();
    await vi.waitFor(() => expect(tray.images.at(-1)).toEqual({ path: '/app/resources/tray/linux/tray.png', template: false }));
    expect(tray.item('Dead letters (3)')).toBeTruthy();
    await quitAndWait();
  });

  it('with --smoke-test, starts a node on a temporary data dir, checks /health, and exits 0 without a window', async () => {
    expect(await startDesktop(deps({ argv: ['/opt/Switchboard/switchboard', '--smoke-test'] }))).toBeNull();
    expect(printed).toEqual([expect.stringMatching(/^Switchboard smoke test passed \(port \d+\)$/)]);
    expect(app.exitCode).toBe(0);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('holds a screen request for a window still loading until its page is there', () => {
    const controller = createMainWindowController({ BrowserWindow: FakeBrowserWindow, preloadPath: '/p', isQuitting: () => false });
    controller.showScreen({ screen: 'approvals' });
    const contents = FakeBrowserWindow.instances[0]!.webContents;
    expect(contents.sent).toEqual([]);
    contents.finishLoad();
    expect(contents.sent).toEqual([{ channel: ipcChannels.event, args: [{ event: 'ui.show', payload: { screen: 'approvals' } }] }]);
    controller.showScreen({ screen: 'keys' });
    expect(contents.sent).toHaveLength(2);
    expect(FakeBrowserWindow.instances).toHaveLength(1);
  });

  it('keeps the vault key wrapped by the OS keychain', async () => {
    const handle = await started();
    expect(handle.node.status().vaultBackend).toBe('safeStorage:gnome_libsecret');
    const wrapped = join(app.getPath(), 'vault.key.safe');
    expect(readFileSync(wrapped, 'utf8')).toMatch(/^wrapped:/);
    expect(existsSync(join(app.getPath(), 'vault.key'))).toBe(false);
    await quitAndWait();
  });

  it('says plainly when Linux offers only basic_text: the operator continues with a 0600 key file (asked once) or quits', async () => {
    safeStorage.backend = 'basic_text';
    boxAnswer = 1;
    expect(await startDesktop(deps())).toBeNull();
    expect(boxes[0]).toMatchObject({ title: 'No OS keychain', message: 'Switchboard found no OS keychain (basic_text).', buttons: ['Continue', 'Quit'] });
    expect(boxes[0]!.detail).toMatch(/hard-coded password that protects nothing/);
    expect(app.exitCode).toBe(0);
    expect(nodes).toHaveLength(0);

    boxAnswer = 0;
    const handle = await started();
    expect(handle.node.status().vaultBackend).toBe('file (no OS keychain available)');
    expect(existsSync(join(app.getPath(), 'vault.key'))).toBe(true);
    expect((await ipcMain.invoke(ipcChannels.call, APP_ENTRY_URL, 'desktop.get', {})) as { result: { keychain: { kind: string } } }).toMatchObject({ ok: true, result: { keychain: { kind: 'basic_text' } } });
    await quitAndWait();
    const asked = boxes.filter((box) => box.title === 'No OS keychain').length;
    await started();
    expect(boxes.filter((box) => box.title === 'No OS keychain')).toHaveLength(asked);
    await quitAndWait();
    // CI and the desktop e2e answer it in the environment.
    settingsFile.clear();
    await startDesktop(deps({ env: { SWITCHBOARD_ACCEPT_PLAIN_KEY: '1' } }));
    expect(boxes.filter((box) => box.title === 'No OS keychain')).toHaveLength(asked);
    await quitAndWait();
  });

  it('closes the node before quitting: the first quit waits for it, the second goes through', async () => {
    const handle = await started();
    const url = `http://127.0.0.1:${handle.node.port}/health`;
    expect((await fetch(url)).status).toBe(200);
    app.quit();
    await vi.waitFor(() => expect(app.quitCalls).toBe(2));
    await expect(fetch(url)).rejects.toThrow();
    expect(() => handle.node.db.prepare('SELECT 1').get()).toThrow(/not open/);
    expect(tray.destroyed).toBe(true);
  });
});
