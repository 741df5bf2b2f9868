import type { Command } from 'commander';
import { formatDuration } from '../../../shared/format-duration';
import { createLogger } from '../../core/logger';
import { createNode } from '../../core/node';
import { clientFor, dataDirOf, portNumber, printJson, table, type CliIo } from '../cli-context';

export function registerServeAndStatus(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('run the node headless and serve the web console on 127.0.0.1')
    .option('--host <host>', 'address for the public listener', '0.0.0.0')
    .option('--port <port>', 'port for the public listener', portNumber, 8080)
    .option('--name <name>', 'the node name peers see (remembered in the data dir)')
    .option('--public-url <url>', 'the URL peers use to reach this node (remembered in the data dir)')
    .option('--control-port <port>', 'loopback port for the control API and console (default: any free port)', portNumber, 0)
    .action(async (options: { host: string; port: number; name?: string; publicUrl?: string; controlPort: number }, command: Command) => {
      const node = await createNode(
        {
          dataDir: dataDirOf(command, io.env),
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
        ])}\n`,
      );
      if (node.firstRunA2aKey) {
        // Shown this once (secure by default, seed 001); the node keeps only its hash and never logs it.
        io.stdout(
          `\nA2A API key "default" (shown only now; store it where your callers can use it):\n  ${node.firstRunA2aKey}\n` +
            `Callers send it as "Authorization: Bearer <key>" or "X-A2A-Key: <key>". Manage keys with \`switchboard keys\`.\n`,
        );
      }
      if (node.settings.a2a().allowUnauthenticated) io.stdout('\nWarning: A2A accepts calls without a key (allow unauthenticated is on).\n');
      io.stdout('Press Ctrl+C to stop.\n');
      io.onServing?.(node);
    });

  program
    .command('status')
    .description("show the running node's name, version, listening URL, uptime and counts")
    .option('--json', 'print machine-readable JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const status = await clientFor(command, io).call('node.status', {});
      if (options.json) return printJson(io, status);
      io.stdout(
        `${table([
          ['Name', status.name],
          ['Version', status.version],
          ['Listening', status.listeningUrl],
          ['Public URL', status.publicUrl ?? 'not set'],
          ['Uptime', formatDuration(status.uptimeSeconds)],
          ['Messages', `${status.counts.messagesIn} in, ${status.counts.messagesOut} out${status.counts.unseenWakes ? `, ${status.counts.unseenWakes} unseen wakes` : ''}`],
          ['Data dir', status.dataDir],
        ])}\n`,
      );
    });
}
