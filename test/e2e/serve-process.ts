import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach } from 'vitest';

export const BIN = resolve('bin/switchboard.js');

export interface ServeProcess {
  child: ChildProcess;
  dataDir: string;
  port: number;
  consoleUrl: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Runs the built `switchboard` command as a real process, as an operator would. */
export function useServeProcesses() {
  const children: ChildProcess[] = [];
  const dirs: string[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-e2e-'));
    dirs.push(dir);
    return dir;
  };

  const run = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
    return { child, stdout: () => out, stderr: () => err, exited };
  };

  /**
   * Starts `switchboard serve` and waits until it has printed everything it prints at start (the last line says how
   * to stop). The first-run setup is marked done, so the console opens on the Dashboard, unless `firstRun` asks
   * for a node as an operator first meets it.
   */
  const serve = async (args: string[] = [], dir = dataDir(), env: NodeJS.ProcessEnv = {}, { firstRun = false }: { firstRun?: boolean } = {}): Promise<ServeProcess> => {
    const controlPort = args.includes('--control-port') ? [] : ['--control-port', '0'];
    const proc = run(['serve', '--data-dir', dir, '--host', '127.0.0.1', '--port', '0', ...controlPort, ...args], env);
    const started = Date.now();
    for (;;) {
      const listening = /Listening\s+[^\s]+:(\d+)/.exec(proc.stdout());
      // Not a terminal: serve prints the console's address without its lasting token; the token is in the data
      // dir's control.json (0600), as `switchboard console` reads it.
      const consoleBase = /Console\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(proc.stdout());
      const control = consoleBase ? readControl(dir) : null;
      const consoleUrl = consoleBase && control ? [null, `${consoleBase[1]}/#token=${control.token}`] : null;
      // The start is written in several pieces (the table, keys shown once, warnings): wait for the last one.
      const done = proc.stdout().includes('Press Ctrl+C to stop.');
      if (listening?.[1] && consoleUrl?.[1] && done) {
        // A core from before the setup does not know setupDone: nothing to mark then.
        if (!firstRun) await controlCall(consoleUrl[1], 'settings.update', { setupDone: true }).catch(() => {});
        return { ...proc, dataDir: dir, port: Number(listening[1]), consoleUrl: consoleUrl[1] };
      }
      if (proc.child.exitCode !== null) throw new Error(`serve exited ${proc.child.exitCode}: ${proc.stderr()}`);
      if (Date.now() - started > 15_000) throw new Error(`serve did not start: ${proc.stdout()} ${proc.stderr()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  /** Runs a one-shot command to completion. */
  const command = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const proc = run(args, env);
    const code = await proc.exited;
    return { code, stdout: proc.stdout(), stderr: proc.stderr() };
  };

  return { dataDir, serve, command, run };
}

/** Calls a running node's control API the way the console does (origin and token from its console URL). */
export async function controlCall(consoleUrl: string, method: string, input: unknown): Promise<unknown> {
  const [origin, fragment] = consoleUrl.split('/#');
  const token = /token=([^&]+)/.exec(fragment ?? '')?.[1];
  const response = await fetch(`${origin}/api/call/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { ok?: boolean; result?: unknown; message?: string };
  if (!response.ok) throw new Error(`${method}: ${response.status} ${body.message ?? ''}`);
  return body.result;
}

function readControl(dir: string): { token: string } | null {
  try {
    return JSON.parse(readFileSync(join(dir, 'control.json'), 'utf8')) as { token: string };
  } catch {
    return null;
  }
}
