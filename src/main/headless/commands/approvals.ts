import type { Command } from 'commander';
import type { Approval } from '../../../shared/domain/approval';
import { approvalStatuses } from '../../../shared/domain/approval';
import type { ControlClient } from '../control-client';
import { CliFailure, clientFor, columns, printJson, type CliIo } from '../cli-context';
import { approvalKindLabel } from '../protocols';

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

/** The approvals inbox from the shell: list, approve (forward or accept), reject, and answer by hand. */
export function registerApprovals(program: Command, io: CliIo): void {
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
          list.map((a) => [a.id, approvalKindLabel(a.kind), a.peerName, statusWord[a.status], a.createdAt, a.title]),
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
      if (!approval.actions.includes('reply')) throw new CliFailure(`${id} is a ${approvalKindLabel(approval.kind)}: it cannot be answered with a text; approve or reject it.`);
      io.stdout(`${describeDecision(await client.call('approvals.decide', { id, action: options.askBack ? 'askBack' : 'reply', text: message }))}\n`);
    });
}

