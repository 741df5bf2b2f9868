import type { Peer } from '../../../shared/domain/peer';
import { CoreError } from '../errors';
import type { SendOptions } from '../outbox/outbox-service';

/** Checks several protocols make before a message is queued, each with the sentence that says what to do. */

export function requireBaseUrl(peer: Peer): void {
  if (!peer.baseUrl) throw new CoreError('invalid_input', `${peer.name} has no base URL (it only calls this node); set one in Peers › ${peer.name} to send to it.`);
}

export function refuseContexts(options: SendOptions): void {
  if (options.context || options.newContext) throw new CoreError('invalid_input', 'Contexts are an A2A feature.');
}

export function refuseEncryption(options: SendOptions, why: string): void {
  if (options.encrypt) throw new CoreError('invalid_input', `Encryption is an a2a-secure feature; ${why}`);
}
