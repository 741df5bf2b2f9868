import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import type { KeychainInfo } from '../../shared/domain/desktop';
import { createFileKeyStore, type DataKeyStore } from '../core/crypto/vault';

/** The slice of Electron's safeStorage used here (injected: Electron cannot run in the test suite). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
  /** The asynchronous API (Electron's recommendation: it supports key rotation), where offered. */
  isAsyncEncryptionAvailable?(): Promise<boolean>;
  encryptStringAsync?(plainText: string): Promise<Buffer>;
  decryptStringAsync?(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
}

export interface KeychainDeps {
  safeStorage: SafeStorageLike;
  /** vault.key.safe: the data key wrapped by the OS keychain. */
  wrappedPath: string;
  /** vault.key: the data key in a 0600 file (headless nodes, and desktops without a keychain). */
  plainPath: string;
  platform: NodeJS.Platform;
  /**
   * Asked when no OS keychain can protect the key: the operator continues with a 0600 file, or quits. Resolves
   * true to continue. Asked once: the answer is remembered by the caller.
   */
  continueWithoutKeychain(info: KeychainInfo): Promise<boolean>;
}

const LINUX_BACKENDS: Record<string, string> = {
  gnome_libsecret: 'GNOME Keyring (libsecret)',
  kwallet: 'KDE Wallet',
  kwallet5: 'KDE Wallet 5',
  kwallet6: 'KDE Wallet 6',
};

function keychainLabel(platform: NodeJS.Platform, backend: string | undefined): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows DPAPI (your user account)';
  return LINUX_BACKENDS[backend ?? ''] ?? `the OS keychain (${backend ?? 'unknown'})`;
}

const HEX_KEY = /^[0-9a-f]{64}$/;

/** Writes a file whole or not at all, readable by this user only. */
function writeAtomically(path: string, bytes: Buffer): void {
  const temporary = `${path}.tmp-${process.pid}`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, bytes);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

/**
 * The desktop's vault key (Signal's getSQLKey pattern): 32 random bytes wrapped by the OS keychain through
 * safeStorage — its asynchronous API where Electron offers it, re-wrapped when the keychain rotated its key. A
 * key kept in a plain file (a headless node made it, or no keychain was available before) moves into the
 * keychain once one is: wrapped, read back, and only then is the file removed. Linux without a secret service
 * gives `basic_text` (a hard-coded password that protects nothing), so there the key stays in a 0600 file and
 * the operator is told so, and asked once whether to continue.
 *
 * Resolves null when the operator chose to quit.
 */
export async function prepareKeychain(deps: KeychainDeps): Promise<{ keyStore: DataKeyStore; info: KeychainInfo; migrated: boolean } | null> {
  const storage = deps.safeStorage;
  const backend = deps.platform === 'linux' ? storage.getSelectedStorageBackend?.() : undefined;
  const asyncApi = typeof storage.isAsyncEncryptionAvailable === 'function' && typeof storage.encryptStringAsync === 'function' && typeof storage.decryptStringAsync === 'function';
  const available = asyncApi ? await storage.isAsyncEncryptionAvailable!().catch(() => false) : storage.isEncryptionAvailable();
  const usable = available && backend !== 'basic_text' && backend !== 'unknown';
  const encrypt = (text: string): Promise<Buffer> => (asyncApi ? storage.encryptStringAsync!(text) : Promise.resolve(storage.encryptString(text)));
  const decrypt = async (bytes: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> => (asyncApi ? storage.decryptStringAsync!(bytes) : { result: storage.decryptString(bytes), shouldReEncrypt: false });

  const label = keychainLabel(deps.platform, backend);
  const protectedBy = (key: Buffer): DataKeyStore => ({ backend: `safeStorage${backend ? `:${backend}` : ''}`, loadOrCreate: () => key });
  const keychainInfo: KeychainInfo = { kind: 'keychain', label, note: `The key that seals stored secrets is protected by ${label}: copying the data dir to another machine or user does not carry it.` };

  if (existsSync(deps.wrappedPath)) {
    let opened: { result: string; shouldReEncrypt: boolean };
    try {
      opened = await decrypt(readFileSync(deps.wrappedPath));
    } catch {
      throw new Error(`The OS keychain could not unwrap the data key in ${deps.wrappedPath} (was the keychain reset, or the data dir copied from another user?).`);
    }
    if (!HEX_KEY.test(opened.result)) throw new Error(`The wrapped data key in ${deps.wrappedPath} is damaged.`);
    if (opened.shouldReEncrypt) writeAtomically(deps.wrappedPath, await encrypt(opened.result));
    return { keyStore: protectedBy(Buffer.from(opened.result, 'hex')), info: keychainInfo, migrated: false };
  }

  if (usable) {
    // A key in a plain file moves into the keychain; otherwise a new key is made there.
    const plain = existsSync(deps.plainPath) ? readFileSync(deps.plainPath, 'utf8').trim() : null;
    if (plain !== null && !HEX_KEY.test(plain)) throw new Error(`The vault key file ${deps.plainPath} is damaged (expected 64 hex characters).`);
    const hex = plain ?? randomBytes(32).toString('hex');
    writeAtomically(deps.wrappedPath, await encrypt(hex));
    const check = await decrypt(readFileSync(deps.wrappedPath));
    if (check.result !== hex) {
      unlinkSync(deps.wrappedPath);
      throw new Error('The OS keychain gave back another key than the one it was given; the data key stays where it was.');
    }
    if (plain !== null) unlinkSync(deps.plainPath);
    return { keyStore: protectedBy(Buffer.from(hex, 'hex')), info: keychainInfo, migrated: plain !== null };
  }

  const info: KeychainInfo =
    backend === 'basic_text'
      ? {
          kind: 'basic_text',
          label: 'no OS keychain (basic_text)',
          note: 'This Linux session has no secret service (GNOME Keyring or KDE Wallet), and Electron would wrap the key with a hard-coded password that protects nothing. The key that seals stored secrets is kept in vault.key instead, readable by your user account only. Install and unlock a keyring, then restart: the key moves into it.',
        }
      : {
          kind: 'file',
          label: 'a 0600 file in the data dir (no OS keychain)',
          note: 'No OS keychain is available, so the key that seals stored secrets is in vault.key, readable by your user account only. Anyone who can read your files can read the secrets.',
        };
  if (!(await deps.continueWithoutKeychain(info))) return null;
  const file = createFileKeyStore(deps.plainPath);
  return { keyStore: { backend: 'file (no OS keychain available)', loadOrCreate: () => file.loadOrCreate() }, info, migrated: false };
}
