import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * The a2a-secure AES-256-GCM envelope (seed 000, pycryptodome semantics): a fresh 12-byte nonce, no AAD, a
 * separate 16-byte tag, each field standard base64 with padding.
 */
export interface SecureEnvelope {
  encrypted: true;
  nonce: string;
  ciphertext: string;
  tag: string;
}

export class DecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptError';
  }
}

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Python's b64decode drops junk characters; we accept only canonical padded base64. */
export function strictBase64(value: unknown, field: string): Buffer {
  if (typeof value !== 'string' || !STRICT_BASE64.test(value)) throw new DecryptError(`${field} is not standard base64`);
  return Buffer.from(value, 'base64');
}

export function encryptEnvelope(key: Buffer, plaintext: string): SecureEnvelope {
  if (key.length !== 32) throw new Error('AES-256 needs a 32-byte key');
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    encrypted: true,
    nonce: nonce.toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

/**
 * Decrypts and authenticates. The tag length is enforced (Node 20 otherwise accepts a truncated 4-byte tag,
 * which makes forgery practical — seed-systems §4.2), as is the nonce length.
 */
export function decryptEnvelope(key: Buffer, envelope: { nonce?: unknown; ciphertext?: unknown; tag?: unknown }): string {
  const nonce = strictBase64(envelope.nonce, 'nonce');
  const ciphertext = strictBase64(envelope.ciphertext, 'ciphertext');
  const tag = strictBase64(envelope.tag, 'tag');
  if (nonce.length !== NONCE_BYTES) throw new DecryptError(`nonce must be ${NONCE_BYTES} bytes, got ${nonce.length}`);
  if (tag.length !== TAG_BYTES) throw new DecryptError(`tag must be ${TAG_BYTES} bytes, got ${tag.length}`);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAuthTag(tag);
  let plaintext: Buffer;
  try {
    plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new DecryptError('authentication failed (wrong key or tampered message)');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(plaintext);
  } catch {
    // The protocol carries text; bytes that are not UTF-8 were not encrypted by a conforming peer.
    throw new DecryptError('the decrypted payload is not UTF-8 text');
  }
}

/** The key file `openssl rand -hex 32` writes: 64 hex characters and a newline. Upper case is accepted. */
export function parseAesKeyHex(text: string): Buffer {
  const hex = text.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error('An AES-256 key file holds exactly 64 hexadecimal characters (as `openssl rand -hex 32` writes).');
  return Buffer.from(hex, 'hex');
}

export function formatAesKeyHex(key: Buffer): string {
  return `${key.toString('hex')}\n`;
}
