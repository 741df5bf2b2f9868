import { Option, type Command } from 'commander';
import type { Peer } from '../../../shared/domain/peer';
import { DEFAULT_PROTOCOL, PROTOCOL_ID, protocolLabel, type ProtocolInfo } from '../../../shared/protocols';
import type { ControlClient } from '../control-client';
import { CliFailure, clientFor, columns, positiveInt, printJson, table, type CliIo } from '../cli-context';
import { cliProtocol, cliProtocols } from '../protocols';

function peerRows(peer: Peer, known: readonly ProtocolInfo[]): [string, string][] {
  return [
    ['Name', peer.name],
    ['Protocol', protocolLabel(peer.protocol, known)],
    ['URL', peer.baseUrl],
    ...(cliProtocol(peer.protocol)?.peerRows?.(peer) ?? []),
    ['Last seen', peer.lastSeenAt ?? 'never'],
    ['Delivery', `${peer.deliveryPaused ? 'paused' : 'on'}; ${peer.retryPolicy ? `${peer.retryPolicy.maxAttempts} attempts, first wait ${peer.retryPolicy.baseDelayMs} ms` : "the node's retry policy"}`],
    ['Notes', peer.notes || '—'],
  ];
}

/** The node's protocols, for their labels (a protocol this CLI has no module for is named by the node). */
async function knownProtocols(client: ControlClient): Promise<ProtocolInfo[]> {
  return (await client.call('protocols.list', {})).protocols;
}

export function registerPeers(program: Command, io: CliIo): void {
  const peers = program.command('peers').description('the peer address book');

  const add = peers
    .command('add')
    .description('add a peer; generated secrets are printed once')
    .argument('<name>', 'the peer name')
    .requiredOption('--url <url>', "the peer's base URL, e.g. http://1.2.3.4:8080")
    .addOption(new Option('--protocol <protocol>', `the protocol the peer speaks (${cliProtocols.map((protocol) => protocol.id).join(', ')}, or another the node knows)`).default(DEFAULT_PROTOCOL))
    .option('--outbound-secret <secret>', 'the secret you present to this peer')
    .option('--notes <text>', 'notes about this peer');
  for (const protocol of cliProtocols) for (const option of protocol.peerOptions ?? []) add.addOption(option);
  add.action(async (name: string, options: Record<string, unknown> & { url: string; protocol: string; outboundSecret?: string; notes?: string }, command: Command) => {
    if (!PROTOCOL_ID.test(options.protocol)) throw new CliFailure(`--protocol must be a protocol id such as ${cliProtocols.map((protocol) => protocol.id).join(', ')}.`);
    const chosen = cliProtocol(options.protocol);
    // Another protocol's flags are refused by name rather than silently dropped.
    for (const other of cliProtocols) {
      if (other === chosen) continue;
      const used = (other.peerOptions ?? []).filter((option) => options[option.attributeName()] !== undefined).map((option) => option.long);
      if (used.length > 0) throw new CliFailure(`${used.join(', ')} ${used.length === 1 ? 'is' : 'are'} for ${protocolLabel(other.id)} peers (--protocol ${other.id}).`);
    }
    const result = await clientFor(command, io).call('peers.add', {
      name,
      baseUrl: options.url,
      protocol: options.protocol,
      ...(options.notes !== undefined ? { notes: options.notes } : {}),
      ...(options.outboundSecret ? { outboundSecret: options.outboundSecret } : {}),
      ...(chosen?.peerInput?.(options, io) ?? {}),
    });
    io.stdout(`Added peer ${result.peer.name} (${protocolLabel(result.peer.protocol)}, ${result.peer.baseUrl}).\n`);
    chosen?.added?.(result, options, io);
  });

  peers
    .command('list')
    .description('list peers')
    .option('--json', 'print machine-readable JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const client = clientFor(command, io);
      const { peers: list } = await client.call('peers.list', {});
      if (options.json) return printJson(io, list);
      if (list.length === 0) return io.stdout('No peers yet. Add one with `switchboard peers add NAME --url URL --generate-inbound-secret`.\n');
      const known = await knownProtocols(client);
      io.stdout(`${columns(['NAME', 'PROTOCOL', 'URL', 'LAST SEEN'], list.map((p) => [p.name, protocolLabel(p.protocol, known), p.baseUrl, p.lastSeenAt ?? 'never']))}\n`);
    });

  peers
    .command('show')
    .description('show one peer (secrets only as hints)')
    .argument('<name>', 'the peer name')
    .option('--json', 'print machine-readable JSON')
    .action(async (name: string, options: { json?: boolean }, command: Command) => {
      const client = clientFor(command, io);
      const peer = await client.call('peers.get', { peer: name });
      if (options.json) return printJson(io, peer);
      io.stdout(`${table(peerRows(peer, await knownProtocols(client)))}\n`);
    });

  peers
    .command('set-policy')
    .description("give a peer its own retry policy, or --default to use the node's")
    .argument('<name>', 'the peer name')
    .option('--max-attempts <n>', 'attempts in all', positiveInt)
    .option('--base-delay <ms>', 'the first wait in milliseconds (doubled after each failure)', positiveInt)
    .option('--default', "use the node's default policy")
    .action(async (name: string, options: { maxAttempts?: number; baseDelay?: number; default?: boolean }, command: Command) => {
      if (!options.default && (options.maxAttempts === undefined || options.baseDelay === undefined)) {
        throw new CliFailure('Give --max-attempts and --base-delay, or --default.');
      }
      const peer = await clientFor(command, io).call('peers.setRetryPolicy', {
        peer: name,
        policy: options.default ? null : { maxAttempts: options.maxAttempts!, baseDelayMs: options.baseDelay! },
      });
      io.stdout(`${peer.name}: ${peer.retryPolicy ? `${peer.retryPolicy.maxAttempts} attempts, first wait ${peer.retryPolicy.baseDelayMs} ms` : "the node's retry policy"}.\n`);
    });

  for (const [verb, paused] of [['pause', true], ['resume', false]] as const) {
    peers
      .command(verb)
      .description(paused ? 'hold outbound messages to a peer in the outbox' : 'deliver to a paused peer again')
      .argument('<name>', 'the peer name')
      .action(async (name: string, _options: unknown, command: Command) => {
        await clientFor(command, io).call('outbox.setPaused', { peer: name, paused });
        io.stdout(`${paused ? 'Paused' : 'Resumed'} delivery to ${name}.\n`);
      });
  }

  peers
    .command('remove')
    .description('remove a peer (its messages stay in the timeline)')
    .argument('<name>', 'the peer name')
    .action(async (name: string, _options: unknown, command: Command) => {
      const { removed } = await clientFor(command, io).call('peers.remove', { peer: name });
      io.stdout(`Removed peer ${removed.name}. Its secrets no longer work; its messages stay in the timeline.\n`);
    });
}
