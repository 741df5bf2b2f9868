import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** One file grows to this size, then becomes switchboard.log.1 (the one before is dropped). */
export const MAX_LOG_BYTES = 5 * 1024 * 1024;

/**
 * Where the desktop app's log lines go besides the terminal: an app started from the Dock, the Start menu or at
 * login has no terminal. `<logs>/switchboard.log` (app.getPath('logs')), 0600, rotated at 5 MiB. Lines are
 * already redacted by the logger.
 */
export function logFileWriter(dir: string, echo: (line: string) => void = () => {}): (line: string) => void {
  const path = join(dir, 'switchboard.log');
  let ready = false;
  let size = 0;
  return (line) => {
    echo(line);
    try {
      if (!ready) {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        size = (() => {
          try {
            return statSync(path).size;
          } catch {
            return 0;
          }
        })();
        ready = true;
      }
      if (size > MAX_LOG_BYTES) {
        renameSync(path, `${path}.1`);
        size = 0;
      }
      const text = `${line}\n`;
      appendFileSync(path, text, { mode: 0o600 });
      size += Buffer.byteLength(text);
    } catch {
      // A log that cannot be written must not stop the app; the terminal still has the line.
    }
  };
}
