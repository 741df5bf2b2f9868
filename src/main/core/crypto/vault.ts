import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, openSync, readFileSync, writeSync, closeSync } from 'node:fs';

/**
 * Encrypts secrets that must be recoverable (outbound secrets, AES keys) before they reach the database. The
 * data key is held by a key store: a 0600 file in the data dir when headless, Electron safeStorage on the
 * desktop (injected). Rows carry a version byte so the format can change.
 */
export interface Vault {
  /** Where the data key lives, for the Keys screen ("file", "safeStorage:keychain", "safeStorage:basic_text"…). */
  readonly backend: string;
  seal(plaintext: string): Buffer;
  open(sealed: Buffer): string;
}

export interface DataKeyStore {
  readonly backend: string;
  /** Returns the 32-byte data key, creating and persisting one on first use. */
  loadOrCreate(): Buffer;
}

const FORMAT_V1 = 1;

export function createVault(keyStore: DataKeyStore): Vault {
  const key = keyStore.loadOrCreate();
  if (key.length !== 32) throw new Error('The vault data key must be 32 bytes.');
  return {
    backend: keyStore.backend,
    seal(plaintext) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([FORMAT_V1]), nonce, cipher.getAuthTag(), body]);
    },
    open(sealed) {
      if (sealed.length < 29 || sealed[0] !== FORMAT_V1) throw new Error('A sealed secret has an unknown format.');
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13), { authTagLength: 16 });
      decipher.setAuthTag(sealed.subarray(13, 29));
      try {
        return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]).toString('utf8');
      } catch {
        throw new Error('A sealed secret could not be opened: the vault data key does not match the one it was sealed with.');
      }
    },
  };
}

/**
 * Headless key store: 32 random bytes, hex, in a file created with O_EXCL and mode 0600 (never readable by other
 * users, never swapped in by a pre-created file).
 */
export function createFileKeyStore(path: string, options: { wrappedElsewhere?: string } = {}): DataKeyStore {
  return {
    backend: 'file',
    loadOrCreate() {
      if (!existsSync(path) && options.wrappedElsewhere && existsSync(options.wrappedElsewhere)) {
        throw new Error(
          `This data dir's secrets are protected by the desktop app's OS keychain (${options.wrappedElsewhere}), which a headless node cannot open. ` +
            'Run the desktop app for this data dir, or give `switchboard serve` its own --data-dir.',
        );
      }
      if (!existsSync(path)) {
        const key = randomBytes(32);
        try {
          const fd = openSync(path, 'wx', 0o600);
          writeSync(fd, key.toString('hex'));
          closeSync(fd);
          return key;
        } catch (error) {
          if ((error as { code?: string }).code !== 'EEXIST') throw error;
        }
      }
      const hex = readFileSync(path, 'utf8').trim();
      if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`The vault key file ${path} is damaged (expected 64 hex characters).`);
      return Buffer.from(hex, 'hex');
    },
  };
}
