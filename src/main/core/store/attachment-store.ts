import { createHash } from 'node:crypto';
import { safeFileName, type AttachmentInfo } from '../../../shared/domain/attachment';
import { isoAt, type Clock } from '../clock';
import type { Db } from './database';

/** A file to keep with a message: its bytes, or the URL the sender named instead. */
export interface NewAttachment {
  name: string | null;
  mediaType: string | null;
  bytes: Uint8Array | null;
  url: string | null;
}

interface Row {
  id: number;
  message_id: number;
  position: number;
  name: string;
  media_type: string;
  size: number | null;
  sha256: string | null;
  url: string | null;
  stored: number;
}

const COLUMNS = 'id, message_id, position, name, media_type, size, sha256, url, bytes IS NOT NULL AS stored';

function infoOf(row: Row): AttachmentInfo {
  return { id: row.id, name: row.name, mediaType: row.media_type, size: row.size, sha256: row.sha256, url: row.url, stored: row.stored === 1 };
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A media type as recorded: the sender's word, lower-cased and bounded; never used to decide how to open it. */
function mediaTypeOf(value: string | null): string {
  const type = (value ?? '').trim().toLowerCase().slice(0, 127);
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(;.*)?$/.test(type) ? type.split(';', 1)[0]! : 'application/octet-stream';
}

export interface AttachmentStore {
  /** Keeps the files of a message (in its unit of work) and notes their description on the message row. */
  add(messageId: number, files: readonly NewAttachment[]): AttachmentInfo[];
  list(messageId: number): AttachmentInfo[];
  get(id: number): (AttachmentInfo & { messageId: number }) | null;
  /** The bytes, when they are here. */
  bytes(id: number): Buffer | null;
  /** The files of a message with their bytes, in order (an outbound message's delivery). */
  withBytes(messageId: number): (AttachmentInfo & { bytes: Buffer | null })[];
  /** The bytes of a URL attachment, fetched on the operator's request. */
  setFetched(id: number, bytes: Uint8Array): AttachmentInfo;
  /** Another message gets the same files (edit and replay). */
  copy(fromMessageId: number, toMessageId: number): AttachmentInfo[];
}

export function createAttachmentStore(deps: { db: Db; clock: Clock }): AttachmentStore {
  const { db, clock } = deps;
  const s = {
    insert: db.prepare('INSERT INTO attachments (message_id, position, name, media_type, size, sha256, url, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    list: db.prepare(`SELECT ${COLUMNS} FROM attachments WHERE message_id = ? ORDER BY position`),
    get: db.prepare(`SELECT ${COLUMNS} FROM attachments WHERE id = ?`),
    bytes: db.prepare('SELECT bytes FROM attachments WHERE id = ?'),
    withBytes: db.prepare(`SELECT ${COLUMNS}, bytes FROM attachments WHERE message_id = ? ORDER BY position`),
    fetched: db.prepare('UPDATE attachments SET bytes = ?, size = ?, sha256 = ?, fetched_at = ? WHERE id = ?'),
    describe: db.prepare('UPDATE messages SET attachments = ? WHERE id = ?'),
    copy: db.prepare(
      'INSERT INTO attachments (message_id, position, name, media_type, size, sha256, url, bytes, created_at) SELECT ?, position, name, media_type, size, sha256, url, bytes, ? FROM attachments WHERE message_id = ?',
    ),
  };
  const describe = (messageId: number): AttachmentInfo[] => {
    const list = (s.list.all(messageId) as Row[]).map(infoOf);
    s.describe.run(list.length ? JSON.stringify(list) : null, messageId);
    return list;
  };
  return {
    add(messageId, files) {
      if (files.length === 0) return [];
      const now = isoAt(clock);
      files.forEach((file, position) => {
        const bytes = file.bytes ? Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength) : null;
        s.insert.run(
          messageId,
          position,
          safeFileName(file.name, `attachment-${position + 1}`),
          mediaTypeOf(file.mediaType),
          bytes ? bytes.length : null,
          bytes ? sha256Hex(bytes) : null,
          file.url,
          bytes,
          now,
        );
      });
      return describe(messageId);
    },
    list: (messageId) => (s.list.all(messageId) as Row[]).map(infoOf),
    get(id) {
      const row = s.get.get(id) as Row | undefined;
      return row ? { ...infoOf(row), messageId: row.message_id } : null;
    },
    bytes: (id) => (s.bytes.get(id) as { bytes: Buffer | null } | undefined)?.bytes ?? null,
    withBytes: (messageId) => (s.withBytes.all(messageId) as (Row & { bytes: Buffer | null })[]).map((row) => ({ ...infoOf(row), bytes: row.bytes })),
    setFetched(id, bytes) {
      const row = s.get.get(id) as Row | undefined;
      if (!row) throw new Error(`no attachment ${id}`);
      s.fetched.run(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), bytes.byteLength, sha256Hex(bytes), isoAt(clock), id);
      return describe(row.message_id).find((info) => info.id === id)!;
    },
    copy(fromMessageId, toMessageId) {
      s.copy.run(toMessageId, isoAt(clock), fromMessageId);
      return describe(toMessageId);
    },
  };
}
