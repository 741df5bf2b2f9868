import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileKeyStore, createVault } from '../../src/main/core/crypto/vault';
import { useTempDirs } from '../helpers/temp-dir';

describe('the vault', () => {
  const tempDir = useTempDirs();

  it('seals and opens, with a fresh nonce each time', () => {
    const vault = createVault(createFileKeyStore(join(tempDir(), 'vault.key')));
    const a = vault.seal('secret');
    const b = vault.seal('secret');
    expect(a.equals(b)).toBe(false);
    expect(vault.open(a)).toBe('secret');
    expect(vault.backend).toBe('file');
  });

  it('refuses to open with another key or a tampered box, with a clear message', () => {
    const sealed = createVault(createFileKeyStore(join(tempDir(), 'one.key'))).seal('secret');
    const other = createVault(createFileKeyStore(join(tempDir(), 'two.key')));
    expect(() => other.open(sealed)).toThrowError(/data key does not match/);
    expect(() => other.open(Buffer.from([9, 9, 9]))).toThrowError(/unknown format/);
  });

  it('reports a damaged key file instead of silently making a new key', () => {
    const path = join(tempDir(), 'vault.key');
    writeFileSync(path, 'not hex');
    expect(() => createVault(createFileKeyStore(path))).toThrowError(/damaged/);
  });
});
