// better-sqlite3 for Electron's ABI, beside the one for Node. `npm ci` builds better-sqlite3 for Node (the CLI,
// the headless node and the tests use it); the desktop app under `npm start` runs Electron, whose ABI differs, so
// it loads a second copy built for Electron from node_modules/.switchboard/ (better-sqlite3's `nativeBinding`).
// The copy is made once per Electron version and architecture; Node's build is never touched.
//
//   node scripts/electron-sqlite.mjs     prints the path of the binding (and records it in electron-sqlite.json)
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BINDING = join('build', 'Release', 'better_sqlite3.node');

/** @electron/rebuild (electron-builder's own): a prebuilt binary for Electron if one exists, else node-gyp with Electron's headers. */
async function rebuildWithElectronRebuild({ projectDir, electronVersion, arch }) {
  // Under `npm start`, npm passes its config as npm_config_*; a `nodedir` there (Debian sets /usr) would make
  // node-gyp compile against Node's headers and silently produce the wrong ABI.
  for (const name of Object.keys(process.env)) if (name.toLowerCase() === 'npm_config_nodedir') delete process.env[name];
  const { rebuild } = await import(pathToFileURL(join(projectDir, '..', '..', '@electron', 'rebuild', 'lib', 'main.js')).href);
  await rebuild({ buildPath: projectDir, electronVersion, arch, onlyModules: ['better-sqlite3'], force: true, mode: 'sequential' });
}

/**
 * Returns `{ path, electronVersion, arch, reused }`; throws with a sentence when the binding cannot be had
 * (offline, no compiler). `rebuild` is injectable for tests.
 */
export async function obtainElectronSqlite({ root = process.cwd(), electronVersion, arch = process.arch, platform = process.platform, rebuild = rebuildWithElectronRebuild, log = () => {} } = {}) {
  const modules = join(root, 'node_modules');
  const version = electronVersion ?? JSON.parse(readFileSync(join(modules, 'electron', 'package.json'), 'utf8')).version;
  const source = join(modules, 'better-sqlite3');
  const sqliteVersion = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')).version;
  const cache = join(modules, '.switchboard');
  const projectDir = join(cache, `electron-${version}-${platform}-${arch}`);
  const target = join(projectDir, 'node_modules', 'better-sqlite3');
  const binding = join(target, BINDING);
  const recordPath = join(cache, 'electron-sqlite.json');
  const record = { path: binding, electronVersion: version, sqliteVersion, arch, platform };

  const recorded = existsSync(recordPath) ? JSON.parse(readFileSync(recordPath, 'utf8')) : null;
  if (recorded && existsSync(binding) && recorded.path === binding && recorded.sqliteVersion === sqliteVersion) return { ...record, reused: true };

  log(`Building better-sqlite3 ${sqliteVersion} for Electron ${version} (${platform}-${arch}), once…`);
  rmSync(projectDir, { recursive: true, force: true });
  mkdirSync(dirname(target), { recursive: true });
  // The sources without Node's build; @electron/rebuild works on a project that depends on the module.
  cpSync(source, target, { recursive: true, filter: (path) => !path.startsWith(join(source, 'build')) });
  writeFileSync(join(projectDir, 'package.json'), JSON.stringify({ name: 'switchboard-electron-sqlite', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }, null, 2));
  try {
    await rebuild({ projectDir, electronVersion: version, arch, target });
  } catch (error) {
    rmSync(projectDir, { recursive: true, force: true });
    throw new Error(`better-sqlite3 could not be built for Electron ${version}: ${String(error instanceof Error ? error.message : error).split('\n')[0]}`);
  }
  if (!existsSync(binding)) {
    rmSync(projectDir, { recursive: true, force: true });
    throw new Error(`better-sqlite3 for Electron ${version} was built, but ${binding} is missing`);
  }
  writeFileSync(recordPath, `${JSON.stringify(record, null, 2)}\n`);
  return { ...record, reused: false };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const result = await obtainElectronSqlite({ log: (line) => console.error(line) });
    console.log(result.path);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
