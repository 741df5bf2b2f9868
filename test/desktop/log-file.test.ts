import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { logFileWriter, MAX_LOG_BYTES } from '../../src/main/desktop/log-file';
import { useTempDirs } from '../helpers/temp-dir';

describe('the desktop log file', () => {
  const tempDir = useTempDirs();

  it('appends lines to a 0600 file in the logs folder, echoes them, and rotates past 5 MiB', () => {
    const dir = join(tempDir(), 'logs');
    const echoed: string[] = [];
    const write = logFileWriter(dir, (line) => echoed.push(line));
    write('first');
    write('second');
    const path = join(dir, 'switchboard.log');
    expect(readFileSync(path, 'utf8')).toBe('first\nsecond\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(echoed).toEqual(['first', 'second']);
    write('x'.repeat(MAX_LOG_BYTES));
    write('after rotation');
    expect(readFileSync(path, 'utf8')).toBe('after rotation\n');
    expect(readFileSync(`${path}.1`, 'utf8').startsWith('first\n')).toBe(true);
  });

  it('never throws when the folder cannot be made', () => {
    const blocker = join(tempDir(), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const write = logFileWriter(join(blocker, 'logs'));
    expect(() => write('line')).not.toThrow();
  });
});
