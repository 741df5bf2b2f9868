// `npm start`: build, then start the tray app where Electron can run; otherwise start the same node headless
// and print the console URL. Electron cannot run without a display, without its binary (its download host
// may be unreachable), or when --headless is given.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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

/** Electron ≥ 42 downloads its binary on first use; try once, briefly, and fall back when it cannot. */
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

let reason = null;
let electron = null;
if (wantsHeadless) reason = '--headless was given';
else if (!hasDisplay()) reason = 'no display here (DISPLAY and WAYLAND_DISPLAY are unset)';
else if (!(electron = obtainElectron())) reason = 'the Electron runtime is not installed and could not be downloaded';

if (reason) {
  startHeadless(reason);
} else {
  const startedAt = Date.now();
  const child = spawn(electron, ['.', ...passthrough], { stdio: 'inherit' });
  forwardSignals(child);
  child.on('exit', (code) => {
    // A runtime that dies at once (missing system libraries, no GPU stack) should not leave the operator with
    // nothing: fall back to the headless node.
    if (code !== 0 && Date.now() - startedAt < 10_000) startHeadless(`the desktop app exited at start (code ${code})`);
    else process.exit(code ?? 0);
  });
}
