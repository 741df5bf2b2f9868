import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createVault } from '../../src/main/core/crypto/vault';
import { createFileKeyStore } from '../../src/main/core/crypto/vault';
import { createSafeStorageKeyStore } from '../../src/main/desktop/safe-storage-key-store';
import { FakeSafeStorage } from '../helpers/fake-electron';
import { useTempDirs } from '../helpers/temp-dir';

describe('the desktop vault key store (safeStorage injected)', () => {
  const tempDir = useTempDirs();

  function stores(dir: string, safeStorage = new FakeSafeStorage(), platform: NodeJS.Platform = 'darwin') {
    return createSafeStorageKeyStore({ safeStorage, wrappedPath: join(dir, 'vault.key.safe'), plainPath: join(dir, 'vault.key'), platform });
  }

  it('creates, wraps and later unwraps the same data key', () => {
    const dir = tempDir();
    const sealed = createVault(stores(dir)).seal('kept');
    expect(createVault(stores(dir)).open(sealed)).toBe('kept');
  });

  it('says plainly when the keychain cannot unwrap the key', () => {
    const dir = tempDir();
    createVault(stores(dir));
    const broken = new FakeSafeStorage();
    broken.decryptString = () => {
      throw new Error('keychain locked');
    };
    expect(() => createVault(stores(dir, broken))).toThrowError(/OS keychain could not unwrap the data key/);
  });

  it('keeps using a plain key file a headless node made, so both faces can open the data dir', () => {
    const dir = tempDir();
    const sealed = createVault(createFileKeyStore(join(dir, 'vault.key'))).seal('from headless');
    const desktop = stores(dir);
    expect(desktop.backend).toBe('file');
    expect(createVault(desktop).open(sealed)).toBe('from headless');
  });

  it('lets a headless node explain that it cannot open a keychain-protected data dir', () => {
    const dir = tempDir();
    createVault(stores(dir));
    expect(() => createVault(createFileKeyStore(join(dir, 'vault.key'), { wrappedElsewhere: join(dir, 'vault.key.safe') }))).toThrowError(
      /protected by the desktop app's OS keychain/,
    );
  });

  it('does not trust Linux basic_text or an unavailable keychain', () => {
    const basic = new FakeSafeStorage();
    basic.backend = 'basic_text';
    expect(stores(tempDir(), basic, 'linux').backend).toBe('file (no OS keychain available)');
    const none = new FakeSafeStorage();
    none.available = false;
    expect(stores(tempDir(), none, 'win32').backend).toBe('file (no OS keychain available)');
  });
});
