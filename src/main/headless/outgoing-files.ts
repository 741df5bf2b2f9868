import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { MAX_OUTGOING_FILES } from '../../shared/domain/attachment';
import { formatBytes, MAX_ATTACHMENT_LIMIT_BYTES } from '../../shared/domain/attachment';
import { mediaTypeForFileName } from '../../shared/media-type';
import { CliFailure } from './cli-context';

/** A file named with `send --file`, read and ready for `messages.send`. */
export interface OutgoingFile {
  path: string;
  name: string;
  mediaType: string;
  size: number;
  base64: string;
}

/** `given` is the argument as typed (`--file report.pdf`), so the sentence points at it. */
function unreadable(given: string, error: unknown): CliFailure {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new CliFailure(`${given}: there is no such file.`);
  if (code === 'EACCES' || code === 'EPERM') return new CliFailure(`${given}: the file cannot be read (permission denied).`);
  if (code === 'EISDIR') return new CliFailure(`${given} is a directory, not a file.`);
  return new CliFailure(`${given}: the file cannot be read (${code ?? (error instanceof Error ? error.message : String(error))}).`);
}

/**
 * Reads every `--file` before anything is sent, so one bad path sends nothing. Sizes are checked from `stat`
 * before a byte is read: no node takes more than MAX_ATTACHMENT_LIMIT_BYTES (the control API's body limit is
 * sized for it), so a larger file is refused here instead of as an opaque transport error. The node's own
 * limits, which may be lower, are checked by the node when it queues the message, with the file named.
 */
export function readOutgoingFiles(paths: readonly string[]): OutgoingFile[] {
  if (paths.length > MAX_OUTGOING_FILES) throw new CliFailure(`At most ${MAX_OUTGOING_FILES} files go with one message (${paths.length} given).`);
  const sized = paths.map((path) => {
    let stats;
    try {
      stats = statSync(path);
    } catch (error) {
      throw unreadable(`--file ${path}`, error);
    }
    if (stats.isDirectory()) throw new CliFailure(`--file ${path} is a directory; give files (an archive of the folder, for instance).`);
    // Devices and pipes have no size to check and may never end.
    if (!stats.isFile()) throw new CliFailure(`--file ${path} is not a regular file.`);
    if (stats.size > MAX_ATTACHMENT_LIMIT_BYTES) throw new CliFailure(`--file ${path} is ${formatBytes(stats.size)}; no node takes files over ${formatBytes(MAX_ATTACHMENT_LIMIT_BYTES)}.`);
    return { path, size: stats.size };
  });
  const total = sized.reduce((sum, file) => sum + file.size, 0);
  if (total > MAX_ATTACHMENT_LIMIT_BYTES) throw new CliFailure(`The files come to ${formatBytes(total)}; no node takes more than ${formatBytes(MAX_ATTACHMENT_LIMIT_BYTES)} in one message.`);
  return sized.map(({ path }) => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      throw unreadable(`--file ${path}`, error);
    }
    const name = basename(path);
    return { path, name, mediaType: mediaTypeForFileName(name), size: bytes.length, base64: bytes.toString('base64') };
  });
}

/** `--data`: JSON on the command line, or `@PATH` for a file holding it (JSON never starts with "@"). */
export function parseDataOption(value: string): unknown {
  let text = value;
  if (value.startsWith('@')) {
    const path = value.slice(1);
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw unreadable(`--data ${value}`, error);
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const why = error instanceof Error ? error.message.slice(0, 160) : 'not JSON';
    throw new CliFailure(`--data is not valid JSON (${why}). Give JSON, e.g. --data '{"invoice":42}', or --data @invoice.json.`);
  }
}
