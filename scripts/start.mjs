// `npm start`: build, then start the tray app where Electron can run; otherwise start the same node headless
// at once and print the console URL, with a sentence saying why. Electron cannot run without a display, without
// its binary (its download host may be unreachable), without a better-sqlite3 built for its ABI, or when
// --headless is given. The desktop app started from here reports a failed start on the terminal (never a
// blocking dialog) and exits 3, and this script then starts headless.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { obtainElectronSqlite } from './electron-sqlite.mjs';

const args = process.argv.slice(2);
const wantsHeadless = args.includes('--headless') || process.env.SWITCHBOARD_HEADLESS === '1';
const passthrough = args.filter((arg) => arg !== '--headless');

const build = spawnSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) {
  console.error('npm start: the build failed (see above).');
  process.exit(build.status ?? 1);
}

function electronBinary() {
  const pathFile = join('node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join('node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function hasDisplay() {
  return process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/** Electron ≥ 42 downloads its binary on first use; try once, and fall back when it cannot. */
function obtainElectron() {
  const existing = electronBinary();
  if (existing) return existing;
  console.error('Fetching the Electron runtime (first start only)…');
  const result = spawnSync(process.execPath, [join('node_modules', 'electron', 'install.js')], { stdio: 'ignore', timeout: 180_000 });
  return result.status === 0 ? electronBinary() : null;
}

function startHeadless(reason) {
  console.error(`Starting Switchboard headless: ${reason}.`);
  const child = spawn(process.execPath, ['bin/switchboard.js', 'serve', ...passthrough], { stdio: 'inherit' });
  forwardSignals(child);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

function forwardSignals(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
}

async function desktopReason() {
  if (wantsHeadless) return { reason: '--headless was given' };
  if (!hasDisplay()) return { reason: 'no display here (DISPLAY and WAYLAND_DISPLAY are unset)' };
  const electron = obtainElectron();
  if (!electron) return { reason: 'the Electron runtime is not installed and could not be downloaded' };
  try {
    const sqlite = await obtainElectronSqlite({ log: (line) => console.error(line) });
    return { electron, sqlite: sqlite.path };
  } catch (error) {
    return { reason: `${error instanceof Error ? error.message : String(error)} (the desktop app needs it; the headless node uses Node's build)` };
  }
}

const chosen = await desktopReason();
if (chosen.reason) {
  startHeadless(chosen.reason);
} else {
  const startedAt = Date.now();
  const child = spawn(chosen.electron, ['.', ...passthrough], {
    stdio: ['inherit', 'inherit', 'pipe'],
    env: { ...process.env, SWITCHBOARD_SQLITE_BINDING: chosen.sqlite, SWITCHBOARD_NO_DIALOG: '1' },
  });
  let lastLine = '';
  child.stderr.on('data', (chunk) => {
    process.stderr.write(chunk);
    const lines = chunk.toString().split('\n').filter((line) => line.trim());
    if (lines.length) lastLine = lines.at(-1);
  });
  forwardSignals(child);
  child.on('exit', (code) => {
    // A desktop that could not start (exit 3 says so), or a runtime that dies at once (missing system
    // libraries, no GPU stack), should not leave the operator with nothing: the headless node starts instead.
    if (code === 3 || (code !== 0 && Date.now() - startedAt < 10_000)) startHeadless(`the desktop app could not start (${lastLine || `exit code ${code}`})`);
    else process.exit(code ?? 0);
  });
}
