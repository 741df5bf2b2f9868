/**
 * The desktop face end to end: the real Electron (node_modules/electron, unpackaged, so its fuses still let
 * Playwright attach) runs the built app (out/, `npm run build`) under Xvfb. Run by `npm run test:desktop-e2e`
 * on CI (.github/workflows/desktop-e2e.yml), never by `npm test`: Electron cannot run on the build machines.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const BINDING_RECORD = join(root, 'node_modules/.switchboard/electron-sqlite.json');

/** What the main process exposes as `globalThis.switchboardDesktop` when SWITCHBOARD_E2E=1. */
interface DesktopHooks {
  switchboardDesktop: { tray: { exists(): boolean }; deepLink(url: string): void };
}
/** The preload bridge, `window.switchboard` in the page. */
interface BridgeWindow {
  switchboard: { call(method: string, input: unknown): Promise<unknown> };
}

/** `require('electron')` is the path of Electron's binary (it downloads the binary first when it is missing). */
function electronBinary(): string {
  return createRequire(import.meta.url)('electron') as string;
}

/** The better-sqlite3 binary built for Electron's ABI: scripts/electron-sqlite.mjs records where it put it. */
function sqliteBinding(): string {
  let record: unknown;
  try {
    record = JSON.parse(readFileSync(BINDING_RECORD, 'utf8'));
  } catch (error) {
    throw new Error(`No ${BINDING_RECORD}: run \`node scripts/electron-sqlite.mjs\` first (${String(error)})`);
  }
  const path = (record as { path?: unknown } | null)?.path;
  if (typeof path !== 'string' || path === '') throw new Error(`${BINDING_RECORD} has no "path"`);
  return path;
}

function environment(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  return { ...env, ...extra };
}

/** The hooks appear once the desktop face has finished starting, which may be a moment after the window shows. */
async function hooksReady(app: ElectronApplication): Promise<void> {
  await expect
    .poll(() => app.evaluate(() => typeof (globalThis as unknown as Partial<DesktopHooks>).switchboardDesktop === 'object'), { timeout: 30_000 })
    .toBe(true);
}

/** The bridge answers with an envelope; the page's transport unwraps it the same way. */
async function call(page: Page, method: string, input: unknown): Promise<unknown> {
  const outcome = (await page.evaluate(([m, i]) => (window as unknown as BridgeWindow).switchboard.call(m, i), [method, input] as const)) as { ok: boolean; result?: unknown; error?: unknown };
  if (!outcome.ok) throw new Error(`${method} failed: ${JSON.stringify(outcome.error)}`);
  return outcome.result;
}

describe('the tray app in Electron', () => {
  let launched: { app: ElectronApplication; page: Page } | null = null;
  let dataDir = '';
  const output: string[] = [];

  function running(): { app: ElectronApplication; page: Page } {
    if (!launched) throw new Error('Electron did not start');
    return launched;
  }

  beforeEach(async ({ onTestFailed }) => {
    launched = null;
    output.length = 0;
    onTestFailed(() => console.error(`Electron's output:\n${output.join('')}`));
    dataDir = mkdtempSync(join(tmpdir(), 'switchboard-desktop-e2e-'));
    const app = await _electron.launch({
      executablePath: electronBinary(),
      args: ['.'],
      cwd: root,
      env: environment({
        SWITCHBOARD_DATA_DIR: dataDir,
        SWITCHBOARD_E2E: '1',
        SWITCHBOARD_SQLITE_BINDING: sqliteBinding(),
        // Xvfb has no keyring: go on with the key in a 0600 file instead of asking in a dialog.
        SWITCHBOARD_ACCEPT_PLAIN_KEY: '1',
        // Any free port: a runner may have 8080 taken.
        SWITCHBOARD_PORT: '0',
      }),
      timeout: 60_000,
    });
    const keep = (chunk: Buffer) => output.push(chunk.toString());
    app.process().stdout?.on('data', keep);
    app.process().stderr?.on('data', keep);
    launched = { app, page: await app.firstWindow({ timeout: 60_000 }) };
  });

  afterEach(async () => {
    await launched?.app.close().catch(() => {});
    launched = null;
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("opens on the Dashboard with the node's name, read through the preload bridge", async () => {
    const { page } = running();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 30_000 }).toBe('Dashboard');
    const status = (await call(page, 'node.status', {})) as { name?: unknown; dataDir?: unknown };
    expect(typeof status.name === 'string' && status.name.length > 0, JSON.stringify(status)).toBe(true);
    expect(status.dataDir).toBe(dataDir);
    await expect.poll(() => page.getByTestId('node-name').textContent()).toBe(status.name);
  });

  it('puts its icon in the tray', async () => {
    const { app } = running();
    await hooksReady(app);
    expect(await app.evaluate(() => (globalThis as unknown as DesktopHooks).switchboardDesktop.tray.exists())).toBe(true);
  });

  it('opens the peer a switchboard://peers/<name> link names', async () => {
    const { app, page } = running();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor({ timeout: 30_000 });
    await hooksReady(app);
    await call(page, 'peers.add', { name: 'deep-link-peer', baseUrl: 'http://127.0.0.1:9' });
    await app.evaluate((_electron, url) => (globalThis as unknown as DesktopHooks).switchboardDesktop.deepLink(url), 'switchboard://peers/deep-link-peer');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 10_000 }).toBe('Peers');
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'deep-link-peer' }).count(), { timeout: 10_000 }).toBe(1);
  });
});
