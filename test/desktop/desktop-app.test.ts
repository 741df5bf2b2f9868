import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ipcChannels } from '../../src/shared/contract-wire';
import { silentLogger } from '../../src/main/core/logger';
import { createNode, type SwitchboardNode } from '../../src/main/core/node';
import { startDesktop, type DesktopDeps } from '../../src/main/desktop/desktop-app';
import { createMainWindowController } from '../../src/main/desktop/main-window';
import { APP_ENTRY_URL } from '../../src/main/desktop/web-security';
import { FakeApp, FakeBrowserWindow, FakeIpcMain, FakeSafeStorage, FakeSession, FakeTray, FakeWebContents, preventable } from '../helpers/fake-electron';
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
  let notifications: { title: string; body: string; onClick: () => void }[];
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
    notifications = [];
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
      createTray: () => tray,
      buildMenu: (template) => template,
      registerAppProtocol: () => {},
      showErrorBox: (title, content) => errors.push(`${title}: ${content}`),
      createNode: async (config, extra) => {
        const node = await createNode({ ...config, host: '127.0.0.1', port: 0 }, extra);
        nodes.push(node);
        return node;
      },
      safeStorage,
      notify: (options) => notifications.push(options),
      setBadgeCount: (count) => badges.push(count),
      showMessageBox: async (options) => {
        boxes.push(options);
        return { response: boxAnswer };
      },
      writeClipboard: (text) => clipboard.push(text),
      logger: silentLogger,
      preloadPath: '/app/out/preload/index.cjs',
      rendererDir: '/app/out/renderer',
      platform: 'linux',
      env: {},
      argv: [],
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

  it('hides the window on close instead of quitting, and really closes it on quit', async () => {
    await started();
    const window = FakeBrowserWindow.instances[0]!;
    window.show();
    expect(window.userCloses()).toBe(true);
    expect(window.visible).toBe(false);
    expect(app.quitCalls).toBe(0);
    tray.item('Quit Switchboard').click?.();
    expect(window.userCloses()).toBe(false);
    await Promise.all(nodes.map((node) => node.close()));
    expect(tray.destroyed).toBe(true);
  });

  it('shows a tray menu with Open, a status line and Quit, and updates the status from events', async () => {
    const handle = await started();
    expect(tray.menu.map((item) => item.label ?? item.type)).toEqual(['Open Switchboard', expect.stringContaining(handle.node.name), 'separator', 'Quit Switchboard']);
    expect(tray.item(/port \d+/).enabled).toBe(false);
    handle.node.db
      .prepare("INSERT INTO messages (direction, protocol, trace_id, content, status, created_at) VALUES ('in', 'secure', 't', 'x', 'received', 'now')")
      .run();
    handle.node.countsChanged();
    expect(tray.item(/1 in, 0 out/)).toBeTruthy();
    expect(tray.tooltip).toContain('1 in, 0 out');
    await quitAndWait();
  });

  it('brings the window back when a second instance starts', async () => {
    await started();
    const window = FakeBrowserWindow.instances[0]!;
    window.hide();
    app.emit('second-instance');
    expect(window.visible).toBe(true);
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

  it('denies every permission request, navigation, window.open and webview', async () => {
    await started();
    const granted: boolean[] = [];
    session.requestHandler?.(null, 'media', (ok) => granted.push(ok));
    session.requestHandler?.(null, 'notifications', (ok) => granted.push(ok));
    expect(granted).toEqual([false, false]);
    expect(session.checkHandler?.(null, 'clipboard-read')).toBe(false);

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

  it('explains a failed start in a dialog and exits non-zero', async () => {
    const blocker = await createNode({ dataDir: app.getPath(), host: '127.0.0.1', port: 0 }, { logger: silentLogger });
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
    expect(notifications).toEqual([{ title: 'Switchboard: alice', body: 'please look at this', onClick: expect.any(Function) }]);
    expect(badges.at(-1)).toBe(1);
    expect(tray.tooltip).toContain('1 wake');
    notifications[0]!.onClick();
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
    await vi.waitFor(() => expect(notifications).toHaveLength(1));
    expect(notifications[0]).toMatchObject({ title: 'Switchboard: default asks', body: 'May I deploy?' });
    expect(badges.at(-1)).toBe(1);
    expect(tray.tooltip).toContain('1 waiting for you');
    notifications[0]!.onClick();
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
    await vi.waitFor(() => expect(notifications).toHaveLength(1));
    expect(notifications[0]).toMatchObject({ title: "Switchboard: planner's card changed", body: '2 changes; look at $.securitySchemes' });
    notifications[0]!.onClick();
    expect(window.visible).toBe(true);
    const shown = window.webContents.sent.filter((m) => (m.args[0] as { event: string }).event === 'ui.show');
    expect(shown).toEqual([{ channel: ipcChannels.event, args: [{ event: 'ui.show', payload: { screen: 'inspector', card: { url: 'https://agent.example', peerId: 'peer_1', from: 6, to: 7 } } }] }]);
    await quitAndWait();
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

  it('falls back to the 0600 key file, and says so, when Linux offers only basic_text', async () => {
    safeStorage.backend = 'basic_text';
    const handle = await started();
    expect(handle.node.status().vaultBackend).toBe('file (no OS keychain available)');
    expect(existsSync(join(app.getPath(), 'vault.key'))).toBe(true);
    await quitAndWait();
  });

  it('closes the node before quitting', async () => {
    const handle = await started();
    const url = `http://127.0.0.1:${handle.node.port}/health`;
    expect((await fetch(url)).status).toBe(200);
    app.quit();
    await handle.node.close();
    await expect(fetch(url)).rejects.toThrow();
  });
});
