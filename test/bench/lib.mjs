// Helpers shared by the benchmark scripts: start the built node as a real process, run autocannon, print a table.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { callControl, rssMb } from '../helpers/node-process.mjs';

export { callControl, rssMb };

export const BIN = resolve('bin/switchboard.js');
// BENCH_FROM_SOURCE=1 runs the TypeScript sources through jiti instead of the build (out/), for measuring a change
// without `npm run build`.
// BENCH_NODE_FLAGS go to the node's process only (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`; NODE_OPTIONS refuses them).
const ENTRY = [...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean), ...(process.env.BENCH_FROM_SOURCE === '1' ? ['--import', 'jiti/register', resolve('src/main/headless/cli.ts')] : [BIN])];
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);

/**
 * Starts `switchboard serve` and resolves once it prints its port: on a fresh data dir (removed on stop), or on
 * `dataDir` (kept). `readyMs` is spawn → "Listening", the node's own start-up as the operator sees it.
 */
export async function startNode(name = 'bench', { dataDir: given, args = [], env = {} } = {}) {
  const dataDir = given ?? mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  const started = performance.now();
  const child = spawn(process.execPath, [...ENTRY, 'serve', '--data-dir', dataDir, '--host', '127.0.0.1', '--port', '0', '--control-port', '0', '--name', name, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', () => {});
  const port = await new Promise((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`node did not start: ${out}`)), 20_000);
    const check = () => {
      const match = /Listening\s+[^\s]+:(\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolvePort(Number(match[1]));
      } else setTimeout(check, 50);
    };
    check();
  });
  const readyMs = performance.now() - started;
  const control = JSON.parse(readFileSync(join(dataDir, 'control.json'), 'utf8'));
  // A load generator is one address sending thousands a second: far above what the public port takes from one
  // peer (Settings › Limits). Raise the rates, as the operator of a busy gateway would.
  await callControl(control, 'settings.update', { limits: { perAddressPerMinute: 1_000_000, perCredentialPerMinute: 1_000_000 } });
  return {
    port,
    dataDir,
    readyMs,
    pid: child.pid,
    control,
    call: (method, input = {}) => callControl(control, method, input),
    cli: (...cliArgs) => run(process.execPath, [...ENTRY, '--data-dir', dataDir, ...cliArgs]),
    async stop() {
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGTERM');
      await exited;
      if (!given) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function run(command, args) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) => (code === 0 ? resolveRun(out) : reject(new Error(`${args.join(' ')} → ${code}: ${err}`))));
  });
}

/** A bare node:http server that parses a JSON body and answers JSON: the floor any Node HTTP service pays. */
export async function startEchoServer() {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const http = require('node:http');
       const server = http.createServer((req, res) => {
         let body = '';
         req.on('data', (c) => (body += c));
         req.on('end', () => {
           let parsed;
           try { parsed = JSON.parse(body); } catch { res.writeHead(400).end('{"error":"invalid_json"}'); return; }
           const out = JSON.stringify({ status: 'OK', from: 'echo', wake: false, trace_id: parsed.trace_id });
           res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) }).end(out);
         });
       });
       server.keepAliveTimeout = 5000;
       server.listen(0, '127.0.0.1', () => console.log('PORT ' + server.address().port));`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise((resolvePort) => child.stdout.on('data', (chunk) => resolvePort(Number(/PORT (\d+)/.exec(String(chunk))?.[1]))));
  return { port, stop: () => child.kill() };
}

let sequence = 0;

/**
 * Runs autocannon for SECONDS with CONNECTIONS keep-alive connections and returns successful requests/s and
 * latency. `body` may contain __ID__, replaced by a number unique to each request (autocannon's own
 * idReplacement miscounts Content-Length, so the body is rebuilt per request instead).
 */
export async function load({ url, headers, body, duration = SECONDS, connections = CONNECTIONS }) {
  const result = await autocannon({
    url,
    connections,
    duration,
    pipelining: 1,
    requests: [{ method: 'POST', headers, setupRequest: (request) => ({ ...request, body: body.replace('__ID__', String((sequence += 1))) }) }],
  });
  const ok = result['2xx'];
  const non2xx = result.non2xx + result.errors + result.timeouts;
  return { rps: ok / SECONDS, p50: result.latency.p50, p99: result.latency.p99, non2xx, total: result.requests.total };
}

export function printTable(title, rows) {
  console.log(`\n${title}  (${CONNECTIONS} connections, ${SECONDS} s each, keep-alive)`);
  const header = ['case', 'accepted/s', 'p50 ms', 'p99 ms', 'errors', 'vs baseline'];
  const cells = rows.map((r) => [r.name, r.rps.toFixed(0), String(r.p50), String(r.p99), String(r.non2xx), r.ratio === undefined ? '—' : `${(r.ratio * 100).toFixed(1)}%`]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  for (const row of [header, ...cells]) console.log(row.map((c, i) => c.padEnd(widths[i])).join('  '));
}

/**
 * Hands a part's figures to `npm run bench` (test/bench/run.mjs), which sets BENCH_RESULT_FILE: one row per
 * figure, `{ name, unit, value, baseline, ratio, target, met }` (`target` as printed: "< 10 ms", "≥ 0.60×").
 * Run alone, a part only prints its own table.
 */
export function report(rows) {
  const file = process.env.BENCH_RESULT_FILE;
  if (file) writeFileSync(file, JSON.stringify(rows));
}
