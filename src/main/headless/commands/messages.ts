import { Option, type Command } from 'commander';
import { CliFailure, clientFor, columns, positiveInt, printJson, type CliIo } from '../cli-context';
import { registerAttachments } from './messages-attachments';
import { registerExport } from './messages-export';

export function registerMessages(program: Command, io: CliIo): void {
  const messages = program.command('messages').description('the timeline of every message in and out');
  registerExport(messages, io);
  registerAttachments(messages, io);
  messages
    .command('list')
    .description('list messages, newest first')
    .option('--peer <name>', 'only this peer')
    .option('--trace <id>', 'only this trace id')
    .addOption(new Option('--direction <direction>', 'only in or out').choices(['in', 'out']))
    .option('--limit <n>', 'at most this many', positiveInt, 50)
    .option('--json', 'print machine-readable JSON (full text of each message)')
    .action(async (options: { peer?: string; trace?: string; direction?: 'in' | 'out'; limit: number; json?: boolean }, command: Command) => {
      const client = clientFor(command, io);
      if (options.limit > 1000) throw new CliFailure('--limit is at most 1000.');
      const peerId = options.peer ? (await client.call('peers.get', { peer: options.peer })).id : undefined;
      const page = await client.call('messages.list', {
        limit: options.limit,
        ...(peerId ? { peerId } : {}),
        ...(options.trace ? { traceId: options.trace } : {}),
        ...(options.direction ? { direction: options.direction } : {}),
      });
      if (options.json) {
        // Machine readers get whole messages, not previews.
        const full = await Promise.all(
          page.messages.map(async (m) => (m.contentLength > m.content.length ? { ...m, content: (await client.call('messages.get', { id: m.id })).content } : m)),
        );
        return printJson(io, full);
      }
      if (page.messages.length === 0) return io.stdout('No messages match.\n');
      io.stdout(
        `${columns(
          ['TIME', 'DIR', 'PEER', 'STATUS', 'TRACE', 'TEXT'],
          page.messages.map((m) => [m.createdAt.replace('T', ' ').slice(0, 19), m.direction, m.peerName, m.status, m.traceId, `${m.encrypted ? '🔒 ' : ''}${m.content}`]),
        )}\n${page.total > page.messages.length ? `(${page.messages.length} of ${page.total}${page.totalIsLowerBound ? '+' : ''}; use --limit or filters)\n` : ''}`,
      );
    });
}
