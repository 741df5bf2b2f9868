/**
 * Entry point of `switchboard` (the package bin) and of the headless face. Runs under plain Node; nothing here
 * or below imports electron.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SwitchboardNode } from '../core/node';
import { askSecretOnTerminal } from './ask-secret';
import { builtConsoleDir, runCli } from './cli-program';

function serveUntilSignalled(node: SwitchboardNode): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`Second ${signal}: exiting without waiting.\n`);
      process.exit(130);
    }
    stopping = true;
    process.stderr.write(`${signal}: stopping (finishing in-flight requests)…\n`);
    node.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // A bug must not take the node (and every peer's deliveries) down; it is logged and the node keeps serving.
  process.on('uncaughtException', (error) => process.stderr.write(`Unexpected error (node keeps running): ${error.stack ?? error.message}\n`));
  process.on('unhandledRejection', (reason) => process.stderr.write(`Unexpected rejection (node keeps running): ${String(reason)}\n`));
}

const here = dirname(fileURLToPath(import.meta.url));
let serving = false;
const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  interactive: process.stdout.isTTY === true,
  drain: () => (process.stdout.writableNeedDrain ? new Promise((resolve) => process.stdout.once('drain', () => resolve())) : Promise.resolve()),
  stderr: (text) => process.stderr.write(text),
  ...(process.stdin.isTTY ? { askSecret: (prompt: string) => askSecretOnTerminal(prompt) } : {}),
  env: process.env,
  consoleDir: builtConsoleDir(here),
  onServing: (node) => {
    serving = true;
    serveUntilSignalled(node);
  },
});
// One-shot commands end here (idle keep-alive sockets must not hold the process); `serve` runs until a signal.
// What was written to a pipe is flushed first (an exit would cut `approvals list --json | jq` short).
if (!serving) process.stdout.write('', () => process.exit(code));
