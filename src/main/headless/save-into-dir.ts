import { closeSync, mkdirSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { safeFileName } from '../../shared/domain/attachment';
import { CliFailure } from './cli-context';

/** Names Windows reserves whatever the extension (a file called "CON.txt" cannot be opened there). */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/** "report.pdf", 2 → "report (2).pdf"; "notes", 3 → "notes (3)". */
function numbered(name: string, n: number): string {
  if (n === 1) return name;
  const ext = extname(name);
  return `${name.slice(0, name.length - ext.length)} (${n})${ext}`;
}

/**
 * Writes a received file into `dir` and returns the path written. The name is the sender's, made safe (no
 * directories, no control or bidi characters), and the resolved path is checked to be directly in `dir`, so a
 * name like "../../evil" can never land elsewhere. Nothing is overwritten: an existing name gets " (2)", " (3)"…
 * The file is created exclusively (O_EXCL: a symlink planted at that name is not followed) and readable by the
 * operator only (0600): what a peer sent stays as private as the node's data dir it came from, and is never
 * executable.
 */
export function saveIntoDir(dir: string, wantedName: string, fallbackName: string, bytes: Uint8Array): string {
  const root = resolve(dir);
  try {
    mkdirSync(root, { recursive: true });
  } catch (error) {
    throw new CliFailure(`${dir} cannot be made into a folder (${(error as { code?: string }).code ?? String(error)}).`);
  }
  let name = safeFileName(wantedName, fallbackName);
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  for (let n = 1; n <= 1000; n += 1) {
    const target = resolve(root, numbered(name, n));
    if (dirname(target) !== root) throw new CliFailure(`"${wantedName.slice(0, 80)}" would be saved outside ${dir}; nothing was written.`);
    let fd: number;
    try {
      fd = openSync(target, 'wx', 0o600);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'EEXIST') continue;
      throw new CliFailure(`${target} cannot be written (${code ?? String(error)}).`);
    }
    try {
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
    } catch (error) {
      // This file is ours (created just now): a half-written one must not look like the sender's file.
      closeSync(fd);
      unlinkSync(target);
      throw new CliFailure(`${target} could not be written in full (${(error as { code?: string }).code ?? String(error)}); it was removed.`);
    }
    closeSync(fd);
    return target;
  }
  throw new CliFailure(`${dir} already holds ${name} and 999 numbered copies of it.`);
}
