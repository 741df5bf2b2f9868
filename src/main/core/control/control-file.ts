import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDirFiles } from '../data-dir/data-dir';

/** Where the CLI finds the running node: the loopback control port and the admin token (file mode 0600). */
export interface ControlFile {
  pid: number;
  port: number;
  token: string;
  url: string;
  startedAt: string;
}

/**
 * The file's contents if they have the shape above, else null; unknown keys are dropped. Checked by hand, not with
 * zod: every CLI command reads this file first, and loading zod (about a hundred modules) was ~100 ms of each
 * command's start-up (issue 15), a third of the time `switchboard status` takes.
 */
export function parseControlFile(value: unknown): ControlFile | null {
  if (typeof value !== 'object' || value === null) return null;
  const { pid, port, token, url, startedAt } = value as Record<string, unknown>;
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid)) return null;
  if (typeof port !== 'number' || !Number.isSafeInteger(port) || port < 1 || port > 65535) return null;
  if (typeof token !== 'string' || token.length < 32 || typeof url !== 'string' || typeof startedAt !== 'string') return null;
  return { pid, port, token, url, startedAt };
}

export function controlFilePath(dataDir: string): string {
  return join(dataDir, dataDirFiles.control);
}

export function writeControlFile(dataDir: string, contents: ControlFile): void {
  const path = controlFilePath(dataDir);
  const temporary = `${path}.${process.pid}.tmp`;
  // Created 0600 from the first byte (not chmod after), then renamed into place atomically.
  writeFileSync(temporary, JSON.stringify(contents, null, 2), { mode: 0o600, flag: 'w' });
  renameSync(temporary, path);
}

export function readControlFile(dataDir: string): ControlFile | null {
  let raw: string;
  try {
    raw = readFileSync(controlFilePath(dataDir), 'utf8');
  } catch {
    return null;
  }
  try {
    return parseControlFile(JSON.parse(raw));
  } catch {
    return null;
  }
}

export function removeControlFile(dataDir: string, pid = process.pid): void {
  const current = readControlFile(dataDir);
  if (current && current.pid !== pid) return; // not ours to remove
  rmSync(controlFilePath(dataDir), { force: true });
}
