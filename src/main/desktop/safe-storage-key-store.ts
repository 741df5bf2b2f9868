import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { DataKeyStore } from '../core/crypto/vault';
import { createFileKeyStore } from '../core/crypto/vault';

/** The slice of Electron's safeStorage used here (injected; Electron cannot run in the test suite). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

/**
 * The desktop's vault key store: a random data key wrapped by the OS keychain through safeStorage (Signal's
 * getSQLKey pattern). Linux without a secret service falls back to `basic_text`, a hard-coded password, which
 * is no protection; then, and when a headless node already created a plain key file in this data dir, the
 * 0600 key file is used instead and the backend says so.
 */
export function createSafeStorageKeyStore(deps: { safeStorage: SafeStorageLike; wrappedPath: string; plainPath: string; platform: NodeJS.Platform }): DataKeyStore {
  const linuxBackend = deps.platform === 'linux' ? deps.safeStorage.getSelectedStorageBackend?.() : undefined;
  const usable = deps.safeStorage.isEncryptionAvailable() && linuxBackend !== 'basic_text' && linuxBackend !== 'unknown';
  if (existsSync(deps.plainPath) || (!usable && !existsSync(deps.wrappedPath))) {
    const file = createFileKeyStore(deps.plainPath);
    return { backend: usable ? 'file' : 'file (no OS keychain available)', loadOrCreate: () => file.loadOrCreate() };
  }
  return {
    backend: `safeStorage${linuxBackend ? `:${linuxBackend}` : ''}`,
    loadOrCreate() {
      if (existsSync(deps.wrappedPath)) {
        let hex: string;
        try {
          hex = deps.safeStorage.decryptString(readFileSync(deps.wrappedPath));
        } catch {
          throw new Error(`The OS keychain could not unwrap the data key in ${deps.wrappedPath} (was the keychain reset, or the data dir copied from another user?).`);
        }
        if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`The wrapped data key in ${deps.wrappedPath} is damaged.`);
        return Buffer.from(hex, 'hex');
      }
      const key = randomBytes(32);
      const fd = openSync(deps.wrappedPath, 'wx', 0o600);
      try {
        writeSync(fd, deps.safeStorage.encryptString(key.toString('hex')));
      } finally {
        closeSync(fd);
      }
      return key;
    },
  };
}
