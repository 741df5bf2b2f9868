// `npm run test:reliability`: the built node (out/, via bin/switchboard.js) as a real process, under SIGKILLs,
// a peer outage, seeded hostile input and a damaged database. Prints one summary line at the end and exits 1 if
// anything was lost, duplicated, answered 5xx, crashed, or the node's memory grew past the bound.
//   node test/reliability/run.mjs [--short] [--seed N] [--strict] [--only crash,outage,hostile,damaged,disk]
// --short (the end of `npm test`): 2 kills, 2,000 hostile requests, 2 slow clients, no in-process disk tests.
// The full form: 5 kills, 12,000, 6, and test/backup's disk-full and damaged-database tests.
// RELIABILITY_FROM_SOURCE=1 runs src/ through jiti instead of out/.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crashPhase, raiseLimits } from './crash.mjs';
import { damagedPhase } from './damaged.mjs';
import { hostilePhase } from './hostile.mjs';
import { BIN, createRng, FROM_SOURCE, killAll, startServe } from './lib.mjs';
import { outagePhase } from './outage.mjs';

const args = process.argv.slice(2);
const short = args.includes('--short');
// --strict: answers not in the protocol's shape and sockets held past the client's patience fail the run too.
const strict = args.includes('--strict');
const seedArg = args.indexOf('--seed');
const seed = seedArg >= 0 ? Number(args[seedArg + 1]) : Number(process.env.RELIABILITY_SEED ?? 16);
const plan = short ? { kills: 2, killAfterMs: [700, 3000], hostile: 2_000, slow: 2, outage: 10 } : { kills: 5, killAfterMs: [1500, 6000], hostile: 12_000, slow: 6, outage: 40 };
const RSS_GROWTH_LIMIT_MB = 150;
// For working on one part: --only crash,outage,hostile,damaged (the CI and the full run use them all).
const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? new Set(args[onlyArg + 1].split(',')) : null;
const runs = (phase) => !only || only.has(phase);

const log = (line) => process.stdout.write(`${line}\n`);
if (!FROM_SOURCE && !existsSync(new URL('../../out/main/cli.js', import.meta.url))) {
  log('reliability: the app is not built (out/main/cli.js is missing); run `npm run build` first.');
  process.exit(1);
}

const totals = { requests: 0, fiveXx: 0, crashes: 0, lost: 0, duplicated: 0 };
const failures = [];
const add = (phase, result) => {
  for (const key of Object.keys(totals)) totals[key] += result[key] ?? 0;
  for (const sample of result.samples ?? []) failures.push(`${phase}: ${sample}`);
};
const root = mkdtempSync(join(tmpdir(), 'switchboard-reliability-'));
const dataDir = join(root, 'node');
let rss = { before: null, after: null };
const started = Date.now();
log(`reliability (${short ? 'short' : 'full'}, seed ${seed}): ${FROM_SOURCE ? 'the sources (src/, through jiti)' : BIN}`);

try {
  if (runs('crash')) {
    log(`crash: inbound load and queued outbound messages, ${plan.kills} SIGKILLs at seeded moments`);
    const crash = await crashPhase({ rng: createRng(seed), dataDir, kills: plan.kills, killAfterMs: plan.killAfterMs, log });
    log(`  ${crash.ackedIn} inbound and ${crash.ackedOut} outbound acknowledged; ${crash.lost} lost, ${crash.duplicated} duplicated, ${crash.fiveXx} 5xx; ${crash.redelivered} redeliveries absorbed by the receiver's idempotency key; inbound answers ${JSON.stringify(crash.statuses)}`);
    add('crash', crash);
  }

  const node = await startServe(dataDir, { name: 'crash' });
  if (runs('outage')) {
    log(`outage: peer down, ${plan.outage * 2} messages queued, peer back, dead letters replayed`);
    const outage = await outagePhase({ node, count: plan.outage, log });
    log(`  ${outage.lost} lost, ${outage.duplicated} duplicated, ${outage.redelivered} redeliveries absorbed`);
    add('outage', outage);
  }

  if (runs('hostile')) {
    log(`hostile: ${plan.hostile} malformed requests (every public endpoint, both WebSockets, the control API), ${plan.slow} slow clients`);
    const setup = await hostileSetup(node);
    const hostile = await hostilePhase({ rng: createRng(seed + 1), node, total: plan.hostile, slowClients: plan.slow, log, ...setup });
    rss = { before: hostile.rssBefore, after: hostile.rssAfter };
    log(`  answers by status: ${JSON.stringify(hostile.statuses)}`);
    log(`  slow clients: ${hostile.slow.join('; ')}`);
    log(`  SSE streams opened and dropped mid-stream: ${hostile.sseDropped}`);
    if (hostile.noAnswer || hostile.timedOut) log(`  ${hostile.noAnswer} closed without an answer, ${hostile.timedOut} unanswered in time:\n    ${hostile.noAnswerSamples.join('\n    ')}`);
    if (hostile.held) log(`  ${hostile.held} raw or slow requests held open until the client gave up (45 s slow, 20 s others):\n    ${hostile.heldSamples.join('\n    ')}`);
    if (hostile.resetWhileWriting) log(`  ${hostile.resetWhileWriting} large requests reset while still being written (refused early; the answer was lost client-side)`);
    if (hostile.upstream) log(`  ${hostile.upstream} answers 502 fetch_ref_failed (the sender's own origin failed the fetch; allowed)`);
    if (hostile.shape) log(`  ${hostile.shape} answers not in the protocol's shape:\n    ${hostile.shapeSamples.join('\n    ')}`);
    if (hostile.leaks) {
      log(`  ${hostile.leaks} answers carry internal detail:\n    ${hostile.leakSamples.join('\n    ')}`);
      failures.push(`hostile: ${hostile.leaks} answers carry internal detail (exception text)`);
    }
    add('hostile', hostile);
    if (strict && hostile.shape) failures.push(`hostile: ${hostile.shape} answers not in the protocol's shape (--strict)`);
    if (strict && hostile.held) failures.push(`hostile: ${hostile.held} sockets held open without an answer (--strict)`);
    if (rss.before !== null && rss.after !== null && rss.after - rss.before > RSS_GROWTH_LIMIT_MB) failures.push(`hostile: RSS grew from ${rss.before.toFixed(0)} to ${rss.after.toFixed(0)} MB (bound +${RSS_GROWTH_LIMIT_MB} MB)`);
  }

  await node.kill('SIGTERM');
  if (runs('damaged')) {
    log('damaged database: serve on a copy with pages overwritten must refuse to start and say how to restore');
    const damagedDir = join(root, 'damaged');
    cpSync(dataDir, damagedDir, { recursive: true });
    const damaged = await damagedPhase({ dataDir: damagedDir, rng: createRng(seed + 2) });
    log(`  ${damaged.ok ? 'ok' : 'FAILED'}: ${damaged.summary}`);
    if (!damaged.ok) failures.push(`damaged database: ${damaged.summary}`);
  }

  if (!short && runs('disk')) {
    // A full disk needs a size-limited database; the integration tests prove it in-process (test/backup/).
    log('disk full and damaged database, in-process: test/backup/disk-full.test.ts, damaged-database.test.ts');
    const vitest = spawnSync(join('node_modules', '.bin', 'vitest'), ['run', '--project', 'main', 'test/backup/disk-full.test.ts', 'test/backup/damaged-database.test.ts'], { stdio: 'inherit' });
    if (vitest.status !== 0) failures.push('disk full / damaged database tests failed');
  }
} catch (error) {
  failures.push(`the run stopped: ${error instanceof Error ? error.stack : String(error)}`);
} finally {
  await killAll();
  rmSync(root, { recursive: true, force: true });
}

const mb = (value) => (value === null || value === undefined ? '?' : value.toFixed(0));
if (failures.length) log(`\nfailures:\n  ${failures.join('\n  ')}`);
log(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);
log(`reliability: ${totals.requests} requests, ${totals.fiveXx} 5xx, ${totals.crashes} crashes, ${totals.lost} lost, ${totals.duplicated} duplicated, RSS ${mb(rss.before)}/${mb(rss.after)} MB`);
process.exitCode = failures.length === 0 && totals.fiveXx + totals.crashes + totals.lost + totals.duplicated === 0 ? 0 : 1;

/** Credentials for every family: an A2A key, an a2a-secure peer's inbound secret, a chat agent's API key. */
async function hostileSetup(current) {
  await raiseLimits(current);
  await current.call('settings.update', { chat: { hosting: true } });
  const a2aKey = (await current.call('keys.generate', { label: 'hostile' })).key;
  const secureSecret = 'hostile-inbound-secret-0123456789';
  await current.call('peers.add', { name: 'hostile-secure', baseUrl: 'http://127.0.0.1:9', inboundSecret: secureSecret });
  const joined = await fetch(`http://127.0.0.1:${current.port}/v1/agents/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ agent_id: 'hostile-agent' }) });
  const chatKey = joined.ok ? (await joined.json()).api_key : 'no-chat-key';
  return { a2aKey, secureSecret, chatKey };
}
