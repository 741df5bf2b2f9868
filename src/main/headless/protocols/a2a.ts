import type { Command } from 'commander';
import { gatewayPolicyLabels } from '../../../shared/domain/a2a';
import { CliFailure, clientFor, columns, printJson, type CliIo } from '../cli-context';
import type { CliProtocol } from './cli-protocol';
import { outboundSecretRow } from './shared-rows';

/** API keys (parity with `openclaw a2a generate-key|list-keys|revoke-key`) and outbound credentials. */
function registerKeys(program: Command, io: CliIo): void {
  const keys = program.command('keys').description('inbound A2A API keys: each maps a caller to a peer');
  keys
    .command('generate')
    .description('make a new key (printed once; only its hash is kept)')
    .argument('<label>', 'what the key is for; a peer of that name is created unless --peer is given')
    .option('--peer <name>', 'the existing peer this key belongs to')
    .action(async (label: string, options: { peer?: string }, command: Command) => {
      const { key, info } = await clientFor(command, io).call('keys.generate', { label, ...(options.peer ? { peer: options.peer } : {}) });
      io.stdout(`${key}\n`);
      io.stderr(`Key "${info.label}" for peer ${info.peerName}. It is shown only now; callers send it as "Authorization: Bearer <key>" or "X-A2A-Key: <key>".\n`);
    });
  keys
    .command('list')
    .description('list keys (masked)')
    .option('--json', 'print machine-readable JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const { keys: list } = await clientFor(command, io).call('keys.list', {});
      if (options.json) return printJson(io, list);
      if (list.length === 0) return io.stdout('No API keys. Callers cannot reach this node’s A2A endpoint until you run `switchboard keys generate LABEL`.\n');
      io.stdout(`${columns(['LABEL', 'KEY', 'PEER', 'CREATED', 'LAST USED'], list.map((k) => [k.label, k.hint, k.peerName, k.createdAt, k.lastUsedAt ?? 'never']))}\n`);
    });
  keys
    .command('revoke')
    .description('revoke a key (takes effect at once)')
    .argument('<label>', 'the key label')
    .action(async (label: string, _options: unknown, command: Command) => {
      const info = await clientFor(command, io).call('keys.revoke', { label });
      io.stdout(`Revoked key "${info.label}" (${info.hint}); ${info.peerName} can no longer call with it.\n`);
    });

  const credentials = program.command('credentials').description('headers sent to A2A agents, per URL prefix (values may use ${ENV_VAR})');
  credentials
    .command('list')
    .option('--json', 'print machine-readable JSON')
    .description('list prefixes and header names (values masked)')
    .action(async (options: { json?: boolean }, command: Command) => {
      const { credentials: list } = await clientFor(command, io).call('credentials.list', {});
      if (options.json) return printJson(io, list);
      if (list.length === 0) return io.stdout('No outbound credentials. Add with `switchboard credentials add URL-PREFIX "Header: value"`.\n');
      io.stdout(`${columns(['ID', 'PREFIX', 'HEADERS'], list.map((c) => [String(c.id), c.prefix, c.headers.map((h) => `${h.name}: ${h.masked}`).join(', ')]), 80)}\n`);
    });
  credentials
    .command('add')
    .description('send these headers to every request under the prefix (origin + path)')
    .argument('<prefix>', 'e.g. https://agents.example/team')
    .argument('<headers...>', '"Name: value" pairs; ${ENV_VAR} is read from the environment at request time')
    .action(async (prefix: string, pairs: string[], _options: unknown, command: Command) => {
      const headers: Record<string, string> = {};
      for (const pair of pairs) {
        const colon = pair.indexOf(':');
        if (colon < 1) throw new CliFailure(`"${pair.slice(0, 40)}" is not "Name: value".`);
        headers[pair.slice(0, colon).trim()] = pair.slice(colon + 1).trim();
      }
      const added = await clientFor(command, io).call('credentials.add', { prefix, headers });
      io.stdout(`Added credentials ${added.id} for ${added.prefix}: ${added.headers.map((h) => h.name).join(', ')}.\n`);
    });
  credentials
    .command('remove')
    .argument('<id>', 'the id from `credentials list`')
    .action(async (id: string, _options: unknown, command: Command) => {
      if (!/^\d+$/.test(id)) throw new CliFailure(`"${id.slice(0, 40)}" is not a credentials id (see \`switchboard credentials list\`).`);
      await clientFor(command, io).call('credentials.remove', { id: Number(id) });
      io.stdout(`Removed credentials ${id}.\n`);
    });
}


/** A2A on the command line: inbound API keys, outbound credentials, and what answers a peer's requests. */
export const a2aCli: CliProtocol = {
  id: 'a2a',
  peerRows: (peer) => [outboundSecretRow(peer), ['Requests', gatewayPolicyLabels[peer.gatewayPolicy]]],
  approvalKinds: { 'a2a.request': 'A2A request' },
  register: registerKeys,
};
