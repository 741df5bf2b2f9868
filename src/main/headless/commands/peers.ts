import { Option, type Command } from 'commander';
import { readFileSync } from 'node:fs';
import { protocolLabels, type Peer, type PeerProtocol } from '../../../shared/domain/peer';
import { CliFailure, clientFor, columns, positiveInt, printJson, table, type CliIo } from '../cli-context';

function peerRows(peer: Peer): [string, string][] {
  return [
    ['Name', peer.name],
    ['Protocol', protocolLabels[peer.protocol]],
    ['URL', peer.baseUrl],
    ['Inbound secrets', peer.inboundSecrets.length ? peer.inboundSecrets.map((s) => `${s.hint}${s.expiresAt ? ` (expires ${s.expiresAt})` : ''}`).join(', ') : 'none (this peer cannot reach you yet)'],
    ['Outbound secret', peer.hasOutboundSecret ? 'set' : 'not set'],
    ['AES key', peer.hasAesKey ? 'set' : 'not set'],
    ['Last seen', peer.lastSeenAt ?? 'never'],
    ['Delivery', `${peer.deliveryPaused ? 'paused' : 'on'}; ${peer.retryPolicy ? `${peer.retryPolicy.maxAttempts} attempts, first wait ${peer.retryPolicy.baseDelayMs} ms` : "the node's retry policy"}`],
    ['Notes', peer.notes || '—'],
  ];
}

export function registerPeers(program: Command, io: CliIo): void {
  const peers = program.command('peers').description('the peer address book');

  peers
    .command('add')
    .description('add a peer; generated secrets are printed once')
    .argument('<name>', 'the peer name')
    .requiredOption('--url <url>', "the peer's base URL, e.g. http://1.2.3.4:8080")
    .addOption(new Option('--protocol <protocol>', 'the protocol the peer speaks').choices(['secure', 'a2a', 'chat']).default('secure'))
    .option('--generate-inbound-secret', 'generate the secret this peer will present to you (printed once)')
    .option('--inbound-secret <secret>', 'the secret this peer will present to you')
    .option('--outbound-secret <secret>', 'the secret you present to this peer')
    .option('--generate-aes-key', 'generate an AES-256 key for encrypted messages (printed once)')
    .option('--aes-key-file <file>', 'an AES-256 key file as `openssl rand -hex 32` writes it')
    .option('--notes <text>', 'notes about this peer')
    .option('--agent-id <id>', 'chat: the agent to request a handshake with on the server at --url')
    .option('--invite-token <token>', "chat: that agent's invite token")
    .option('--as <id>', "chat: the agent id this node uses there (default: this node's chat agent id)")
    .action(async (name: string, options: { url: string; protocol: PeerProtocol; generateInboundSecret?: boolean; inboundSecret?: string; outboundSecret?: string; generateAesKey?: boolean; aesKeyFile?: string; notes?: string; agentId?: string; inviteToken?: string; as?: string }, command: Command) => {
      if (options.protocol === 'chat' && (!options.agentId || !options.inviteToken)) throw new CliFailure('A chat peer needs --agent-id (who to talk to) and --invite-token (their invite).');
      if (options.protocol !== 'chat' && (options.agentId || options.inviteToken || options.as)) throw new CliFailure('--agent-id, --invite-token and --as are for chat peers (--protocol chat).');
      if (options.generateInboundSecret && options.inboundSecret) throw new CliFailure('Use either --generate-inbound-secret or --inbound-secret, not both.');
      if (options.generateAesKey && options.aesKeyFile) throw new CliFailure('Use either --generate-aes-key or --aes-key-file, not both.');
      let aesKey: string | undefined;
      if (options.aesKeyFile) {
        try {
          aesKey = (io.readFile ?? ((path: string) => readFileSync(path, 'utf8')))(options.aesKeyFile).trim();
        } catch (error) {
          throw new CliFailure(`Could not read the AES key file ${options.aesKeyFile}: ${(error as Error).message}`);
        }
      }
      const result = await clientFor(command, io).call('peers.add', {
        name,
        baseUrl: options.url,
        protocol: options.protocol,
        ...(options.notes !== undefined ? { notes: options.notes } : {}),
        ...(options.generateInboundSecret ? { inboundSecret: 'generate' as const } : options.inboundSecret ? { inboundSecret: options.inboundSecret } : {}),
        ...(options.outboundSecret ? { outboundSecret: options.outboundSecret } : {}),
        ...(options.generateAesKey ? { aesKey: 'generate' as const } : aesKey ? { aesKey } : {}),
        ...(options.protocol === 'chat' ? { chat: { remoteAgentId: options.agentId!, inviteToken: options.inviteToken!, ...(options.as ? { myAgentId: options.as } : {}) } } : {}),
      });
      io.stdout(`Added peer ${result.peer.name} (${protocolLabels[result.peer.protocol]}, ${result.peer.baseUrl}).\n`);
      if (result.peer.protocol === 'chat') {
        io.stdout(`Requesting a handshake with ${options.agentId}; it starts once they approve (see \`switchboard chat status ${result.peer.name}\`).\n`);
        return;
      }
      if (result.generated.inboundSecret) {
        io.stdout(`Inbound secret (give it to ${result.peer.name}; it is shown only now):\n  ${result.generated.inboundSecret}\n`);
      }
      if (result.generated.aesKey) {
        io.stdout(`AES-256 key (share it with ${result.peer.name} over a secure channel; shown only now):\n  ${result.generated.aesKey}\n`);
      }
      if (result.peer.protocol === 'secure' && result.peer.inboundSecrets.length === 0) io.stdout(`Note: ${result.peer.name} has no inbound secret yet, so it cannot send to you.\n`);
    });

  peers
    .command('list')
    .description('list peers')
    .option('--json', 'print machine-readable JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const { peers: list } = await clientFor(command, io).call('peers.list', {});
      if (options.json) return printJson(io, list);
      if (list.length === 0) return io.stdout('No peers yet. Add one with `switchboard peers add NAME --url URL --generate-inbound-secret`.\n');
      io.stdout(`${columns(['NAME', 'PROTOCOL', 'URL', 'LAST SEEN'], list.map((p) => [p.name, protocolLabels[p.protocol], p.baseUrl, p.lastSeenAt ?? 'never']))}\n`);
    });

  peers
    .command('show')
    .description('show one peer (secrets only as hints)')
    .argument('<name>', 'the peer name')
    .option('--json', 'print machine-readable JSON')
    .action(async (name: string, options: { json?: boolean }, command: Command) => {
      const peer = await clientFor(command, io).call('peers.get', { peer: name });
      if (options.json) return printJson(io, peer);
      io.stdout(`${table(peerRows(peer))}\n`);
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
