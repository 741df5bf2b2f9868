import { InvalidArgumentError, type Command } from 'commander';
import type { SwitchboardNode } from '../core/node';
import { defaultDataDir } from '../core/data-dir/data-dir';
import { connectControl, type ControlClient } from './control-client';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** The built web console, when this CLI ships with one. */
  consoleDir?: string | undefined;
  /** Called by `serve` once the node runs; the entry point wires signals here. */
  onServing?: (node: SwitchboardNode) => void;
  /** Reads a file named on the command line (AES key files); injected for tests. */
  readFile?: (path: string) => string;
  /** Standard output is a terminal (secrets that last, like the console token, are shown only there). */
  interactive?: boolean;
  /** Resolves once standard output has taken what was written (a slow pipe is waited for). */
  drain?: () => Promise<void>;
  /** Opens a URL in the browser (`console --open`); injected for tests. */
  openUrl?: (url: string) => Promise<void>;
  /** Asks for a secret on the terminal without echoing it (backup passphrases); absent when stdin is not a terminal. */
  askSecret?: (prompt: string) => Promise<string>;
}

/** A failure the operator caused or can fix: printed as a sentence, never with a stack. */
export class CliFailure extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

export function dataDirOf(command: Command, env: NodeJS.ProcessEnv): string {
  const dir = command.optsWithGlobals<{ dataDir?: string }>().dataDir;
  return dir ?? defaultDataDir(env);
}

export function clientFor(command: Command, io: CliIo): ControlClient {
  return connectControl(dataDirOf(command, io.env));
}

export function portNumber(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError('must be a port number from 0 to 65535');
  return Number(value);
}

export function positiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return Number(value);
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** Aligned label/value rows for the CLI's human output. */
export function table(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}

/** Columns for list output; long cells are cut with an ellipsis. */
export function columns(header: readonly string[], rows: readonly (readonly string[])[], maxWidth = 60): string {
  const cut = (text: string) => (text.length > maxWidth ? `${text.slice(0, maxWidth - 1)}…` : text);
  const all = [header, ...rows].map((row) => row.map((cell) => cut(cell.replace(/\s+/g, ' '))));
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i]?.length ?? 0)));
  return all.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}
