import Database from 'better-sqlite3';
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, scryptSync } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { z } from 'zod';
import type { Db } from '../store/database';
import { quickCheck } from '../store/integrity';

/**
 * One backup is one file: a first line naming the format, one line of JSON (the manifest), then the SQLite
 * database exactly as `sqlite3_backup` wrote it. The manifest holds what a restore must check (the database's
 * sha256 and size) and, in a full backup, the vault's data key sealed with a key derived from the operator's
 * passphrase (scrypt, then AES-256-GCM with the manifest's own facts as associated data, so a swapped database or
 * an edited checksum makes the passphrase "wrong" rather than restoring something else).
 */
export const BACKUP_MAGIC = 'SWITCHBOARD-BACKUP/1';
export const BACKUP_EXTENSION = '.sbbackup';
const MAX_MANIFEST_BYTES = 64 * 1024;
const CHUNK = 1024 * 1024;
/** OWASP's scrypt floor (N=2^17, r=8, p=1): about 128 MiB and a few hundred ms, once per backup or restore. */
const SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;

const sealedKeySchema = z
  .object({
    kdf: z.literal('scrypt'),
    N: z.number().int().min(2 ** 10).max(2 ** 22),
    r: z.number().int().min(1).max(32),
    p: z.number().int().min(1).max(16),
    salt: z.string().regex(/^[0-9a-f]{32,128}$/),
    cipher: z.literal('aes-256-gcm'),
    nonce: z.string().regex(/^[0-9a-f]{24}$/),
    tag: z.string().regex(/^[0-9a-f]{32}$/),
    sealed: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();

export const backupManifestSchema = z
  .object({
    format: z.literal('switchboard-backup'),
    formatVersion: z.literal(1),
    /** full: database and data key (made by `switchboard backup`); database: the database only (scheduled). */
    kind: z.enum(['full', 'database']),
    createdAt: z.string(),
    nodeName: z.string(),
    appVersion: z.string(),
    schemaVersion: z.number().int().min(0),
    counts: z.record(z.string(), z.number().int().min(0)),
    database: z.object({ bytes: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
    /** Names the data key the database's secrets were sealed with, without revealing it (HMAC of a fixed label). */
    keyCheck: z.string().regex(/^[0-9a-f]{32}$/),
    key: sealedKeySchema.nullable(),
  })
  .strict();

export type BackupManifest = z.infer<typeof backupManifestSchema>;

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/** Identifies a data key in a manifest: equal keys give equal checks, and the check says nothing about the key. */
export function dataKeyCheck(dataKey: Buffer): string {
  return createHmac('sha256', dataKey).update('switchboard backup key check v1').digest('hex').slice(0, 32);
}

/** What the sealed key's authentication covers: everything a restore relies on besides the key itself. */
function associatedData(manifest: Omit<BackupManifest, 'key'>): Buffer {
  return Buffer.from(`${BACKUP_MAGIC}|${manifest.kind}|${manifest.createdAt}|${manifest.schemaVersion}|${manifest.database.bytes}|${manifest.database.sha256}|${manifest.keyCheck}`);
}

function derive(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }): Buffer {
  return scryptSync(passphrase.normalize('NFC'), salt, 32, { ...params, maxmem: 256 * params.N * params.r + 16 * 1024 * 1024 });
}

/** A passphrase the operator typed or gave in a file: anything but nothing (or only spaces). */
export function checkPassphrase(passphrase: string): string {
  if (passphrase.trim() === '') throw new BackupError('The passphrase is empty. A backup’s data key is protected by the passphrase you give; give one that is not empty.');
  return passphrase;
}

function sealKey(dataKey: Buffer, passphrase: string, manifest: Omit<BackupManifest, 'key'>): NonNullable<BackupManifest['key']> {
  const salt = randomBytes(16);
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derive(passphrase, salt, SCRYPT), nonce, { authTagLength: 16 });
  cipher.setAAD(associatedData(manifest));
  const sealed = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return { kdf: 'scrypt', ...SCRYPT, salt: salt.toString('hex'), cipher: 'aes-256-gcm', nonce: nonce.toString('hex'), tag: cipher.getAuthTag().toString('hex'), sealed: sealed.toString('hex') };
}

/** The data key of a full backup; a wrong passphrase (or an edited manifest) is one and the same refusal. */
export function openKey(manifest: BackupManifest, passphrase: string): Buffer {
  if (!manifest.key) throw new BackupError('This backup holds the database only; it has no data key to open.');
  const { key } = manifest;
  const decipher = createDecipheriv('aes-256-gcm', derive(passphrase, Buffer.from(key.salt, 'hex'), key), Buffer.from(key.nonce, 'hex'), { authTagLength: 16 });
  decipher.setAAD(associatedData(manifest));
  decipher.setAuthTag(Buffer.from(key.tag, 'hex'));
  let dataKey: Buffer;
  try {
    dataKey = Buffer.concat([decipher.update(Buffer.from(key.sealed, 'hex')), decipher.final()]);
  } catch {
    throw new BackupError('The passphrase does not open this backup (or its manifest was changed). Nothing was restored.');
  }
  if (dataKeyCheck(dataKey) !== manifest.keyCheck) throw new BackupError('The backup’s data key does not match its own check; the file is damaged. Nothing was restored.');
  return dataKey;
}

function countRows(db: Db): Record<string, number> {
  const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((row) => row.name));
  const counts: Record<string, number> = {};
  for (const table of ['messages', 'peers', 'outbox', 'approvals', 'a2a_keys', 'peer_credentials', 'inbound_secrets', 'audit_log']) {
    if (tables.has(table)) counts[table] = (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
  }
  return counts;
}

function sha256OfFile(path: string, from = 0): { sha256: string; bytes: number } {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(CHUNK);
  let bytes = 0;
  try {
    for (let position = from; ; ) {
      const read = readSync(fd, buffer, 0, CHUNK, position);
      if (read === 0) break;
      hash.update(buffer.subarray(0, read));
      position += read;
      bytes += read;
    }
  } finally {
    closeSync(fd);
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Appends a file's bytes to an open descriptor, a chunk at a time (a database may be larger than memory wants). */
function appendFile(fd: number, path: string, from = 0): void {
  const source = openSync(path, 'r');
  const buffer = Buffer.alloc(CHUNK);
  try {
    for (let position = from; ; ) {
      const read = readSync(source, buffer, 0, CHUNK, position);
      if (read === 0) break;
      writeSync(fd, buffer, 0, read);
      position += read;
    }
  } finally {
    closeSync(source);
  }
}

export interface WrittenBackup {
  path: string;
  manifest: BackupManifest;
  bytes: number;
}

/**
 * Writes a backup of `db` to `dest`: SQLite's online backup API copies a consistent snapshot while the node
 * keeps writing (a change by another connection restarts the copy; the node's own changes are carried into it),
 * the copy must pass `quick_check`, and the file appears under its name only once complete (written beside it,
 * synced, then renamed), so a backup that exists is a whole one.
 */
export async function writeBackup(options: {
  db: Db;
  dest: string;
  dataKey: Buffer;
  /** Given: a full backup with the data key sealed by it. Null: the database only (a scheduled backup). */
  passphrase: string | null;
  nodeName: string;
  appVersion: string;
  now: () => Date;
}): Promise<WrittenBackup> {
  const snapshot = `${options.dest}.partial-db`;
  const partial = `${options.dest}.partial`;
  try {
    await options.db.backup(snapshot);
    const copy = new Database(snapshot, { readonly: true, fileMustExist: true });
    let schemaVersion: number;
    let counts: Record<string, number>;
    try {
      const problems = quickCheck(copy);
      if (problems.length > 0) throw new BackupError(`The database copy failed its integrity check (${problems[0]}); no backup was written. The database itself may be damaged.`);
      schemaVersion = copy.pragma('user_version', { simple: true }) as number;
      counts = countRows(copy);
    } finally {
      copy.close();
    }
    const database = sha256OfFile(snapshot);
    const facts: Omit<BackupManifest, 'key'> = {
      format: 'switchboard-backup',
      formatVersion: 1,
      kind: options.passphrase === null ? 'database' : 'full',
      createdAt: options.now().toISOString(),
      nodeName: options.nodeName,
      appVersion: options.appVersion,
      schemaVersion,
      counts,
      database,
      keyCheck: dataKeyCheck(options.dataKey),
    };
    const manifest: BackupManifest = { ...facts, key: options.passphrase === null ? null : sealKey(options.dataKey, checkPassphrase(options.passphrase), facts) };
    const fd = openSync(partial, 'w', 0o600);
    try {
      writeSync(fd, `${BACKUP_MAGIC}\n${JSON.stringify(manifest)}\n`);
      appendFile(fd, snapshot);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, options.dest);
    return { path: options.dest, manifest, bytes: statSync(options.dest).size };
  } finally {
    rmSync(snapshot, { force: true });
    rmSync(partial, { force: true });
  }
}

/** The manifest of a backup file and where its database starts; the file's format is checked, not its data. */
export function readManifest(path: string): { manifest: BackupManifest; databaseOffset: number } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new BackupError(`Cannot read the backup ${path} (${(error as { code?: string }).code ?? 'error'}).`);
  }
  const head = Buffer.alloc(MAX_MANIFEST_BYTES);
  let length: number;
  try {
    length = readSync(fd, head, 0, MAX_MANIFEST_BYTES, 0);
  } finally {
    closeSync(fd);
  }
  const text = head.subarray(0, length);
  const first = text.indexOf(0x0a);
  const second = first < 0 ? -1 : text.indexOf(0x0a, first + 1);
  if (first < 0 || text.subarray(0, first).toString('utf8') !== BACKUP_MAGIC || second < 0) {
    throw new BackupError(`${path} is not a Switchboard backup (it does not start with ${BACKUP_MAGIC} and a manifest).`);
  }
  let manifest: BackupManifest;
  try {
    manifest = backupManifestSchema.parse(JSON.parse(text.subarray(first + 1, second).toString('utf8')));
  } catch {
    throw new BackupError(`The manifest of the backup ${path} is damaged or from an unknown version.`);
  }
  return { manifest, databaseOffset: second + 1 };
}

/**
 * Checks a backup end to end without changing anything: format, size and sha256 of the database against the
 * manifest. Returns the manifest; throws a BackupError with a sentence otherwise.
 */
export function verifyBackup(path: string): { manifest: BackupManifest; databaseOffset: number } {
  const read = readManifest(path);
  const actual = sha256OfFile(path, read.databaseOffset);
  if (actual.bytes !== read.manifest.database.bytes || actual.sha256 !== read.manifest.database.sha256) {
    throw new BackupError(`The backup ${path} is damaged: its database does not match the checksum in its manifest (${actual.bytes} of ${read.manifest.database.bytes} bytes). Nothing was restored.`);
  }
  return read;
}

/** Writes the database part of a verified backup to `dest` (created 0600, synced). */
export function extractDatabase(path: string, databaseOffset: number, dest: string): void {
  const fd = openSync(dest, 'w', 0o600);
  try {
    appendFile(fd, path, databaseOffset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
