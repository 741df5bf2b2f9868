import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileKeyStore, createVault } from '../../src/main/core/crypto/vault';
import { prepareKeychain, type SafeStorageLike } from '../../src/main/desktop/keychain';
import { FakeSafeStorage } from '../helpers/fake-electron';
import { useTempDirs } from '../helpers/temp-dir';

/** safeStorage with the asynchronous API; `rotate` makes the next decrypt ask for re-encryption. */
class FakeAsyncSafeStorage extends FakeSafeStorage implements SafeStorageLike {
  rotate = false;
  asyncCalls = 0;
  async isAsyncEncryptionAvailable() {
    return this.available;
  }
  async encryptStringAsync(plain: string) {
    this.asyncCalls += 1;
    return Buffer.from(`async:${Buffer.from(plain).toString('base64')}`);
  }
  async decryptStringAsync(encrypted: Buffer) {
    this.asyncCalls += 1;
    const text = encrypted.toString();
    const result = text.startsWith('async:') ? Buffer.from(text.slice(6), 'base64').toString() : this.decryptString(encrypted);
    const shouldReEncrypt = this.rotate || !text.startsWith('async:');
    this.rotate = false;
    return { result, shouldReEncrypt };
  }
}

describe('the desktop vault key (safeStorage injected)', () => {
  const tempDir = useTempDirs();
  const paths = (dir: string) => ({ wrappedPath: join(dir, 'vault.key.safe'), plainPath: join(dir, 'vault.key') });
  const prepare = (dir: string, safeStorage: SafeStorageLike = new FakeSafeStorage(), platform: NodeJS.Platform = 'darwin', answer = true) => {
    const asked: string[] = [];
    const result = prepareKeychain({ safeStorage, ...paths(dir), platform, continueWithoutKeychain: async (info) => (asked.push(info.kind), answer) });
    return { result, asked };
  };

  it('creates, wraps and later unwraps the same data key, with the asynchronous API where offered', async () => {
    const dir = tempDir();
    const storage = new FakeAsyncSafeStorage();
    const first = (await prepare(dir, storage).result)!;
    expect(first.info).toMatchObject({ kind: 'keychain', label: 'macOS Keychain' });
    expect(readFileSync(paths(dir).wrappedPath, 'utf8')).toMatch(/^async:/);
    const sealed = createVault(first.keyStore).seal('kept');
    const again = (await prepare(dir, storage).result)!;
    expect(createVault(again.keyStore).open(sealed)).toBe('kept');
    expect(storage.asyncCalls).toBeGreaterThan(2);
  });

  it('re-wraps the key when the keychain rotated its own (shouldReEncrypt)', async () => {
    const dir = tempDir();
    const storage = new FakeAsyncSafeStorage();
    const sealed = createVault((await prepare(dir, storage).result)!.keyStore).seal('kept');
    // The same key, wrapped the old way: the keychain asks for it to be wrapped again.
    const hex = Buffer.from(readFileSync(paths(dir).wrappedPath, 'utf8').slice('async:'.length), 'base64').toString();
    writeFileSync(paths(dir).wrappedPath, new FakeSafeStorage().encryptString(hex));
    const reopened = (await prepare(dir, storage).result)!;
    expect(createVault(reopened.keyStore).open(sealed)).toBe('kept');
    expect(readFileSync(paths(dir).wrappedPath, 'utf8')).toMatch(/^async:/);
  });

  it('moves a key kept in a plain file (a headless node made it) into the keychain, then removes the file', async () => {
    const dir = tempDir();
    const sealed = createVault(createFileKeyStore(paths(dir).plainPath)).seal('from headless');
    const moved = (await prepare(dir, new FakeSafeStorage(), 'linux').result)!;
    expect(moved).toMatchObject({ migrated: true, info: { kind: 'keychain', label: 'GNOME Keyring (libsecret)' } });
    expect(existsSync(paths(dir).plainPath)).toBe(false);
    expect(createVault(moved.keyStore).open(sealed)).toBe('from headless');
    // A headless node now says why it cannot open this data dir.
    expect(() => createVault(createFileKeyStore(paths(dir).plainPath, { wrappedElsewhere: paths(dir).wrappedPath }))).toThrowError(/protected by the desktop app's OS keychain/);
  });

  it('keeps the plain file when the keychain gives back another key than it was given', async () => {
    const dir = tempDir();
    createVault(createFileKeyStore(paths(dir).plainPath));
    const liar = new FakeSafeStorage();
    liar.decryptString = () => 'f'.repeat(64);
    await expect(prepare(dir, liar).result).rejects.toThrow(/gave back another key/);
    expect(existsSync(paths(dir).plainPath)).toBe(true);
    expect(existsSync(paths(dir).wrappedPath)).toBe(false);
  });

  it('says plainly when the keychain cannot unwrap the key, or the key is damaged', async () => {
    const dir = tempDir();
    await prepare(dir).result;
    const broken = new FakeSafeStorage();
    broken.decryptString = () => {
      throw new Error('keychain locked');
    };
    await expect(prepare(dir, broken).result).rejects.toThrow(/OS keychain could not unwrap the data key/);
    const damaged = new FakeSafeStorage();
    damaged.decryptString = () => 'not hex';
    await expect(prepare(dir, damaged).result).rejects.toThrow(/is damaged/);
  });

  it('does not trust Linux basic_text or an unavailable keychain: asks, then keeps a 0600 file, or stops', async () => {
    const basic = new FakeSafeStorage();
    basic.backend = 'basic_text';
    const dir = tempDir();
    const kept = prepare(dir, basic, 'linux');
    expect((await kept.result)!.keyStore.backend).toBe('file (no OS keychain available)');
    expect(kept.asked).toEqual(['basic_text']);
    const none = new FakeSafeStorage();
    none.available = false;
    const refused = prepare(tempDir(), none, 'win32', false);
    expect(await refused.result).toBeNull();
    expect(refused.asked).toEqual(['file']);
  });
});
