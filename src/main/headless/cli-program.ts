import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ControlError } from '../../shared/control-error';
import { formatDuration } from '../../shared/format-duration';
import { createNode, type SwitchboardNode } from '../core/node';
import { defaultDataDir } from '../core/data-dir/data-dir';
import { createLogger } from '../core/logger';
import { connectControl, NoNodeRunningError } from './control-client';
import { table } from './format';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** The built web console, when this CLI ships with one. */
  consoleDir?: string | undefined;
  /** Called by `serve` once the node runs; the entry point wires signals here. */
  onServing?: (node: SwitchboardNode) => void;
}

/** A failure the operator caused or can fix: printed as a sentence, never with a stack. */
export class CliFailure extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

function portNumber(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError('must be a port number from 0 to 65535');
  return Number(value);
}

function dataDirOf(command: Command, env: NodeJS.ProcessEnv): string {
  const dir = command.optsWithGlobals<{ dataDir?: string }>().dataDir;
  return dir ?? defaultDataDir(env);
}

export function buildProgram(io: CliIo): Command {
  const program = new Command('switchboard')
    .description("Switchboard: the operator's console for agent-to-agent messaging.")
    .option('--data-dir <dir>', 'the node data dir (default: the platform app-data folder, or $SWITCHBOARD_DATA_DIR)')
    .showHelpAfterError()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();

  program
    .command('serve')
    .description('run the node headless and serve the web console on 127.0.0.1')
    .option('--host <host>', 'address for the public listener', '0.0.0.0')
    .option('--port <port>', 'port for the public listener', portNumber, 8080)
    .option('--name <name>', 'the node name peers see (remembered in the data dir)')
    .option('--public-url <url>', 'the URL peers use to reach this node (remembered in the data dir)')
    .option('--control-port <port>', 'loopback port for the control API and console (default: any free port)', portNumber, 0)
    .action(async (options: { host: string; port: number; name?: string; publicUrl?: string; controlPort: number }, command: Command) => {
      const dataDir = dataDirOf(command, io.env);
      const node = await createNode(
        {
          dataDir,
          host: options.host,
          port: options.port,
          controlPort: options.controlPort,
          ...(options.name !== undefined ? { name: options.name } : {}),
          ...(options.publicUrl !== undefined ? { publicUrl: options.publicUrl } : {}),
          ...(io.consoleDir ? { consoleDir: io.consoleDir } : {}),
        },
        { logger: createLogger() },
      );
      const status = node.status();
      io.stdout(
        `${table([
          ['Switchboard', `${status.name} (v${status.version})`],
          ['Listening', `${status.bindHost}:${status.port}  (${status.listeningUrl})`],
          ['Public URL', status.publicUrl ?? 'not set; peers need one (--public-url https://…)'],
          ['Console', io.consoleDir ? node.consoleUrl : `not built (run \`npm run build\`); control API at ${node.control.url}`],
          ['Data dir', status.dataDir],
        ])}\nPress Ctrl+C to stop.\n`,
      );
      io.onServing?.(node);
    });

  program
    .command('status')
    .description("show the running node's name, version, listening URL, uptime and counts")
    .option('--json', 'print machine-readable JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const client = connectControl(dataDirOf(command, io.env));
      const status = await client.call('node.status', {});
      if (options.json) return io.stdout(`${JSON.stringify(status, null, 2)}\n`);
      io.stdout(
        `${table([
          ['Name', status.name],
          ['Version', status.version],
          ['Listening', status.listeningUrl],
          ['Public URL', status.publicUrl ?? 'not set'],
          ['Uptime', formatDuration(status.uptimeSeconds)],
          ['Messages', `${status.counts.messagesIn} in, ${status.counts.messagesOut} out`],
          ['Data dir', status.dataDir],
        ])}\n`,
      );
    });

  return program;
}

/** Runs the CLI; resolves to the process exit code (`serve` resolves once the node is up). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliFailure) {
      io.stderr(`${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof NoNodeRunningError || error instanceof ControlError || error instanceof Error) {
      io.stderr(`switchboard: ${error.message}\n`);
      return 1;
    }
    io.stderr(`switchboard: ${String(error)}\n`);
    return 1;
  }
}

export function builtConsoleDir(fromDir: string): string | undefined {
  const dir = join(fromDir, '..', 'renderer');
  return existsSync(join(dir, 'index.html')) ? dir : undefined;
}
