import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without types; its one export is called with what it documents.
import { obtainElectronSqlite } from '../../scripts/electron-sqlite.mjs';
import { useTempDirs } from '../helpers/temp-dir';

type Obtain = (options: Record<string, unknown>) => Promise<{ path: string; electronVersion: string; reused: boolean }>;
const obtain = obtainElectronSqlite as Obtain;

describe('better-sqlite3 for Electron beside Node (npm start)', () => {
  const tempDir = useTempDirs();

  function project() {
    const root = tempDir();
    const write = (path: string, text: string) => {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    write('node_modules/electron/package.json', JSON.stringify({ version: '45.4.1' }));
    write('node_modules/better-sqlite3/package.json', JSON.stringify({ name: 'better-sqlite3', version: '12.11.1' }));
    write('node_modules/better-sqlite3/src/better_sqlite3.cpp', '// sources');
    write('node_modules/better-sqlite3/build/Release/better_sqlite3.node', 'NODE-ABI');
    return root;
  }

  it('builds a copy for Electron once, leaves Node’s build untouched, and records where it is', async () => {
    const root = project();
    const calls: Record<string, unknown>[] = [];
    const rebuild = async (options: { target: string; electronVersion: string }) => {
      calls.push(options);
      // The copy has the sources but not Node's build.
      expect(readFileSync(join(options.target, 'src', 'better_sqlite3.cpp'), 'utf8')).toBe('// sources');
      expect(() => readFileSync(join(options.target, 'build', 'Release', 'better_sqlite3.node'))).toThrow();
      mkdirSync(join(options.target, 'build', 'Release'), { recursive: true });
      writeFileSync(join(options.target, 'build', 'Release', 'better_sqlite3.node'), 'ELECTRON-ABI');
    };
    const first = await obtain({ root, arch: 'x64', platform: 'linux', rebuild });
    expect(first).toMatchObject({ electronVersion: '45.4.1', reused: false, path: join(root, 'node_modules/.switchboard/electron-45.4.1-linux-x64/node_modules/better-sqlite3/build/Release/better_sqlite3.node') });
    expect(readFileSync(first.path, 'utf8')).toBe('ELECTRON-ABI');
    expect(readFileSync(join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), 'utf8')).toBe('NODE-ABI');
    expect(JSON.parse(readFileSync(join(root, 'node_modules/.switchboard/electron-sqlite.json'), 'utf8'))).toMatchObject({ path: first.path, electronVersion: '45.4.1', sqliteVersion: '12.11.1' });
    expect(calls).toHaveLength(1);
    expect(await obtain({ root, arch: 'x64', platform: 'linux', rebuild })).toMatchObject({ reused: true, path: first.path });
    expect(calls).toHaveLength(1);
  });

  it('says why when it cannot be built, and leaves nothing half-made', async () => {
    const root = project();
    await expect(obtain({ root, arch: 'x64', platform: 'linux', rebuild: () => Promise.reject(new Error('getaddrinfo ENOTFOUND electronjs.org\n  at …')) })).rejects.toThrow(
      'better-sqlite3 could not be built for Electron 45.4.1: getaddrinfo ENOTFOUND electronjs.org',
    );
    await expect(obtain({ root, arch: 'x64', platform: 'linux', rebuild: async () => {} })).rejects.toThrow(/was built, but .* is missing/);
    expect(() => readFileSync(join(root, 'node_modules/.switchboard/electron-sqlite.json'))).toThrow();
  });
});
