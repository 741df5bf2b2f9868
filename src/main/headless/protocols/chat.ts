import { Option, type Command } from 'commander';
import type { ChatInvite, ChatPeerStatus } from '../../../shared/domain/chat';
import { CliFailure, clientFor, columns, printJson, table, type CliIo } from '../cli-context';
import type { CliProtocol } from './cli-protocol';

/** "90s", "30m", "12h", "7d" (or plain seconds) → seconds. */
export function parseDuration(value: string): number {
  const match = /^(\d+)\s*([smhd]?)$/.exec(value.trim());
  if (!match) throw new CliFailure(`"${value.slice(0, 40)}" is not a duration (like 30m, 12h or 7d).`);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

const inviteRow = (invite: ChatInvite) => [
  String(invite.id),
  invite.hint,
  invite.state,
  `${invite.uses}${invite.maxUses !== null ? `/${invite.maxUses}` : ''}`,
  invite.expiresAt ?? 'never',
  invite.createdAt,
];

function statusRows(peer: string, status: ChatPeerStatus): [string, string][] {
  if (status.link) {
    const link = status.link;
    return [
      ['Peer', peer],
      ['Role', `requester (as ${link.myAgentId}, with ${link.remoteAgentId})`],
      ['State', link.state],
      ['Request', link.requestId ? `${link.requestId}${link.state === 'pending' && link.requestExpiresAt ? ` (expires ${link.requestExpiresAt})` : ''}` : '—'],
      ['Session', link.sessionId ?? '—'],
      ['Token expires', link.tokenExpiresAt ?? '—'],
      ['Last rotation', link.rotatedAt ?? 'never'],
      ['Stream', link.stream],
      ['Last error', link.lastError ?? '—'],
    ];
  }
  const open = status.hosted.find((session) => !session.endedAt);
  return [
    ['Peer', peer],
    ['Role', 'inviter (this node hosts the session)'],
    ['Session', open ? `${open.sessionId} with ${open.requesterAgentId}` : 'none open'],
    ['Their token expires', open?.tokenExpiresAt ?? '—'],
    ['Last rotation', open?.lastRotatedAt ?? 'never'],
    ['Past sessions', String(status.hosted.filter((s) => s.endedAt).length)],
  ];
}

/** Invite tokens for this node's agent, and chat sessions (status, end, request again). */
function registerChat(program: Command, io: CliIo): void {
  const invites = program.command('invites').description("invite tokens other agents present to request a chat with this node's agent");
  invites
    .command('publish')
    .description('publish an invite token (kept only as a hash)')
    .argument('[token]', 'the token (at least 8 characters); omitted: one is generated and printed')
    .option('--expires-in <duration>', 'stop accepting it after this long (30m, 12h, 7d)')
    .option('--max-uses <n>', 'accept it for this many handshake requests')
    .action(async (token: string | undefined, options: { expiresIn?: string; maxUses?: string }, command: Command) => {
      if (options.maxUses !== undefined && !/^\d+$/.test(options.maxUses)) throw new CliFailure('--max-uses must be a whole number.');
      const result = await clientFor(command, io).call('invites.publish', {
        ...(token ? { token } : {}),
        ...(options.expiresIn ? { expiresInSeconds: parseDuration(options.expiresIn) } : {}),
        ...(options.maxUses ? { maxUses: Number(options.maxUses) } : {}),
      });
      if (!token) io.stdout(`${result.token}\n`);
      io.stderr(`Published invite ${result.invite.id} (${result.invite.hint})${result.invite.expiresAt ? `, until ${result.invite.expiresAt}` : ''}${result.invite.maxUses ? `, for ${result.invite.maxUses} request(s)` : ''}.\n`);
    });
  invites
    .command('list')
    .option('--json', 'print machine-readable JSON')
    .description('list invites (hints only)')
    .action(async (options: { json?: boolean }, command: Command) => {
      const { invites: list } = await clientFor(command, io).call('invites.list', {});
      if (options.json) return printJson(io, list);
      if (list.length === 0) return io.stdout('No invites. Publish one with `switchboard invites publish TOKEN`.\n');
      io.stdout(`${columns(['ID', 'TOKEN', 'STATE', 'USES', 'EXPIRES', 'CREATED'], list.map(inviteRow))}\n`);
    });
  invites
    .command('revoke')
    .description('stop accepting an invite (by token, or by its id)')
    .argument('<token-or-id>', 'the token, or the id from `invites list`')
    .action(async (target: string, _options: unknown, command: Command) => {
      const invite = await clientFor(command, io).call('invites.revoke', /^\d+$/.test(target) ? { id: Number(target) } : { token: target });
      io.stdout(`Revoked invite ${invite.id} (${invite.hint}); new handshake requests with it are refused.\n`);
    });

  const chat = program.command('chat').description('a2achat sessions');
  chat
    .command('status')
    .argument('<peer>', 'a chat peer')
    .option('--json', 'print machine-readable JSON')
    .description("where a chat peer's handshake and session stand")
    .action(async (peer: string, options: { json?: boolean }, command: Command) => {
      const status = await clientFor(command, io).call('chat.status', { peer });
      if (options.json) return printJson(io, status);
      io.stdout(`${table(statusRows(peer, status))}\n`);
    });
  chat
    .command('end')
    .argument('<peer>', 'a chat peer')
    .description('end the session (its tokens stop working)')
    .action(async (peer: string, _options: unknown, command: Command) => {
      await clientFor(command, io).call('chat.endSession', { peer });
      io.stdout(`Ended the chat session with ${peer}.\n`);
    });
  chat
    .command('request')
    .argument('<peer>', 'a chat peer this node requested')
    .description('request the handshake again (after a rejection, expiry or end)')
    .action(async (peer: string, _options: unknown, command: Command) => {
      const status = await clientFor(command, io).call('chat.retryHandshake', { peer });
      io.stdout(`Handshake with ${peer}: ${status.link?.state ?? 'unknown'}.\n`);
    });
}

/** a2achat on the command line: a peer on another server by its agent id and invite; invites; sessions. */
export const chatCli: CliProtocol = {
  id: 'chat',
  peerOptions: [
    new Option('--agent-id <id>', 'chat: the agent to request a handshake with on the server at --url'),
    new Option('--invite-token <token>', "chat: that agent's invite token"),
    new Option('--as <id>', "chat: the agent id this node uses there (default: this node's chat agent id)"),
  ],
  peerInput(options) {
    if (typeof options.agentId !== 'string' || typeof options.inviteToken !== 'string') throw new CliFailure('A chat peer needs --agent-id (who to talk to) and --invite-token (their invite).');
    return { chat: { remoteAgentId: options.agentId, inviteToken: options.inviteToken, ...(typeof options.as === 'string' ? { myAgentId: options.as } : {}) } };
  },
  added({ peer }, options, io) {
    io.stdout(`Requesting a handshake with ${String(options.agentId)}; it starts once they approve (see \`switchboard chat status ${peer.name}\`).\n`);
  },
  approvalKinds: { 'chat.handshake': 'handshake' },
  register: registerChat,
};
