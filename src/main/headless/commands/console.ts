import { spawn } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { readControlFile } from '../../core/control/control-file';
import { clientFor, dataDirOf, type CliIo } from '../cli-context';

/** Opens a URL in the operator's browser with the platform's own opener (no shell: the URL is one argument). */
export function openInBrowser(url: string, platform: NodeJS.Platform = process.platform): Promise<void> {
  const [program, args] =
    platform === 'darwin' ? ['open', [url]] : platform === 'win32' ? ['rundll32', ['url.dll,FileProtocolHandler', url]] : ['xdg-open', [url]];
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: 'ignore', detached: true });
    child.once('error', (error) => reject(new Error(`Could not start ${program} to open the browser (${error.message}). Open the address above yourself.`)));
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}

/**
 * The browser is started with a file in the data dir (0600) that forwards to the console, not with the URL: a
 * command line is readable by every local user (/proc), and the URL carries the admin token.
 */
function launcherFor(dataDir: string, url: string): string {
  const path = join(dataDir, 'open-console.html');
  const html = `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>Switchboard</title><meta http-equiv="refresh" content="0;url=${url.replace(/"/g, '%22')}">`;
  writeFileSync(path, html, { mode: 0o600 });
  chmodSync(path, 0o600);
  return pathToFileURL(path).href;
}

export function registerConsole(program: Command, io: CliIo): void {
  program
    .command('console')
    .description("print the web console's address (with its admin token), open it, or give it a new token")
    .option('--open', 'open the console in the browser')
    .option('--rotate-token', 'give the console a new admin token: open console tabs are disconnected and need the new address')
    .action(async (options: { open?: boolean; rotateToken?: boolean }, command: Command) => {
      const client = clientFor(command, io);
      let url: string;
      if (options.rotateToken) {
        ({ consoleUrl: url } = await client.call('console.rotateToken', {}));
        io.stdout('The console has a new admin token; the old one no longer works (open console tabs were told so).\n');
      } else {
        // The running node's own copy (0600): the address and the token that is valid right now.
        const file = readControlFile(dataDirOf(command, io.env));
        await client.call('node.status', {}); // says clearly when the node has stopped
        url = `${file!.url}/#token=${file!.token}`;
      }
      io.stdout(`${url}\n`);
      if (!io.consoleDir) io.stdout('(This build has no web console; the address serves the control API only. Run `npm run build`.)\n');
      if (options.open) {
        await (io.openUrl ?? openInBrowser)(io.openUrl ? url : launcherFor(dataDirOf(command, io.env), url));
        io.stdout('Opened in the browser.\n');
      }
    });
}
