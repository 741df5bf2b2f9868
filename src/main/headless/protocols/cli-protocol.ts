import type { Command, Option } from 'commander';
import type { MethodResult } from '../../../shared/contract';
import type { NodeSettings } from '../../../shared/domain/node';
import type { Peer } from '../../../shared/domain/peer';
import type { CliIo } from '../cli-context';

/**
 * A protocol on the command line: its flags of `peers add` and `settings set`, what `peers show` and
 * `settings show` print for it, how its approval kinds are named, and its own commands. The shared commands look
 * protocols up by id and contain no protocol rule; a protocol without a module here still works with the common
 * flags.
 */
export interface CliProtocol {
  readonly id: string;
  /** Flags of `peers add` for this protocol's peers (each refused, by name, for other protocols). */
  readonly peerOptions?: readonly Option[];
  /** This protocol's fields of `peers.add`, from the parsed flags (throws a CliFailure for bad combinations). */
  peerInput?(options: Record<string, unknown>, io: CliIo): Record<string, unknown>;
  /** What to print once the peer was added (secrets generated are shown here, once). */
  added?(result: MethodResult<'peers.add'>, options: Record<string, unknown>, io: CliIo): void;
  /** Extra rows of `peers show`. */
  peerRows?(peer: Peer): [string, string][];
  /** Flags of `settings set` for this protocol's settings. */
  readonly settingsOptions?: readonly Option[];
  /** Its part of the settings patch, from the parsed flags. */
  settingsPatch?(options: Record<string, unknown>): Record<string, unknown>;
  /** Its rows of `settings show`. */
  settingsRows?(settings: NodeSettings): [string, string][];
  /** How its approval kinds are named in `approvals list`. */
  readonly approvalKinds?: Readonly<Record<string, string>>;
  /** Its own commands (keys, invites, chat …). */
  register?(program: Command, io: CliIo): void;
}
