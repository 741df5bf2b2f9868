import type { Command } from 'commander';
import type { Approval } from '../../../shared/domain/approval';
import { approvalStatuses } from '../../../shared/domain/approval';
import type { ControlClient } from '../control-client';
import { CliFailure, clientFor, columns, printJson, type CliIo } from '../cli-context';

const statusWord: Record<Approval['status'], string> = {
  pending: 'pending',
  approved: 'forwarded/approved',
  rejected: 'rejected',
  answered: 'answered',
  asked: 'asked back',
  expired: 'expired',
  canceled: 'canceled by caller',
};

function describeDecision(approval: Approval): string {
  const verb: Record<string, string> = { reply: 'Answered', forward: 'Forwarded to the local agent', askBack: 'Asked back', approve: 'Approved', reject: 'Rejected' };
  return `${verb[approval.decision?.action ?? ''] ?? 'Decided'}: ${approval.title.slice(0, 60)} (${approval.peerName}).`;
}

async function pendingApproval(client: ControlClient, id: string): Promise<Approval> {
  const approval = await client.call('approvals.get', { id });
  if (approval.status !== 'pending') throw new CliFailure(`${id} was already decided (${statusWord[approval.status]}).`);
  return approval;
}

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

/** The approvals inbox from the shell: list, approve (forward or accept), reject, and answer by hand. */
function registerApprovals(program: Command, io: CliIo): void {
  const approvals = program.command('approvals').description('requests waiting for you: inbound A2A messages, chat handshakes');
  approvals
    .command('list')
    .description('pending first, then recent decisions')
    .option('--status <status>', `only this status (${approvalStatuses.join(', ')})`)
    .option('--json', 'print machine-readable JSON')
    .action(async (options: { status?: string; json?: boolean }, command: Command) => {
      if (options.status && !(approvalStatuses as readonly string[]).includes(options.status)) throw new CliFailure(`--status must be one of ${approvalStatuses.join(', ')}.`);
      const { approvals: list } = await clientFor(command, io).call('approvals.list', options.status ? { status: options.status as Approval['status'] } : {});
      if (options.json) return printJson(io, list);
      if (list.length === 0) return io.stdout('Nothing waiting for you.\n');
      io.stdout(
        `${columns(
          ['ID', 'KIND', 'FROM', 'STATUS', 'RECEIVED', 'REQUEST'],
          list.map((a) => [a.id, a.kind === 'a2a.request' ? 'A2A request' : 'handshake', a.peerName, statusWord[a.status], a.createdAt, a.title]),
        )}\n`,
      );
    });
  approvals
    .command('approve')
    .description('approve: forward an A2A request to your local agent, or accept a handshake')
    .argument('<id>', 'the approval id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const client = clientFor(command, io);
      const approval = await pendingApproval(client, id);
      const action = approval.actions.includes('approve') ? 'approve' : approval.actions.includes('forward') ? 'forward' : null;
      if (!action) throw new CliFailure(`This request cannot be forwarded (no local agent is set, or ${approval.peerName}'s policy is "never forward"). Answer it with \`switchboard reply ${id} MESSAGE\`.`);
      io.stdout(`${describeDecision(await client.call('approvals.decide', { id, action }))}\n`);
    });
  approvals
    .command('reject')
    .description('reject: the caller is told no')
    .argument('<id>', 'the approval id')
    .option('--reason <text>', 'what the caller is told')
    .action(async (id: string, options: { reason?: string }, command: Command) => {
      const client = clientFor(command, io);
      await pendingApproval(client, id);
      io.stdout(`${describeDecision(await client.call('approvals.decide', { id, action: 'reject', ...(options.reason ? { text: options.reason } : {}) }))}\n`);
    });

  program
    .command('reply')
    .description('answer an inbound A2A request by hand (its task completes with your reply)')
    .argument('<id>', 'the approval id (see `switchboard approvals list`)')
    .argument('<message>', 'your answer')
    .option('--ask-back', 'ask the caller a question instead (the task waits for their input)')
    .action(async (id: string, message: string, options: { askBack?: boolean }, command: Command) => {
      const client = clientFor(command, io);
      const approval = await pendingApproval(client, id);
      if (approval.kind !== 'a2a.request') throw new CliFailure(`${id} is a handshake; approve or reject it.`);
      io.stdout(`${describeDecision(await client.call('approvals.decide', { id, action: options.askBack ? 'askBack' : 'reply', text: message }))}\n`);
    });
}

export function registerA2a(program: Command, io: CliIo): void {
  registerKeys(program, io);
  registerApprovals(program, io);
}
