import type { Command } from 'commander';
import { formatDuration } from '../../../shared/format-duration';
import { crashPointFrom } from '../crash-point';
import { clientFor, dataDirOf, portNumber, positiveInt, printJson, table, type CliIo } from '../cli-context';

export function registerServeAndStatus(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('run the node headless and serve the web console on 127.0.0.1')
    .option('--host <host>', 'address for the public listener', '0.0.0.0')
    .option('--port <port>', 'port for the public listener (default: the one in Settings, else 8080)', portNumber)
    .option('--name <name>', 'the node name peers see (remembered in the data dir)')
    .option('--public-url <url>', 'the URL peers use to reach this node (remembered in the data dir)')
    .option('--control-port <port>', 'loopback port for the control API and console; 0 for any free one (default: the last one used, else 7180)', portNumber)
    .option('--inspector-timeout <ms>', 'how long one card inspector fetch may take (100–60000, default 5000)', positiveInt)
    .action(async (options: { host: string; port?: number; name?: string; publicUrl?: string; controlPort?: number; inspectorTimeout?: number }, command: Command) => {
      // Loaded here, not at the top: every other command is a thin control-API client, and importing the whole
      // core (Fastify, the A2A SDK, SQLite, …) made `switchboard status` take 0.6–1 s (issue 15).
      const [{ createNode }, { createLogger }] = await Promise.all([import('../../core/node'), import('../../core/logger')]);
      const node = await createNode(
        {
          dataDir: dataDirOf(command, io.env),
          host: options.host,
          ...(options.port !== undefined ? { port: options.port } : {}),
          ...(options.controlPort !== undefined ? { controlPort: options.controlPort } : {}),
          ...(options.name !== undefined ? { name: options.name } : {}),
          ...(options.publicUrl !== undefined ? { publicUrl: options.publicUrl } : {}),
          ...(io.consoleDir ? { consoleDir: io.consoleDir } : {}),
          ...(options.inspectorTimeout !== undefined ? { inspector: { timeoutMs: options.inspectorTimeout } } : {}),
        },
        { logger: createLogger(), faultPoint: crashPointFrom(io.env, io.stderr) },
      );
      const status = node.status();
      io.stdout(
        `${table([
          ['Switchboard', `${status.name} (v${status.version})`],
          ['Listening', `${status.bindHost}:${status.port}  (${status.listeningUrl})`],
          ['Public URL', status.publicUrl ?? 'not set; peers need one (--public-url https://…)'],
          // The token lasts until rotated: a terminal may see it, a journal or a log collector must not.
          ['Console', io.consoleDir ? (io.interactive ? node.consoleUrl : `${node.control.url}/  (\`switchboard console\` prints it with its access token)`) : `not built (run \`npm run build\`); control API at ${node.control.url}`],
          ['Data dir', status.dataDir],
        ])}\n`,
      );
      // Shown this once (secure by default, seed 001); the node keeps only a hash and never logs it.
      for (const secret of node.shownOnce) io.stdout(`\n${secret.name} (shown only now; ${secret.keep}):\n  ${secret.value}\n${secret.use} ${secret.manage.cli}\n`);
      for (const warning of node.warnings()) io.stdout(`\nWarning: ${warning}\n`);
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
          ['Delivery', `${status.delivery.queued} queued, ${status.delivery.dead} dead letter${status.delivery.dead === 1 ? '' : 's'}`],
          ['Receiving', status.receiving.paused ? `paused since ${status.receiving.since}` : 'yes'],
          ['Data dir', status.dataDir],
        ])}\n`,
      );
    });

  const receiving = program.command('receiving').description('pause or resume taking messages (while paused, senders are told to try again later)');
  for (const [name, paused] of [['pause', true], ['resume', false]] as const) {
    receiving
      .command(name)
      .description(paused ? 'refuse new messages with 503 and Retry-After until resumed' : 'take messages again')
      .action(async (_options: unknown, command: Command) => {
        const state = await clientFor(command, io).call('receiving.set', { paused });
        io.stdout(state.paused ? `Receiving is paused (since ${state.since}). Peers are told to try again in a minute; \`switchboard receiving resume\` takes messages again.\n` : 'Receiving again.\n');
      });
  }
}
