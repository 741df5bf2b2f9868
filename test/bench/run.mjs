// `npm run bench`: every figure of issue 15, each beside its baseline measured in the same run, printed as one
// table and written to bench-results.json. Builds first (the parts run the built node), unless --no-build.
//   npm run bench                                  every part
//   npm run bench -- --only store,cli --no-build   some parts, on the build that is there
//   npm run bench -- --repeat 5 --seeded DIR       repeats per part (3); reuse a data dir made by seed.mjs
// Parts repeat whole (a fresh node each time) and report the median of each figure. Nothing in `npm test` times
// anything: this runs on demand, ideally on a quiet machine (the load average is recorded with the results).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const repeat = Math.max(1, Number(option('repeat') ?? 3));
const seeded = option('seeded');
const log = (line) => process.stderr.write(`${line}\n`);

/** A part run as its own process (the older scripts): it hands its rows back through BENCH_RESULT_FILE. */
function script(file) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-result-'));
    const out = join(dir, 'rows.json');
    try {
      await new Promise((resolveRun, reject) => {
        const child = spawn(process.execPath, [resolve('test/bench', file)], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, BENCH_RESULT_FILE: out } });
        child.on('exit', (code) => (code === 0 ? resolveRun() : reject(new Error(`${file} exited with ${code}`))));
      });
      return JSON.parse(readFileSync(out, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

/** Rows in the shape every part returns: { name, unit, value, baseline, ratio, target, met, note? }. */
const PARTS = {
  inbound: { run: script('inbound.mjs') },
  a2a: { run: script('a2a.mjs') },
  // Repeats inside (BENCH_REPEATS) and reports medians itself.
  outbox: { run: async () => (await import('./outbox.mjs')).measureOutbox({ log, repeats: repeat }), repeatsItself: true },
  store: { run: async () => (await import('./store.mjs')).measureStore({ seeded, log }), seeds: true },
  'event-loop': { run: async () => (await import('./event-loop.mjs')).measureEventLoop() },
  timeline: { run: async () => (await import('./timeline.mjs')).measureTimeline({ log, repeats: repeat }), repeatsItself: true },
  // The database writer on a worker thread, tried against the main-thread writer (informational rows).
  writer: { run: async () => (await import('./writer-thread.mjs')).measureWriterThread() },
};
// `cli` is measured by the store part (against its seeded node): asking for it runs that part.
const ALIASES = { cli: 'store', search: 'store', list: 'store' };

const only = option('only')
  ?.split(',')
  .map((name) => ALIASES[name.trim()] ?? name.trim());
const unknown = (only ?? []).filter((name) => !PARTS[name]);
if (unknown.length) {
  log(`Unknown part(s): ${unknown.join(', ')}. Parts: ${[...Object.keys(PARTS), ...Object.keys(ALIASES)].join(', ')}.`);
  process.exit(2);
}
const chosen = Object.keys(PARTS).filter((name) => !only || only.includes(name));

if (!args.includes('--no-build')) {
  log('bench: building (npm run build; --no-build to skip)…');
  await new Promise((resolveBuild, reject) => {
    const child = spawn('npm', ['run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolveBuild() : reject(new Error(`npm run build exited with ${code}`))));
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The median of each figure over the runs (a row is matched by its position; its name may carry a count). */
function medianRows(runs) {
  return runs[0].map((first, i) => {
    const same = runs.map((rows) => rows[i]).filter(Boolean);
    if (typeof first.value !== 'number') return { ...first, met: same.every((r) => r.met), runs: same.map((r) => r.value) };
    const value = median(same.map((r) => r.value));
    const baseline = first.baseline === null || first.baseline === undefined ? null : median(same.map((r) => r.baseline));
    const ratio = first.ratio === null || first.ratio === undefined ? null : median(same.map((r) => r.ratio));
    const metRuns = same.filter((r) => r.met).length;
    return { ...first, value, baseline, ratio, met: first.met === null ? null : metRuns * 2 > same.length, runs: same.map((r) => r.value) };
  });
}

const started = new Date();
const results = [];
for (const name of chosen) {
  const part = PARTS[name];
  const times = part.repeatsItself || (part.seeds && !seeded) ? 1 : repeat;
  const runs = [];
  for (let i = 0; i < times; i += 1) {
    log(`bench: ${name} (${i + 1}/${times})…`);
    try {
      runs.push(await part.run());
    } catch (error) {
      log(`bench: ${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
      runs.push([{ name: `${name}: failed`, unit: '', value: 'error', baseline: null, ratio: null, target: '—', met: false, note: String(error?.message ?? error).slice(0, 200) }]);
      break;
    }
  }
  for (const row of medianRows(runs)) results.push({ part: name, ...row });
}

const format = (value, unit) => {
  if (typeof value !== 'number') return String(value);
  const digits = unit === 'ms' && value < 100 ? 1 : 0;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`.trim();
};
const table = [
  ['what', 'figure', 'baseline', 'ratio', 'target', 'met'],
  ...results.map((r) => [r.name, format(r.value, r.unit), r.baseline === null ? '—' : format(r.baseline, r.unit), r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`, String(r.target), r.met === null ? '—' : r.met ? 'yes' : 'NO']),
];
const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
const machine = { cpus: cpus().length, model: cpus()[0]?.model ?? '', node: process.version, loadAverage: loadavg().map((n) => Number(n.toFixed(2))) };
console.log(`\nSwitchboard benchmarks, ${started.toISOString().slice(0, 10)} — ${machine.cpus} cores, load average ${machine.loadAverage.join(' ')} at the end`);
console.log(table.map((row) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`).join('\n').replace(/\n/, `\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n`));
for (const r of results.filter((row) => row.note)) console.log(`  ${r.name}: ${r.note}`);
writeFileSync('bench-results.json', `${JSON.stringify({ date: started.toISOString(), machine, repeat, parts: chosen, results }, null, 2)}\n`);
console.log('\nWritten to bench-results.json.');
