import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { controlFilePath, parseControlFile, readControlFile, writeControlFile, type ControlFile } from '../../src/main/core/control/control-file';
import { useTempDirs } from '../helpers/temp-dir';

const valid: ControlFile = { pid: 4242, port: 50123, token: 't'.repeat(43), url: 'http://127.0.0.1:50123', startedAt: '2026-12-01T10:00:00.000Z' };

describe('the control file (where the CLI finds the running node)', () => {
  const tempDir = useTempDirs();

  it('reads back what the node wrote', () => {
    const dir = tempDir();
    writeControlFile(dir, valid);
    expect(readControlFile(dir)).toEqual(valid);
  });

  it('keeps only the fields it knows', () => {
    expect(parseControlFile({ ...valid, extra: 'ignored', token2: 'x' })).toEqual(valid);
  });

  it.each([
    ['not an object', 'control'],
    ['null', null],
    ['an array', [valid]],
    ['a missing pid', { ...valid, pid: undefined }],
    ['a pid that is not a whole number', { ...valid, pid: 1.5 }],
    ['a pid given as text', { ...valid, pid: '4242' }],
    ['port 0', { ...valid, port: 0 }],
    ['a port above 65535', { ...valid, port: 65536 }],
    ['a port given as text', { ...valid, port: '50123' }],
    ['a token shorter than 32 characters', { ...valid, token: 't'.repeat(31) }],
    ['a token that is not text', { ...valid, token: 12345 }],
    ['a missing url', { ...valid, url: undefined }],
    ['a startedAt that is not text', { ...valid, startedAt: 0 }],
  ])('refuses %s', (_what, value) => {
    expect(parseControlFile(value)).toBeNull();
  });

  it('accepts the boundaries: port 1 and 65535, a token of exactly 32 characters', () => {
    expect(parseControlFile({ ...valid, port: 1, token: 't'.repeat(32) })?.port).toBe(1);
    expect(parseControlFile({ ...valid, port: 65535 })?.port).toBe(65535);
  });

  it('answers null for a missing file, a file that is not JSON, and a directory in its place', () => {
    const dir = tempDir();
    expect(readControlFile(dir)).toBeNull();
    writeFileSync(controlFilePath(dir), '{"pid": 4242, "port":');
    expect(readControlFile(dir)).toBeNull();
    const other = tempDir();
    mkdirSync(controlFilePath(other));
    expect(readControlFile(other)).toBeNull();
  });
});
