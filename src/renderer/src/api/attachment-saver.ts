import type { ControlTransport } from '@shared/contract';
import { ControlError, controlErrorFromBody } from '@shared/control-error';
import { safeFileName, type AttachmentInfo } from '@shared/domain/attachment';
import { base64ToBytes } from '../components/attachments/file-bytes';
import { downloadFile } from '../features/timeline/download-file';

/** Saves one stored attachment the way this face can: a download (the desktop shows its save dialog for it). */
export type AttachmentSaver = (attachment: AttachmentInfo) => Promise<void>;

type Download = typeof downloadFile;

/** The bytes are always handed over as octet-stream: the sender's type is shown, never trusted to open the file. */
const SAVED_TYPE = 'application/octet-stream';

function nameOf(attachment: AttachmentInfo): string {
  return safeFileName(attachment.name, `attachment-${attachment.id}`);
}

/** Desktop: the bytes come over the bridge (`attachments.content`) and are saved from a Blob. */
export function saverThroughContent(transport: ControlTransport, download: Download = downloadFile): AttachmentSaver {
  return async (attachment) => {
    const { base64 } = await transport.call('attachments.content', { id: attachment.id });
    download(nameOf(attachment), [base64ToBytes(base64)], SAVED_TYPE);
  };
}

/**
 * Web console: the control port serves the bytes itself (`Content-Disposition: attachment`, `nosniff`), so a large
 * file is not carried as base64 in JSON. The admin token goes in the header, never in a URL a download would log.
 */
export function saverOverHttp(options: { origin: string; token: string; fetchImpl?: typeof fetch }, download: Download = downloadFile): AttachmentSaver {
  const fetchImpl = options.fetchImpl ?? fetch.bind(globalThis);
  return async (attachment) => {
    let response: Response;
    try {
      response = await fetchImpl(`${options.origin}/api/attachments/${attachment.id}/content`, { headers: { authorization: `Bearer ${options.token}` } });
    } catch {
      throw new ControlError('unavailable', 'The node is not answering. Is it still running?');
    }
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { error?: unknown; message?: unknown } | null;
      throw controlErrorFromBody({ code: body?.error, message: body?.message });
    }
    download(nameOf(attachment), [await response.blob()], SAVED_TYPE);
  };
}
