import type { Part } from '@a2a-js/sdk';
import { textOfParts } from './a2a-parts';
import { formatBytes, type AttachmentInfo, type AttachmentLimits } from '../../../../shared/domain/attachment';
import type { MessageSummary } from '../../../../shared/domain/message';
import type { AttachmentStore, NewAttachment } from '../../store/attachment-store';
import type { MessageStore, NewMessage } from '../../store/message-store';
import type { UnitOfWork } from '../../store/unit-of-work';

/** The files among a message's parts, in order: bytes carried (`raw`), or a URL to fetch when the operator asks. */
export function filesOf(parts: readonly Part[]): NewAttachment[] {
  return parts.flatMap((part): NewAttachment[] => {
    const content = part.content;
    if (content?.$case === 'raw') return [{ name: part.filename || null, mediaType: part.mediaType || null, bytes: content.value, url: null }];
    if (content?.$case === 'url') return [{ name: part.filename || fileNameOfUrl(content.value), mediaType: part.mediaType || null, bytes: null, url: content.value }];
    return [];
  });
}

function fileNameOfUrl(url: string): string | null {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '') || null;
  } catch {
    return null;
  }
}

/** How many bytes a base64 text decodes to (without decoding it). */
export function base64Size(text: string): number {
  const length = text.replace(/[\s=]+$/g, '').length;
  return Math.floor((length * 3) / 4);
}

/**
 * The file parts of a JSON-RPC request as sent, bytes still base64, in either version's shape: 1.0 `{ raw, filename }`
 * and 0.3 `{ kind: "file", file: { bytes, name } }` (read before the SDK decodes anything).
 */
function encodedFiles(body: Record<string, unknown>): { index: number; base64: string; name: string }[] {
  const parts = (body.params as { message?: { parts?: unknown } } | null | undefined)?.message?.parts;
  if (!Array.isArray(parts)) return [];
  return parts.flatMap((part, index) => {
    if (!part || typeof part !== 'object') return [];
    const record = part as { raw?: unknown; filename?: unknown; file?: { bytes?: unknown; name?: unknown } };
    const base64 = typeof record.raw === 'string' ? record.raw : typeof record.file?.bytes === 'string' ? record.file.bytes : null;
    if (base64 === null) return [];
    const name = typeof record.filename === 'string' && record.filename ? record.filename : typeof record.file?.name === 'string' ? record.file.name : '';
    return [{ index, base64, name }];
  });
}

/** A request's file parts over this node's limits, as the sentence for a -32602 (checked before the bytes are decoded). */
export function oversizeProblem(body: Record<string, unknown>, limits: AttachmentLimits): string | null {
  let total = 0;
  for (const { index, base64, name } of encodedFiles(body)) {
    const size = base64Size(base64);
    const label = `params.message.parts[${index}]${name ? ` (${name.slice(0, 80)})` : ''}`;
    if (size > limits.maxPartBytes) return `${label} is ${formatBytes(size)}; this node accepts files up to ${formatBytes(limits.maxPartBytes)} each.`;
    total += size;
    if (total > limits.maxMessageBytes) return `The message's files come to more than ${formatBytes(limits.maxMessageBytes)}, the most this node accepts in one message (at ${label}).`;
  }
  return null;
}

/** How many characters of a request are file bytes (base64): the rest keeps the node's body limit. */
export function fileCharacters(body: Record<string, unknown>): number {
  return encodedFiles(body).reduce((sum, file) => sum + file.base64.length, 0);
}

/** Where the bytes were, a note: the stored envelope describes the file, the attachment holds it. */
export function withoutBytes(json: unknown): unknown {
  if (Array.isArray(json)) return json.map(withoutBytes);
  if (!json || typeof json !== 'object') return json;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    out[key] = (key === 'raw' || key === 'bytes') && typeof value === 'string' && value.length > 64 ? `<${base64Size(value)} bytes, kept as an attachment>` : withoutBytes(value);
  }
  return out;
}

/** File parts (in order) for an outbound message, from its stored attachments. */
export function fileParts(files: readonly (AttachmentInfo & { bytes: Buffer | null })[]): Part[] {
  return files.map((file) =>
    file.bytes
      ? { content: { $case: 'raw', value: file.bytes }, mediaType: file.mediaType, filename: file.name, metadata: undefined }
      : { content: { $case: 'url', value: file.url ?? '' }, mediaType: file.mediaType, filename: file.name, metadata: undefined },
  );
}

export function dataPart(data: unknown): Part {
  return { content: { $case: 'data', value: data as never }, mediaType: 'application/json', filename: '', metadata: undefined };
}

/**
 * A message with its files, stored together (one unit of work): the row, then each file's bytes (or URL) beside
 * it. The summary that goes to the UI names the files.
 */
export function createMessageRecorder(deps: { uow: UnitOfWork; messages: MessageStore; attachments: AttachmentStore }) {
  return (message: NewMessage, parts: readonly Part[] = []): MessageSummary =>
    deps.uow.run('a2a.message_stored', () => {
      const files = filesOf(parts);
      // The files are shown as attachments; the text keeps what was written (and stays empty when nothing was).
      const content = files.length ? textOfParts(parts.filter((part) => part.content?.$case !== 'raw' && part.content?.$case !== 'url')) : message.content;
      const row = deps.messages.insert({ ...message, content, raw: withoutBytes(message.raw) });
      return files.length ? { ...row, attachments: deps.attachments.add(row.id, files) } : row;
    });
}

export type MessageRecorder = ReturnType<typeof createMessageRecorder>;
