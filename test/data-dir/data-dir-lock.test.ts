import { describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from '../../src/main/core/data-dir/data-dir-lock';
import { defaultDataDir } from '../../src/main/core/data-dir/data-dir';
import { useTempDirs } from '../helpers/temp-dir';

describe('the data dir lock', () => {
  const tempDir = useTempDirs();

  it('lets one holder in and names the lock and its holder to the second', () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir);
    let failure: unknown;
    try {
      acquireDataDirLock(dir);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(DataDirLockedError);
    expect((failure as Error).message).toContain(`${dir}/node.lock`);
    expect((failure as Error).message).toContain(`pid ${process.pid}`);
    lock.release();
  });

  it('is free again once released', () => {
    const dir = tempDir();
    acquireDataDirLock(dir).release();
    const again = acquireDataDirLock(dir);
    again.release();
    again.release(); // releasing twice is harmless
  });
});

describe('the default data dir', () => {
  it('follows SWITCHBOARD_DATA_DIR, then the platform app-data folder', () => {
    expect(defaultDataDir({ SWITCHBOARD_DATA_DIR: '/srv/sb' }, 'linux')).toBe('/srv/sb');
    expect(defaultDataDir({ HOME: '/home/op' }, 'linux')).toBe('/home/op/.config/Switchboard');
    expect(defaultDataDir({ HOME: '/home/op', XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe('/cfg/Switchboard');
    expect(defaultDataDir({ HOME: '/Users/op' }, 'darwin')).toBe('/Users/op/Library/Application Support/Switchboard');
    expect(defaultDataDir({ HOME: 'C:/Users/op', APPDATA: 'C:/Users/op/AppData/Roaming' }, 'win32')).toMatch(/Roaming[\\/]Switchboard$/);
  });
});
