import type { Command } from 'commander';
import { formatBytes, type AttachmentInfo } from '../../../shared/domain/attachment';
import type { ControlClient } from '../control-client';
import { CliFailure, clientFor, columns, positiveInt, printJson, type CliIo } from '../cli-context';
import { saveIntoDir } from '../save-into-dir';

/** The `--json` shape (stable for scripts; `savedTo` only with --save). */
function asJson(file: AttachmentInfo, savedTo?: string | null) {
  const { id, name, mediaType, size, sha256, url, stored } = file;
  return { id, name, mediaType, size, sha256, url, stored, ...(savedTo !== undefined ? { savedTo } : {}) };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A sender's URL as shown on a terminal: its control characters (escape sequences) cannot act there. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- the point is to neutralise control characters
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/** Writes one stored file into `dir` after checking its bytes against the hash the node recorded on arrival. */
async function save(client: ControlClient, file: AttachmentInfo, dir: string): Promise<string> {
  const { base64 } = await client.call('attachments.content', { id: file.id });
  const bytes = Buffer.from(base64, 'base64');
  // node:crypto loads here, on a save, not at the start of every command.
  const { createHash } = await import('node:crypto');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (file.sha256 && sha256 !== file.sha256) throw new CliFailure(`the bytes read do not match its sha256 (${file.sha256}); nothing was written.`);
  return saveIntoDir(dir, file.name, `attachment-${file.id}`, bytes);
}

export function registerAttachments(messages: Command, io: CliIo): void {
  messages
    .command('attachments')
    .description("list a message's files (name, type, size, sha256), fetch the ones it only names by URL, or save them")
    .argument('<message id>', 'the message (an id from `messages list --json`)', positiveInt)
    .option('--json', 'print a JSON array of { id, name, mediaType, size, sha256, url, stored } (with --save, also savedTo)')
    .option('--save <dir>', 'write every stored file into this folder (made if missing), under its own name made safe; an existing name gets " (2)", never overwritten; files are 0600')
    .option('--fetch', 'first have the node fetch files the sender only named by URL (through its guarded fetcher: no private or metadata addresses, size and time limits); without it they are listed but not saved')
    .addHelpText('after', '\nExit status: 0 when every file was listed (and, with --fetch or --save, fetched or saved); 1 when any was not, after doing the others.\n')
    .action(async (messageId: number, options: { json?: boolean; save?: string; fetch?: boolean }, command: Command) => {
      const client = clientFor(command, io);
      // With --json, stdout holds only the JSON; what was done is told on stderr.
      const tell = options.json ? io.stderr : io.stdout;
      let files = (await client.call('messages.attachments', { id: messageId })).attachments;
      const failed: string[] = [];
      if (options.fetch) {
        files = await Promise.all(
          files.map(async (file) => {
            if (file.stored) return file;
            try {
              const fetched = await client.call('attachments.fetch', { id: file.id });
              tell(`Fetched ${fetched.name} (${fetched.size === null ? 'size unknown' : formatBytes(fetched.size)}) from ${printable(file.url ?? 'its URL')}.\n`);
              return fetched;
            } catch (error) {
              failed.push(file.name);
              tell(`Not fetched: ${printable(errorText(error))}\n`);
              return file;
            }
          }),
        );
      }
      const savedTo = new Map<number, string | null>();
      if (options.save !== undefined) {
        for (const file of files) {
          if (!file.stored) {
            savedTo.set(file.id, null);
            // A URL the sender named is never fetched behind the operator's back.
            if (!options.fetch) {
              failed.push(file.name);
              tell(`Skipped ${file.name}: it is at ${printable(file.url ?? 'a URL')} and was not fetched; fetch it first with --fetch.\n`);
            }
            continue;
          }
          try {
            const path = await save(client, file, options.save);
            savedTo.set(file.id, path);
            tell(`Saved ${file.name} (${file.size === null ? 'size unknown' : formatBytes(file.size)}) to ${path}\n`);
          } catch (error) {
            savedTo.set(file.id, null);
            failed.push(file.name);
            tell(`Not saved: ${file.name}: ${errorText(error)}\n`);
          }
        }
      }
      if (options.json) printJson(io, files.map((file) => asJson(file, options.save !== undefined ? (savedTo.get(file.id) ?? null) : undefined)));
      else if (files.length === 0) io.stdout(`Message ${messageId} has no files.\n`);
      else if (options.save === undefined) {
        io.stdout(
          `${columns(
            ['ID', 'NAME', 'TYPE', 'SIZE', 'SHA256'],
            files.map((file) => [String(file.id), file.name, printable(file.mediaType), file.size === null ? '—' : formatBytes(file.size), file.stored ? (file.sha256 ?? '—') : `not fetched: ${printable(file.url ?? '(no URL)')}`]),
            120,
          )}\n`,
        );
        if (files.some((file) => !file.stored) && !options.fetch) io.stdout('Files at a URL are fetched only when you ask: add --fetch.\n');
      }
      if (failed.length > 0) throw new CliFailure(`${failed.length} of ${files.length} file${files.length === 1 ? '' : 's'} ${failed.length === 1 ? 'was' : 'were'} not ${options.save !== undefined ? 'saved' : 'fetched'}.`);
    });
}
