import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveIntoDir } from '../../src/main/headless/save-into-dir';
import { declaredInputModes, mediaTypeForFileName, modesAccept } from '../../src/shared/media-type';
import { useTempDirs } from '../helpers/temp-dir';

describe('saving a received file into a folder', () => {
  const tempDir = useTempDirs();

  it('keeps every name a sender can choose inside the folder, numbering repeats and renaming what cannot be a name', () => {
    const root = tempDir();
    const dir = join(root, 'inbox');
    const names = ['../../evil', '..\\..\\evil.txt', '/etc/passwd', '..', '.', '', ' .hidden ', 'CON.txt', 'a\u202etxt.exe', 'evil'];
    const written = names.map((name, index) => saveIntoDir(dir, name, `attachment-${index}`, Buffer.from(String(index))));
    for (const path of written) expect(dirname(path)).toBe(dir);
    expect(readdirSync(root)).toEqual(['inbox']);
    expect(written.map((path) => path.slice(dir.length + 1))).toEqual(['evil', 'evil.txt', 'passwd', 'attachment-3', 'attachment-4', 'attachment-5', 'hidden', '_CON.txt', 'atxt.exe', 'evil (2)']);
    expect(readFileSync(join(dir, 'evil (2)'), 'utf8')).toBe('9');
  });
});

describe('media types of files sent', () => {
  it('come from the extension, else application/octet-stream', () => {
    expect(['report.PDF', 'pixel.png', 'notes', 'archive.tar.gz', '.env', 'x.'].map(mediaTypeForFileName)).toEqual([
      'application/pdf',
      'image/png',
      'application/octet-stream',
      'application/gzip',
      'application/octet-stream',
      'application/octet-stream',
    ]);
  });

  it("are matched against a card's modes by exact type, type/* and */*, ignoring case and parameters", () => {
    expect(modesAccept(['text/plain'], 'text/plain; charset=utf-8')).toBe(true);
    expect(modesAccept(['Image/*'], 'image/png')).toBe(true);
    expect(modesAccept(['*/*'], 'application/pdf')).toBe(true);
    expect(modesAccept(['text/plain', 'image/*'], 'application/pdf')).toBe(false);
    expect(modesAccept([], 'text/plain')).toBe(false);
    expect(declaredInputModes({ inputModes: ['text/plain'], skills: [{ inputModes: ['image/png', 'text/plain'] }, { inputModes: [] }] })).toEqual(['text/plain', 'image/png']);
  });
});
