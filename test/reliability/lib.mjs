// Helpers of the reliability runner: a seeded RNG, the built node as a real process that can be killed and
// restarted on the same data dir, control-API calls, a raw HTTP exchange over node:net, and a loopback a2a-secure
// peer that records what it receives.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { callControl, rssMb } from '../helpers/node-process.mjs';

export { callControl, rssMb };

export const BIN = resolve('bin/switchboard.js');
// RELIABILITY_FROM_SOURCE=1 runs the TypeScript sources through jiti instead of the build (out/), to try a change
// without `npm run build` (as the benchmarks' BENCH_FROM_SOURCE does).
export const FROM_SOURCE = process.env.RELIABILITY_FROM_SOURCE === '1';
const ENTRY = FROM_SOURCE ? ['--import', 'jiti/register', resolve('src/main/headless/cli.ts')] : [BIN];

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function createRng(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
    bytes: (n) => {
      const out = Buffer.alloc(n);
      for (let i = 0; i < n; i += 1) out[i] = Math.floor(next() * 256);
      return out;
    },
  };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * `switchboard serve` on `dataDir`, resolved once it has printed everything it prints at start. The public port
 * is new on every start unless `port` is given; control.json is read after the start, so it names this run's port.
 */
const children = new Set();

/** Every node this run started and that still runs, killed (the run's own cleanup when a part throws). */
export async function killAll() {
  await Promise.all([...children].map((child) => new Promise((r) => {
    if (child.exitCode !== null || child.signalCode !== null) return r();
    child.once('exit', r);
    child.kill('SIGKILL');
  })));
}

export async function startServe(dataDir, { name = 'reliability', port = 0 } = {}) {
  const child = spawn(process.execPath, [...ENTRY, 'serve', '--data-dir', dataDir, '--host', '127.0.0.1', '--port', String(port), '--control-port', '0', '--name', name], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  children.add(child);
  const exited = new Promise((r) => child.on('exit', (code, signal) => {
    children.delete(child);
    r({ code, signal });
  }));
  const started = Date.now();
  for (;;) {
    const listening = /Listening\s+[^\s]+:(\d+)/.exec(out);
    if (listening && out.includes('Press Ctrl+C to stop.')) {
      const control = JSON.parse(readFileSync(join(dataDir, 'control.json'), 'utf8'));
      return {
        child,
        pid: child.pid,
        port: Number(listening[1]),
        control,
        dataDir,
        exited,
        stdout: () => out,
        stderr: () => err,
        alive: () => child.exitCode === null && child.signalCode === null,
        call: (method, input = {}) => callControl(control, method, input),
        async kill(signal = 'SIGKILL') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      };
    }
    if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}: ${err.slice(0, 2000)}`);
    if (Date.now() - started > (FROM_SOURCE ? 90_000 : 30_000)) {
      child.kill('SIGKILL');
      throw new Error(`serve did not start in 30 s: ${out.slice(0, 1000)} ${err.slice(0, 1000)}`);
    }
    await sleep(50);
  }
}

/** Runs `switchboard serve` expecting it to refuse to start; resolves with its exit code and output. */
export function serveExpectingExit(dataDir, timeoutMs = 30_000) {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [...ENTRY, 'serve', '--data-dir', dataDir, '--host', '127.0.0.1', '--port', '0', '--control-port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code, signal, output: out });
    });
  });
}

/**
 * One raw HTTP exchange: writes `request` (a Buffer, or chunks with pauses for slow clients) and reads until the
 * server closes or the timeout. Returns the status (null when no status line came back) and the head and body.
 */
export function rawExchange(port, request, { timeoutMs = 15_000, trickle = null, dropOnData = false, afterHead = null, lingerMs = 500 } = {}) {
  return new Promise((resolveExchange) => {
    const socket = connect(port, '127.0.0.1');
    const chunks = [];
    const started = Date.now();
    let settled = false;
    let error = null;
    let upgraded = false;
    const finish = (timedOut) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      let raw = Buffer.concat(chunks);
      // An interim 100 Continue (the request sent Expect) precedes the real answer.
      while (/^HTTP\/1\.1 100 [^\r]*\r\n\r\n/.test(raw.subarray(0, 64).toString('latin1'))) raw = raw.subarray(raw.indexOf('\r\n\r\n') + 4);
      const text = raw.toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      const split = text.indexOf('\r\n\r\n');
      resolveExchange({
        status: status ? Number(status[1]) : null,
        head: split >= 0 ? text.slice(0, split) : text,
        body: split >= 0 ? raw.subarray(split + 4).toString('utf8') : '',
        timedOut,
        error,
        elapsedMs: Date.now() - started,
      });
    };
    const timer = setTimeout(() => finish(true), timeoutMs);
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      // A stream (SSE) that answered is dropped here, mid-stream, as a client that goes away would.
      if (dropOnData && /^HTTP\/1\.[01] (?!100)\d{3}/m.test(Buffer.concat(chunks).toString('latin1'))) return finish(false);
      if (afterHead && !upgraded && Buffer.concat(chunks).includes('\r\n\r\n')) {
        upgraded = true;
        if (/^HTTP\/1\.1 101/.test(Buffer.concat(chunks).toString('latin1'))) {
          socket.write(afterHead, () => {});
          setTimeout(() => finish(false), lingerMs);
        } else finish(false);
      }
      return undefined;
    });
    socket.on('end', () => finish(false));
    socket.on('close', () => finish(false));
    socket.on('error', (e) => {
      error = e.code ?? e.message;
    });
    socket.on('connect', async () => {
      if (!trickle) {
        socket.write(request);
        return;
      }
      for (const piece of request) {
        if (settled || socket.destroyed) return;
        socket.write(piece);
        await sleep(trickle);
      }
    });
  });
}

/** A request head and body as bytes; `headers` is a list of [name, value] so headers may repeat or be odd. */
export function httpRequest(method, path, headers, body = null) {
  const bodyBuffer = body === null ? null : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const lines = [`${method} ${path} HTTP/1.1`, ...headers.map(([name, value]) => `${name}: ${value}`)];
  const lower = headers.map(([name]) => String(name).toLowerCase());
  if (!lower.includes('host')) lines.splice(1, 0, 'Host: 127.0.0.1');
  if (bodyBuffer && !lower.includes('content-length') && !lower.includes('transfer-encoding')) lines.push(`Content-Length: ${bodyBuffer.length}`);
  if (!lower.includes('connection')) lines.push('Connection: close');
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return bodyBuffer ? Buffer.concat([head, bodyBuffer]) : head;
}

/**
 * A loopback a2a-secure receiver: records each POST / by idempotency key (as a2a-secure receivers dedupe), so a
 * redelivery with the same key is counted but applied once, and one trace id under two keys is a duplicate.
 */
export async function startLoopbackPeer(port = 0) {
  const byKey = new Map();
  const keysByTrace = new Map();
  let deliveries = 0;
  let unauthorized = 0;
  let secret = null;
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      if (secret && request.headers.authorization !== `Bearer ${secret}`) {
        unauthorized += 1;
        response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
        return;
      }
      let parsed;
      try {
        parsed = JSON.parse(body);
      } catch {
        response.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_json"}');
        return;
      }
      deliveries += 1;
      const key = String(parsed.idempotency_key ?? `none:${parsed.trace_id}`);
      byKey.set(key, (byKey.get(key) ?? 0) + 1);
      const keys = keysByTrace.get(parsed.trace_id) ?? new Set();
      keys.add(key);
      keysByTrace.set(parsed.trace_id, keys);
      const out = JSON.stringify({ status: 'OK', from: 'loopback', trace_id: parsed.trace_id });
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) }).end(out);
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  const boundPort = server.address().port;
  return {
    port: boundPort,
    url: `http://127.0.0.1:${boundPort}`,
    setSecret: (value) => (secret = value),
    stats: () => ({ deliveries, unauthorized, distinctKeys: byKey.size }),
    /** Keys delivered more than once (absorbed by the receiver's dedupe) and trace ids applied under more than one key. */
    delivered: (traceId) => keysByTrace.get(traceId)?.size ?? 0,
    redeliveries: () => [...byKey.values()].reduce((sum, n) => sum + n - 1, 0),
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** The node's SQLite file, read directly while the node is not running (the ground truth after a SIGKILL). */
export async function readMessages(dataDir) {
  const { default: Database } = await import('better-sqlite3');
  const path = join(dataDir, 'switchboard.db');
  if (!existsSync(path)) return [];
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT direction, trace_id AS traceId, status, peer_name AS peerName FROM messages').all();
  } finally {
    db.close();
  }
}
