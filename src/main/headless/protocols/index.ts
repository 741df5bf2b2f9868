import { builtInProtocols, protocolLabel } from '../../../shared/protocols';
import { a2aCli } from './a2a';
import { chatCli } from './chat';
import type { CliProtocol } from './cli-protocol';
import { secureCli } from './secure';

/** The command line's protocol modules, by the ids of shared/protocols.ts. */
export const cliProtocols: readonly CliProtocol[] = [secureCli, a2aCli, chatCli];

export function cliProtocol(id: string): CliProtocol | undefined {
  return cliProtocols.find((protocol) => protocol.id === id);
}

/** "A2A request", "handshake"; the kind itself for a kind no module names. */
export function approvalKindLabel(kind: string): string {
  for (const protocol of cliProtocols) {
    const label = protocol.approvalKinds?.[kind];
    if (label) return label;
  }
  return kind;
}

/** A protocol's label for people; the built-in list is enough offline, and an unknown id shows as itself. */
export function cliProtocolLabel(id: string): string {
  return protocolLabel(id, builtInProtocols);
}
