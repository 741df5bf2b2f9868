import { formatBytes, type AttachmentLimits } from '../../../shared/domain/attachment';
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

/**
 * Files and data go only where the protocol carries them, and within its limits: refused here, with the file
 * named, before anything is queued (the receiver would refuse it anyway, after the operator had walked away).
 */
export function checkOutgoingFiles(peer: Peer, protocolLabel: string, options: SendOptions, limits: AttachmentLimits | null): void {
  const files = options.files ?? [];
  if (files.length === 0 && options.data === undefined) return;
  if (!limits) {
    const what = files.length ? 'attachments' : 'data';
    throw new CoreError('invalid_input', `${peer.name} is a ${protocolLabel} peer; those take text only (files and data go to A2A peers).`, [{ path: what, message: `${protocolLabel} peers take text only` }]);
  }
  let total = 0;
  for (const [index, file] of files.entries()) {
    if (file.bytes.length > limits.maxPartBytes) {
      throw new CoreError('invalid_input', `${file.name} is ${formatBytes(file.bytes.length)}; files may be up to ${formatBytes(limits.maxPartBytes)} each.`, [
        { path: `attachments.${index}`, message: `${formatBytes(file.bytes.length)} is over the ${formatBytes(limits.maxPartBytes)} limit` },
      ]);
    }
    total += file.bytes.length;
  }
  if (total > limits.maxMessageBytes) {
    throw new CoreError('invalid_input', `The files come to ${formatBytes(total)}; one message may carry up to ${formatBytes(limits.maxMessageBytes)}.`, [
      { path: 'attachments', message: `${formatBytes(total)} in all is over the ${formatBytes(limits.maxMessageBytes)} limit` },
    ]);
  }
}
