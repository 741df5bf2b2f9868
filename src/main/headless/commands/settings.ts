import type { Command } from 'commander';
import type { MethodInput } from '../../../shared/contract';
import type { NodeSettings } from '../../../shared/domain/node';
import { CliFailure, clientFor, printJson, table, type CliIo } from '../cli-context';
import { cliProtocols } from '../protocols';

function describeHook(settings: NodeSettings): string {
  const hook = settings.wakeHook;
  if (!hook) return 'none';
  return hook.kind === 'command' ? `command ${JSON.stringify(hook.argv)} (timeout ${hook.timeoutMs} ms)` : `webhook ${hook.url} (timeout ${hook.timeoutMs} ms)`;
}

export function registerSettings(program: Command, io: CliIo): void {
  const settings = program.command('settings').description("the node's own settings");

  settings
    .command('show')
    .description('show the settings')
    .option('--json', 'print machine-readable JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const current = await clientFor(command, io).call('settings.get', {});
      if (options.json) return printJson(io, current);
      io.stdout(
        `${table([
          ['Name', current.name],
          ['Public URL', current.publicUrl ?? 'not set'],
          ...cliProtocols.flatMap((protocol) => protocol.settingsRows?.(current) ?? []),
          ['Wake hook', describeHook(current)],
        ])}\n`,
      );
    });

  const set = settings
    .command('set')
    .description('change settings')
    .option('--name <name>', 'the node name peers see')
    .option('--public-url <url>', 'the URL peers use to reach this node')
    .option('--clear-public-url', 'forget the public URL')
    .option('--wake-command <json>', 'run this program on a wake, as a JSON array: \'["openclaw","gateway","call","wake","--params","{json}"]\'')
    .option('--wake-webhook <url>', 'POST a JSON wake notice to this URL')
    .option('--no-wake-hook', 'run nothing on a wake (the desktop still notifies)')
    .option('--wake-timeout <ms>', 'how long a wake hook may run', (value) => Number(value), 15_000);
  for (const protocol of cliProtocols) for (const option of protocol.settingsOptions ?? []) set.addOption(option);
  set.action(async (options: Record<string, unknown>, command: Command) => {
      const patch: MethodInput<'settings.update'> = {};
      if (typeof options.name === 'string') patch.name = options.name;
      if (typeof options.publicUrl === 'string') patch.publicUrl = options.publicUrl;
      if (options.clearPublicUrl) patch.publicUrl = null;
      for (const protocol of cliProtocols) Object.assign(patch, protocol.settingsPatch?.(options));
      const timeoutMs = options.wakeTimeout as number;
      if (typeof options.wakeCommand === 'string') {
        let argv: unknown;
        try {
          argv = JSON.parse(options.wakeCommand);
        } catch {
          throw new CliFailure('--wake-command takes a JSON array of strings, e.g. \'["notify-send","{text}"]\'.');
        }
        patch.wakeHook = { kind: 'command', argv: argv as string[], timeoutMs };
      }
      if (typeof options.wakeWebhook === 'string') patch.wakeHook = { kind: 'webhook', url: options.wakeWebhook, timeoutMs };
      if (options.wakeHook === false) patch.wakeHook = null;
      if (Object.keys(patch).length === 0) throw new CliFailure('Nothing to change: give at least one option (see `switchboard settings set --help`).');
      const next = await clientFor(command, io).call('settings.update', patch);
      io.stdout(`Settings saved. Wake hook: ${describeHook(next)}.\n`);
    });
}
