import { DEFAULT_ATTACHMENT_LIMITS, type AttachmentLimits } from '../../../../shared/domain/attachment';
import { CoreError } from '../../errors';
import type { EventBus } from '../../event-bus';
import type { AuditLog } from '../../store/audit-log';
import type { AttachmentStore } from '../../store/attachment-store';
import type { MessageStore } from '../../store/message-store';
import { fetchFile, FileFetchError } from '../../net/fetch-file';
import type { ControlHandlers } from '../control-api';

const FETCH_TIMEOUT_MS = 30_000;

/** The files of messages: listed, read (to save or preview), and fetched from a sender's URL when the operator asks. */
export function attachmentHandlers(deps: {
  attachments: AttachmentStore;
  messages: MessageStore;
  events: EventBus;
  audit: AuditLog;
  /** The limits of the protocol a message came by (a fetched file is held to them too). */
  limitsFor: (protocol: string) => AttachmentLimits | null;
}): Pick<ControlHandlers, 'messages.attachments' | 'attachments.content' | 'attachments.fetch'> {
  const existing = (id: number) => {
    const attachment = deps.attachments.get(id);
    if (!attachment) throw new CoreError('not_found', `There is no attachment ${id}.`);
    return attachment;
  };
  const fetching = new Map<number, Promise<unknown>>();
  return {
    'messages.attachments': ({ id }) => {
      if (!deps.messages.summary(id)) throw new CoreError('not_found', `There is no message ${id}.`);
      return { attachments: deps.attachments.list(id) };
    },
    'attachments.content': ({ id }) => {
      const { messageId: _messageId, ...attachment } = existing(id);
      const bytes = deps.attachments.bytes(id);
      if (!bytes) throw new CoreError('conflict', `${attachment.name} is at ${attachment.url ?? 'a URL'}; fetch it first (it is only fetched when you ask).`);
      return { attachment, base64: bytes.toString('base64') };
    },
    'attachments.fetch': async ({ id }) => {
      const { messageId, ...attachment } = existing(id);
      if (attachment.stored) return attachment;
      if (!attachment.url) throw new CoreError('conflict', `${attachment.name} has neither bytes nor a URL.`);
      // One fetch at a time per file: a double click does not fetch twice.
      const running = fetching.get(id);
      if (running) await running.catch(() => undefined);
      const again = deps.attachments.get(id);
      if (again?.stored) {
        const { messageId: _again, ...info } = again;
        return info;
      }
      const protocol = deps.messages.summary(messageId)?.protocol ?? '';
      const limits = deps.limitsFor(protocol) ?? DEFAULT_ATTACHMENT_LIMITS;
      const work = fetchFile(attachment.url, { maxBytes: limits.maxPartBytes, timeoutMs: FETCH_TIMEOUT_MS });
      fetching.set(id, work);
      try {
        const { bytes } = await work;
        const stored = deps.attachments.setFetched(id, bytes);
        deps.audit.audit('attachment.fetched', { attachment: id, message: messageId, bytes: bytes.length });
        const summary = deps.messages.summary(messageId);
        if (summary) deps.events.emit('message.updated', summary);
        return stored;
      } catch (error) {
        if (error instanceof FileFetchError) throw new CoreError('unavailable', `${attachment.name} was not fetched: ${error.message}`);
        throw error;
      } finally {
        fetching.delete(id);
      }
    },
  };
}
