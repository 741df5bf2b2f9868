import { Command, CommanderError } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CliFailure, type CliIo } from './cli-context';
import { registerApprovals } from './commands/approvals';
import { registerBackup } from './commands/backup';
import { registerCard } from './commands/card';
import { registerConsole } from './commands/console';
import { registerMessages } from './commands/messages';
import { registerPeers } from './commands/peers';
import { registerSend } from './commands/send';
import { registerServeAndStatus } from './commands/serve-status';
import { registerSettings } from './commands/settings';
import { cliProtocols } from './protocols';

export { CliFailure, type CliIo } from './cli-context';

export function buildProgram(io: CliIo): Command {
  const program = new Command('switchboard')
    .description("Switchboard: the operator's console for agent-to-agent messaging.")
    .option('--data-dir <dir>', 'the node data dir (default: the platform app-data folder, or $SWITCHBOARD_DATA_DIR)')
    .showHelpAfterError()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  // Commands registered below inherit the output and exit settings above (commander copies them on creation).
  registerServeAndStatus(program, io);
  registerConsole(program, io);
  registerPeers(program, io);
  registerMessages(program, io);
  registerSend(program, io);
  registerSettings(program, io);
  registerApprovals(program, io);
  registerCard(program, io);
  registerBackup(program, io);
  for (const protocol of cliProtocols) protocol.register?.(program, io);
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
      io.stderr(`switchboard: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`switchboard: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

export function builtConsoleDir(fromDir: string): string | undefined {
  const dir = join(fromDir, '..', 'renderer');
  return existsSync(join(dir, 'index.html')) ? dir : undefined;
}
