import { type Command } from 'commander';
import type { MessageDetail, MessageSummary } from '../../../shared/domain/message';
import type { MethodInput } from '../../../shared/contract';
import { MAX_OUTGOING_FILES } from '../../../shared/domain/attachment';
import type { ControlClient } from '../control-client';
import { CliFailure, clientFor, columns, positiveInt, printJson, type CliIo } from '../cli-context';
import { inputModeWarnings } from '../input-mode-check';
import { parseDataOption, readOutgoingFiles } from '../outgoing-files';

function age(iso: string): string {
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}

async function listDeadLetters(client: ControlClient, io: CliIo, options: { json?: boolean; peer?: string }) {
  const peerId = options.peer ? (await client.call('peers.get', { peer: options.peer })).id : undefined;
  const { deadLetters } = await client.call('deadLetters.list', peerId ? { peerId } : {});
  if (options.json) return printJson(io, deadLetters);
  if (deadLetters.length === 0) return io.stdout('No dead letters.\n');
  io.stdout(
    `${columns(
      ['ID', 'PEER', 'TRACE', 'ATTEMPTS', 'AGE', 'REASON', 'TEXT'],
      deadLetters.map((m) => [String(m.id), m.peerName, m.traceId, String(m.delivery?.attempts ?? 0), age(m.createdAt), m.delivery?.deadReason ?? '', m.content]),
      48,
    )}\n`,
  );
}

async function replay(client: ControlClient, io: CliIo, target: { ids: number[] } | { all: true; peerId?: string }) {
  const result = await client.call('deadLetters.replay', target);
  io.stdout(`Replayed ${result.replayed.length} message${result.replayed.length === 1 ? '' : 's'} (same trace ids and idempotency keys).\n`);
  for (const skip of result.skipped) io.stdout(`  skipped ${skip.id}: ${skip.reason}\n`);
  if (result.replayed.length === 0 && result.skipped.length > 0) throw new CliFailure('Nothing was replayed.');
}

/** Polls until the message is delivered or dead; the exit code says which. */
async function waitForOutcome(client: ControlClient, io: CliIo, sent: MessageSummary, timeoutSeconds: number): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let last: MessageDetail | null = null;
  while (Date.now() < deadline) {
    last = await client.call('messages.get', { id: sent.id });
    if (last.status === 'delivered') return io.stdout(`Delivered to ${last.peerName} after ${last.delivery?.attempts ?? 1} attempt${last.delivery?.attempts === 1 ? '' : 's'}.\n`);
    if (last.status === 'dead') throw new CliFailure(`Not delivered: ${last.delivery?.deadReason ?? 'dead letter'} (dead letter ${last.id}; replay with \`switchboard dead-letters replay ${last.id}\`).`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const next = last?.delivery?.nextAttemptAt ? `, next attempt at ${last.delivery.nextAttemptAt}` : '';
  throw new CliFailure(`Still ${last?.status ?? 'queued'} after ${timeoutSeconds} s${next}; it stays in the outbox.`, 2);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\n$/, '');
}

export function registerSend(program: Command, io: CliIo): void {
  program
    .command('send')
    .description('send a message through the outbox (prints its trace id); the seed send.py flags work too')
    .argument('[message]', 'the text to send (- reads it from standard input); optional with --file or --data')
    .option('--to <peer>', 'the peer to send to')
    .option('--encrypt', "encrypt with the peer's AES key")
    .option('--no-wake', 'do not ask the peer to wake its agent')
    .option('--idempotency-key <key>', 'the idempotency key (default: a fresh UUID, reused on every retry and replay)')
    .option('--trace-id <id>', 'the trace id (default: generated)')
    .option('--in-reply-to <message id>', "answer a message: this one travels with that message's trace id", positiveInt)
    .option('--file <path>', `A2A: send this file with it (repeat for up to ${MAX_OUTGOING_FILES}; all are read before anything is sent; the type comes from the extension, with a warning when the peer's card does not list it)`, (path: string, paths: string[] | undefined) => [...(paths ?? []), path])
    .option('--data <json>', "A2A: send this JSON as a data part ('{\"invoice\":42}', or @file.json to read it from a file)")
    .option('--context <id>', 'A2A: send in this conversation (contextId) instead of the current one')
    .option('--new-context', 'A2A: start a new conversation with the peer')
    .option('--wait', 'wait until it is delivered (exit 0) or dead (exit 1)')
    .option('--timeout <seconds>', 'how long --wait waits (exit 2 when still pending)', positiveInt, 120)
    .option('--list-dead-letters', 'list dead letters (as send.py -l)')
    .option('--retry-dead-letters', 'replay every dead letter (as send.py -r)')
    .action(
      async (
        message: string | undefined,
        options: { to?: string; encrypt?: boolean; wake: boolean; idempotencyKey?: string; traceId?: string; inReplyTo?: number; context?: string; newContext?: boolean; file?: string[]; data?: string; wait?: boolean; timeout: number; listDeadLetters?: boolean; retryDeadLetters?: boolean },
        command: Command,
      ) => {
        const client = clientFor(command, io);
        if (options.listDeadLetters) return listDeadLetters(client, io, {});
        if (options.retryDeadLetters) return replay(client, io, { all: true });
        if (!options.to) throw new CliFailure('Say who to send to: switchboard send --to PEER "message".');
        const hasData = options.data !== undefined;
        const paths = options.file ?? [];
        if (message === undefined && paths.length === 0 && !hasData) throw new CliFailure('Give the message text (or - to read it from standard input), or --file / --data.');
        if (options.context && options.newContext) throw new CliFailure('Give --context ID or --new-context, not both.');
        // Everything named on the command line is read and parsed before anything is sent.
        const data = hasData ? (parseDataOption(options.data!) as MethodInput<'messages.send'>['data']) : undefined;
        const files = readOutgoingFiles(paths);
        const text = message === '-' ? await readStdin() : (message ?? '');
        const warnings = await inputModeWarnings(client, options.to, [
          ...files.map((file) => ({ label: file.name, mediaType: file.mediaType })),
          ...(hasData ? [{ label: 'the --data JSON', mediaType: 'application/json' }] : []),
        ]);
        for (const warning of warnings) io.stderr(`${warning}\n`);
        const sent = await client.call('messages.send', {
          peer: options.to,
          text,
          ...(files.length ? { attachments: files.map(({ name, mediaType, base64 }) => ({ name, mediaType, base64 })) } : {}),
          ...(hasData ? { data } : {}),
          encrypt: Boolean(options.encrypt),
          wake: options.wake,
          ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
          ...(options.traceId ? { traceId: options.traceId } : {}),
          ...(options.inReplyTo !== undefined ? { inReplyTo: options.inReplyTo } : {}),
          ...(options.context ? { context: options.context } : {}),
          ...(options.newContext ? { newContext: true } : {}),
        });
        io.stdout(`${sent.traceId}\n`);
        if (options.wait) await waitForOutcome(client, io, sent, options.timeout);
      },
    );

  const dead = program.command('dead-letters').description('messages that could not be delivered');
  dead
    .command('list')
    .description('list dead letters, newest first')
    .option('--peer <name>', 'only this peer')
    .option('--json', 'print machine-readable JSON')
    .action((options: { json?: boolean; peer?: string }, command: Command) => listDeadLetters(clientFor(command, io), io, options));
  dead
    .command('replay')
    .description('send dead letters again (same trace ids and idempotency keys)')
    .argument('[ids...]', 'dead letter ids')
    .option('--all', 'every dead letter')
    .option('--peer <name>', 'with --all: only this peer')
    .action(async (ids: string[], options: { all?: boolean; peer?: string }, command: Command) => {
      const client = clientFor(command, io);
      if (options.all) {
        const peerId = options.peer ? (await client.call('peers.get', { peer: options.peer })).id : undefined;
        return replay(client, io, peerId ? { all: true, peerId } : { all: true });
      }
      if (ids.length === 0) throw new CliFailure('Give dead letter ids, or --all.');
      return replay(client, io, { ids: ids.map(parseId) });
    });
  dead
    .command('discard')
    .description('drop dead letters from the list (they stay in the timeline)')
    .argument('<ids...>', 'dead letter ids')
    .action(async (ids: string[], _options: unknown, command: Command) => {
      const { discarded } = await clientFor(command, io).call('deadLetters.discard', { ids: ids.map(parseId) });
      io.stdout(`Discarded ${discarded} dead letter${discarded === 1 ? '' : 's'}.\n`);
    });
}

function parseId(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new CliFailure(`"${value}" is not a dead letter id (a positive number; see \`switchboard dead-letters list\`).`);
  return Number(value);
}
