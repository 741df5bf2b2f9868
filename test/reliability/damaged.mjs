// Damaged database at the process level: pages in the middle of switchboard.db overwritten with noise (as a
// failing disk would), then `switchboard serve` must exit non-zero, leave the file as it was, and say that the
// database is damaged and how to restore it.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { serveExpectingExit } from './lib.mjs';

const PAGE = 4096;

export async function damagedPhase({ dataDir, rng }) {
  const path = join(dataDir, 'switchboard.db');
  // The copy was taken from a node stopped cleanly: no WAL left to replay over the damage.
  for (const side of ['-wal', '-shm']) rmSync(`${path}${side}`, { force: true });
  const pages = Math.floor(statSync(path).size / PAGE);
  if (pages < 8) return { ok: false, summary: `the database has only ${pages} pages; nothing to damage` };
  const fd = openSync(path, 'r+');
  try {
    const middle = Math.floor(pages / 2);
    for (let page = middle - 2; page < middle + 2; page += 1) writeSync(fd, rng.bytes(PAGE), 0, PAGE, page * PAGE);
  } finally {
    closeSync(fd);
  }
  const digest = () => createHash('sha256').update(readFileSync(path)).digest('hex');
  const before = digest();
  const run = await serveExpectingExit(dataDir);
  const sentence = /damaged/i.test(run.output) && /restore/i.test(run.output);
  const unchanged = digest() === before;
  const firstLine = run.output.split('\n').find((line) => /damaged/i.test(line)) ?? run.output.slice(0, 300);
  if (run.signal) return { ok: false, summary: `serve was still running after 30 s on a damaged database (killed): ${run.output.slice(0, 300)}` };
  if (run.code === 0) return { ok: false, summary: `serve exited 0 on a damaged database: ${run.output.slice(0, 300)}` };
  if (!sentence) return { ok: false, summary: `serve exited ${run.code} without saying the database is damaged and how to restore: ${run.output.slice(0, 300)}` };
  if (!unchanged) return { ok: false, summary: 'serve changed the damaged file' };
  return { ok: true, summary: `serve exited ${run.code}: ${firstLine.trim().slice(0, 200)}` };
}
