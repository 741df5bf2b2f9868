// `npm run check:package`: packages the built app (out/) the way the release does, offline, and checks the
// layout an installer would carry. electron-builder runs its real Linux `dir`, `deb` and `AppImage` targets with
// a stand-in Electron distribution (one file holding Electron's fuse sentinel and a fuse wire) and no native
// rebuild; the deb and AppImage targets stop just before they would download fpm/appimagetool, right after
// computing their .desktop entry (electron-builder's `effectiveOptionComputed` hook, made for such checks).
//
// It proves, for this electron-builder.yml and this electron-builder: the built code is in app.asar; the
// better-sqlite3 addon is unpacked and no C source or build leftover is packed; electron-builder flips every
// configured fuse (each starts opposite on the stand-in); the deb's /usr/share/applications entry and the
// AppImage's entry declare x-scheme-handler/switchboard with %U; app-update.yml points at GitHub. It does not
// prove: the mac/Windows layouts, signing, the native rebuild for Electron's ABI, the real Electron binary's
// fuse wire, the finished .deb/.AppImage archives, or that a desktop registers the scheme. release.yml's smoke
// jobs launch the real installers for that.
//
// Needs `npm run build` first. Usage: node scripts/check-package.mjs [--keep] [--verbose]
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';

const root = resolve(import.meta.dirname, '..');
const keep = process.argv.includes('--keep');
const verbose = process.argv.includes('--verbose');
const started = Date.now();

// The very copies electron-builder itself uses, resolved from its own dependency tree.
const requireHere = createRequire(import.meta.url);
const requireFromBuilder = createRequire(requireHere.resolve('electron-builder/package.json'));
const requireFromLib = createRequire(requireFromBuilder.resolve('app-builder-lib/package.json'));
const { Arch, Packager, Platform } = requireFromBuilder('electron-builder');
const asar = requireFromLib('@electron/asar');
const { FuseV1Options, getCurrentFuseWire } = requireFromLib('@electron/fuses');
const { FuseState, SENTINEL } = requireFromLib('@electron/fuses/dist/constants');
const { log: builderLogger } = requireFromLib('builder-util');
const { getRepositoryInfo } = requireFromLib('./out/util/repositoryInfo');

const SCHEME = 'switchboard';
const SQLITE = 'node_modules/better-sqlite3';
const ADDON = `${SQLITE}/build/Release/better_sqlite3.node`;
/** better-sqlite3's C sources, build leftovers and test addon: none of them belongs in an installer. */
const SQLITE_SOURCES = /\.(c|h|cc|cpp|hpp|lzz|gyp|gypi|mk|a|lib|o|obj|pdb|exp|ilk|iobj|ipdb|tlog|vcxproj|sln)$|\/Makefile$|\/Makefile\.|\/deps\/|\/src\/|\/obj(\.target)?\/|test_extension/;

const results = [];
/** One line per check; its detail lines only when it fails, or always when `always` (the fuse table). */
function report(ok, what, detail = '', always = false) {
  results.push(ok);
  const shown = detail && (!ok || always) ? `\n       ${detail.split('\n').join('\n       ')}` : '';
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${what}${shown}\n`);
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
}

function desktopEntry(text) {
  const section = text.split(/^\[/m).find((part) => part.startsWith('Desktop Entry]')) ?? '';
  return Object.fromEntries(
    section
      .split('\n')
      .slice(1)
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** `runAsNode` → FuseV1Options.RunAsNode's wire index. */
function fuseIndex(key) {
  const index = FuseV1Options[key.charAt(0).toUpperCase() + key.slice(1)];
  return typeof index === 'number' ? index : null;
}

// ── inputs ──────────────────────────────────────────────────────────────────────────────────────────────────
if (!existsSync(join(root, 'out/main/index.js'))) {
  console.error('check:package: out/main/index.js is missing; run `npm run build` first.');
  process.exit(1);
}
const config = parseYaml(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const fuseSettings = Object.entries(config.electronFuses ?? {}).filter(([key]) => key !== 'resetAdHocDarwinSignature' && key !== 'strictlyRequireAllFuses');
const configured = new Map();
for (const [key, value] of fuseSettings) {
  const index = fuseIndex(key);
  if (index === null || typeof value !== 'boolean') {
    report(false, `electron-builder.yml electronFuses.${key}`, `not a fuse @electron/fuses knows, or not true/false (${JSON.stringify(value)})`);
    continue;
  }
  configured.set(index, { key, value });
}
if (configured.size === 0) report(false, 'electron-builder.yml configures fuses', 'electronFuses is empty');

// The stand-in starts with every configured fuse set to the opposite of its setting, so reading the setting
// back proves electron-builder flipped it; fuses left unconfigured start disabled and must stay so.
const wireLength = Object.values(FuseV1Options).filter((value) => typeof value === 'number').length;
const initialWire = Array.from({ length: wireLength }, (_, index) => {
  const fuse = configured.get(index);
  return fuse === undefined ? FuseState.DISABLE : fuse.value ? FuseState.DISABLE : FuseState.ENABLE;
});

const work = mkdtempSync(join(tmpdir(), 'switchboard-package-'));
const electronDist = join(work, 'electron-dist');
const output = join(work, 'dist');
mkdirSync(electronDist);
writeFileSync(
  join(electronDist, 'electron'),
  Buffer.concat([Buffer.from('#!/bin/sh\n# stand-in for the Electron binary (check:package)\nexit 1\n'), Buffer.from(SENTINEL, 'latin1'), Buffer.from([1, wireLength, ...initialWire]), Buffer.from('\n')]),
  { mode: 0o755 },
);

// The deb needs a homepage, and app-update.yml an owner/repo: electron-builder derives both from package.json's
// `repository` or the git `origin` remote (set by actions/checkout on CI). Without either, an obvious stand-in.
const detected = await getRepositoryInfo(root, pkg, null);
const placeholder = detected?.type === 'github' ? null : { type: 'github', domain: 'github.com', user: 'offline-check', project: 'switchboard' };

// ── build ───────────────────────────────────────────────────────────────────────────────────────────────────
// electron-builder's log goes to its logger's stream: kept, and shown only on failure or with --verbose.
const builderLog = [];
const builderStream = builderLogger.stream;
if (!verbose) builderLogger.stream = { write: (text) => builderLog.push(text) };
const desktop = {};
const packager = new Packager({
  projectDir: root,
  targets: Platform.LINUX.createTarget(['dir', 'deb', 'AppImage'], Arch.x64),
  config: { electronDist, electronVersion, npmRebuild: false, directories: { output } },
  // Called by the deb target with [fpm arguments, .desktop file] and by the AppImage target with
  // { desktop, desktopFileName }, each right before its packaging tool would run; `true` stops it there.
  effectiveOptionComputed: async (computed) => {
    if (Array.isArray(computed) && typeof computed[1] === 'string' && computed[1].endsWith('.desktop')) {
      const [fpmArgs, file] = computed;
      const mapping = fpmArgs.find((arg) => typeof arg === 'string' && arg.startsWith(`${file}=`));
      desktop.deb = { text: readFileSync(file, 'utf8'), installedAs: mapping?.slice(file.length + 1) ?? '(not in the package)' };
      return true;
    }
    if (computed && typeof computed === 'object' && typeof computed.desktop === 'string') {
      desktop.AppImage = { text: computed.desktop, installedAs: `${computed.desktopFileName} (inside the AppImage)` };
      return true;
    }
    return false;
  },
});
process.stdout.write(`electron-builder ${requireFromBuilder('electron-builder/package.json').version}: linux dir + deb + AppImage (stopped before their tools), Electron ${electronVersion} stand-in, npmRebuild off\n`);
const buildStarted = Date.now();
try {
  await packager.build(placeholder ?? undefined);
} catch (error) {
  builderLogger.stream = builderStream;
  process.stdout.write(builderLog.join(''));
  report(false, 'electron-builder packaged the app', error instanceof Error ? error.message : String(error));
  finish();
}
builderLogger.stream = builderStream;
report(true, `electron-builder packaged the app (${((Date.now() - buildStarted) / 1000).toFixed(1)}s)`);

// ── checks ──────────────────────────────────────────────────────────────────────────────────────────────────
const appDir = join(output, 'linux-unpacked');
const resources = join(appDir, 'resources');
const archive = join(resources, 'app.asar');
const unpackedDir = join(resources, 'app.asar.unpacked');
const listing = existsSync(archive) ? asar.listPackage(archive).map((entry) => entry.replaceAll('\\', '/').replace(/^\//, '')) : [];
const inArchive = new Set(listing);
const isUnpacked = (path) => Boolean(asar.statFile(archive, path, false)?.unpacked);
const unpackedFiles = existsSync(unpackedDir) ? walk(unpackedDir).map((file) => relative(unpackedDir, file).split(sep).join('/')) : [];

{
  const builtFiles = walk(join(root, 'out'))
    .map((file) => relative(root, file).split(sep).join('/'))
    .filter((file) => !file.endsWith('.map'));
  const missing = builtFiles.filter((file) => !inArchive.has(file));
  const outside = builtFiles.filter((file) => inArchive.has(file) && isUnpacked(file));
  const main = listing.includes('package.json') ? JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')).main : null;
  const strays = listing.filter((file) => file.endsWith('.map') || file === 'resources/entitlements.mac.plist' || /^resources\/[^/]+\.svg$/.test(file));
  const problems = [
    !existsSync(archive) && 'resources/app.asar was not written',
    existsSync(join(resources, 'app')) && 'a loose resources/app folder exists beside app.asar',
    missing.length > 0 && `built files missing from app.asar: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`,
    outside.length > 0 && `built files left outside the archive (unpacked): ${outside.slice(0, 5).join(', ')}`,
    main !== pkg.main && `app.asar's package.json main is ${JSON.stringify(main)}, expected ${JSON.stringify(pkg.main)}`,
    !inArchive.has(pkg.main) && `the main entry ${pkg.main} is not in app.asar`,
    strays.length > 0 && `build-only files packed: ${strays.slice(0, 5).join(', ')}`,
  ].filter(Boolean);
  report(
    problems.length === 0,
    `the app's code is inside resources/app.asar (${builtFiles.length} built files of out/, main ${pkg.main}; no maps, no entitlements)`,
    problems.join('\n'),
  );
}

{
  const addonUnpacked = join(unpackedDir, ADDON);
  const localAddon = join(root, ADDON);
  const problems = [
    !inArchive.has(ADDON) && `${ADDON} is not in the package`,
    inArchive.has(ADDON) && !isUnpacked(ADDON) && `${ADDON} is packed inside app.asar, where it cannot be loaded`,
    !existsSync(addonUnpacked) && `${ADDON} is not in app.asar.unpacked`,
    existsSync(addonUnpacked) && existsSync(localAddon) && statSync(addonUnpacked).size !== statSync(localAddon).size && 'the unpacked addon differs in size from node_modules/',
    !inArchive.has(`${SQLITE}/lib/index.js`) && 'better-sqlite3/lib (its JavaScript) is missing',
    !inArchive.has('node_modules/bindings/bindings.js') && 'the `bindings` package that loads the addon is missing',
  ].filter(Boolean);
  report(problems.length === 0, `better-sqlite3's addon is in app.asar.unpacked (${ADDON}) with its JavaScript beside it`, problems.join('\n'));

  const sourcesInArchive = listing.filter((file) => file.startsWith(`${SQLITE}/`) && SQLITE_SOURCES.test(`/${file}`));
  const sourcesUnpacked = unpackedFiles.filter((file) => file.startsWith(`${SQLITE}/`) && SQLITE_SOURCES.test(`/${file}`));
  const unpackedBytes = unpackedFiles.reduce((sum, file) => sum + statSync(join(unpackedDir, file)).size, 0);
  report(
    sourcesInArchive.length === 0 && sourcesUnpacked.length === 0,
    `none of better-sqlite3's C sources, deps or build leftovers are packed or unpacked (app.asar.unpacked holds ${unpackedFiles.length} files, ${(unpackedBytes / 1e6).toFixed(1)} MB)`,
    [...sourcesUnpacked.map((file) => `unpacked: ${file}`), ...sourcesInArchive.filter((file) => !sourcesUnpacked.includes(file)).map((file) => `in app.asar: ${file}`)].slice(0, 8).join('\n'),
  );
}

{
  const binary = join(appDir, pkg.name);
  if (!existsSync(binary)) report(false, 'the fuses read back as configured', `no executable ${relative(output, binary)} in the package`);
  else {
    const wire = await getCurrentFuseWire(binary);
    const lines = [];
    let allMatch = true;
    for (let index = 0; index < wireLength; index += 1) {
      const fuse = configured.get(index);
      const expected = fuse === undefined ? initialWire[index] : fuse.value ? FuseState.ENABLE : FuseState.DISABLE;
      const actual = wire[index];
      const name = fuse?.key ?? `${FuseV1Options[index]} (not configured)`;
      const shown = (state) => (state === FuseState.ENABLE ? 'on' : state === FuseState.DISABLE ? 'off' : String(state));
      if (actual !== expected) allMatch = false;
      lines.push(`${actual === expected ? '✓' : '✗'} ${name}: ${shown(actual)}${actual === expected ? '' : `, expected ${shown(expected)}`}${fuse ? ` (stand-in started ${shown(initialWire[index])})` : ''}`);
    }
    report(allMatch, `every fuse reads back as electron-builder.yml sets it (${configured.size} configured, read with @electron/fuses from the packaged executable)`, lines.join('\n'), true);
  }
}

for (const target of ['deb', 'AppImage']) {
  const entry = desktop[target];
  if (!entry) {
    report(false, `the ${target} desktop entry registers ${SCHEME}://`, `electron-builder did not compute a .desktop entry for ${target}`);
    continue;
  }
  const fields = desktopEntry(entry.text);
  const mimeTypes = (fields.MimeType ?? '').split(';').filter(Boolean);
  const problems = [
    !mimeTypes.includes(`x-scheme-handler/${SCHEME}`) && `MimeType is ${JSON.stringify(fields.MimeType ?? null)}, without x-scheme-handler/${SCHEME}`,
    !/%[uU]/.test(fields.Exec ?? '') && `Exec ${JSON.stringify(fields.Exec ?? null)} has no %u/%U, so the link would not reach the app`,
    target === 'deb' && entry.installedAs !== `/usr/share/applications/${pkg.name}.desktop` && `installed as ${entry.installedAs}`,
  ].filter(Boolean);
  report(problems.length === 0, `the ${target} desktop entry registers ${SCHEME}:// (MimeType=${fields.MimeType ?? ''} Exec=${fields.Exec ?? ''}; ${entry.installedAs})`, problems.join('\n'));
}

{
  const file = join(resources, 'app-update.yml');
  const update = existsSync(file) ? parseYaml(readFileSync(file, 'utf8')) : null;
  const source = placeholder ? `owner/repo stand-in ${placeholder.user}/${placeholder.project}: no GitHub remote here` : `${update?.owner}/${update?.repo} from ${pkg.repository ? 'package.json' : 'the origin remote'}`;
  report(update?.provider === 'github', `electron-updater's app-update.yml points at GitHub Releases (${source})`, update ? `provider is ${update.provider}` : 'resources/app-update.yml was not written');
}

finish();

function finish() {
  if (keep) process.stdout.write(`kept ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
  const failed = results.filter((ok) => !ok).length;
  process.stdout.write(`check:package: ${results.length - failed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)}s)\n`);
  process.exit(failed === 0 ? 0 : 1);
}
