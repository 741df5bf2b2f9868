import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { dataDirFiles } from '../data-dir/data-dir';

/** Where the CLI finds the running node: the loopback control port and the admin token (file mode 0600). */
export const controlFileSchema = z.object({
  pid: z.number().int(),
  port: z.number().int().min(1).max(65535),
  token: z.string().min(32),
  url: z.string(),
  startedAt: z.string(),
});

export type ControlFile = z.infer<typeof controlFileSchema>;

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
    const parsed = controlFileSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function removeControlFile(dataDir: string, pid = process.pid): void {
  const current = readControlFile(dataDir);
  if (current && current.pid !== pid) return; // not ours to remove
  rmSync(controlFilePath(dataDir), { force: true });
}
