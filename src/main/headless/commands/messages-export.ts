import { Option, type Command } from 'commander';
import { csvHeader, csvLine } from '../../../shared/csv';
import { CliFailure, clientFor, type CliIo } from '../cli-context';

/** A date or time from the command line as the ISO instant the node compares with. */
function instant(value: string, flag: string): string {
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms)) throw new CliFailure(`${flag} must be a date (2026-11-30) or a time (2026-11-30T14:00:00Z).`);
  return new Date(ms).toISOString();
}

export function registerExport(messages: Command, io: CliIo): void {
  messages
    .command('export')
    .description('write every message (whole texts, oldest first) as JSON lines or CSV, however many there are')
    .option('--peer <name>', 'only this peer')
    .option('--trace <id>', 'only this trace id')
    .option('--since <date>', 'only messages at or after this date or time')
    .option('--until <date>', 'only messages before this date or time')
    .addOption(new Option('--format <format>', 'jsonl or csv').choices(['jsonl', 'csv']).default('jsonl'))
    .action(async (options: { peer?: string; trace?: string; since?: string; until?: string; format: 'jsonl' | 'csv' }, command: Command) => {
      const client = clientFor(command, io);
      const peerId = options.peer ? (await client.call('peers.get', { peer: options.peer })).id : undefined;
      const filter = {
        ...(peerId ? { peerId } : {}),
        ...(options.trace ? { traceId: options.trace } : {}),
        ...(options.since ? { since: instant(options.since, '--since') } : {}),
        ...(options.until ? { until: instant(options.until, '--until') } : {}),
      };
      if (options.format === 'csv') io.stdout(csvHeader());
      let afterId = 0;
      for (;;) {
        const page = await client.call('messages.export', { ...filter, afterId, limit: 1000 });
        io.stdout(page.rows.map((row) => (options.format === 'csv' ? csvLine(row) : `${JSON.stringify(row)}\n`)).join(''));
        // A slow reader (a pipe into gzip) is waited for, rather than buffering the whole timeline in memory.
        await io.drain?.();
        if (page.nextAfterId === null) break;
        afterId = page.nextAfterId;
      }
    });
}
