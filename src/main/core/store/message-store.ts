import type { PeerProtocol } from '../../../shared/domain/peer';
import {
  MESSAGE_PREVIEW_CHARS,
  type MessageDetail,
  type MessageDirection,
  type MessageFilter,
  type MessageStatus,
  type MessageSummary,
} from '../../../shared/domain/message';
import type { NodeCounts } from '../../../shared/domain/node';
import { isoAt, type Clock } from '../clock';
import { redact } from '../redact';
import type Database from 'better-sqlite3';
import type { Db } from './database';

/** A row to store: the summary's fields the caller knows (the store adds id, time, preview and wake state). */
export interface NewMessage
  extends Pick<MessageSummary, 'peerId' | 'peerName' | 'direction' | 'protocol' | 'traceId' | 'idempotencyKey' | 'schemaVersion' | 'content' | 'encrypted' | 'wake' | 'status'> {
  /** The envelope as received or sent; redacted before it is stored. */
  raw: unknown;
  detail?: string;
}

interface Row {
  id: number;
  peer_id: string | null;
  peer_name: string;
  direction: MessageDirection;
  protocol: PeerProtocol;
  trace_id: string;
  idempotency_key: string | null;
  schema_version: string | null;
  preview: string;
  content_length: number;
  encrypted: number;
  wake: number;
  wake_seen_at: string | null;
  status: MessageStatus;
  created_at: string;
}

const SUMMARY_COLUMNS = `id, peer_id, peer_name, direction, protocol, trace_id, idempotency_key, schema_version,
  substr(content, 1, ${MESSAGE_PREVIEW_CHARS}) AS preview, length(content) AS content_length, encrypted, wake, wake_seen_at, status, created_at`;

function toSummary(row: Row): MessageSummary {
  return {
    id: row.id,
    peerId: row.peer_id,
    peerName: row.peer_name,
    direction: row.direction,
    protocol: row.protocol,
    traceId: row.trace_id,
    idempotencyKey: row.idempotency_key,
    schemaVersion: row.schema_version,
    content: row.preview,
    contentLength: row.content_length,
    encrypted: row.encrypted === 1,
    wake: row.wake === 1,
    wakeSeen: row.wake_seen_at !== null,
    status: row.status,
    createdAt: row.created_at,
  };
}

function whereClause(filter: MessageFilter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const equal = (column: string, value: string | undefined) => {
    if (!value) return;
    parts.push(`${column} = ?`);
    params.push(value);
  };
  equal('peer_id', filter.peerId);
  equal('direction', filter.direction);
  equal('status', filter.status);
  equal('protocol', filter.protocol);
  equal('trace_id', filter.traceId);
  if (filter.text) {
    parts.push("content LIKE ? ESCAPE '\\'");
    params.push(`%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  return { sql: parts.length ? parts.join(' AND ') : '1', params };
}

export interface MessagePage {
  /** Newest first. */
  messages: MessageSummary[];
  total: number;
  hasMore: boolean;
}

export interface MessageStore {
  insert(message: NewMessage): MessageSummary;
  list(filter: MessageFilter, page: { beforeId?: number | undefined; limit: number }): MessagePage;
  get(id: number): MessageDetail | null;
  summary(id: number): MessageSummary | null;
  /** Marks wakes as seen; returns how many changed. */
  markWakesSeen(ids: readonly number[] | 'all'): number;
  counts(): NodeCounts;
}

export function createMessageStore(deps: { db: Db; clock: Clock }): MessageStore {
  const { db, clock } = deps;
  const insert = db.prepare(`INSERT INTO messages (peer_id, peer_name, direction, protocol, trace_id, idempotency_key, schema_version,
    content, encrypted, wake, status, raw, detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const summaryById = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM messages WHERE id = ?`);
  const detailById = db.prepare('SELECT content, raw, detail FROM messages WHERE id = ?');
  const seenAll = db.prepare('UPDATE messages SET wake_seen_at = ? WHERE wake = 1 AND wake_seen_at IS NULL');
  const seenOne = db.prepare('UPDATE messages SET wake_seen_at = ? WHERE id = ? AND wake = 1 AND wake_seen_at IS NULL');
  const counters = db.prepare("SELECT name, value FROM counters WHERE name IN ('messages.in', 'messages.out', 'messages.unseen_wakes')");
  const pageCache = new Map<string, { page: Database.Statement; total: Database.Statement }>();

  const statementsFor = (filter: MessageFilter) => {
    const { sql } = whereClause(filter);
    let cached = pageCache.get(sql);
    if (!cached) {
      cached = {
        page: db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM messages WHERE ${sql} AND id < ? ORDER BY id DESC LIMIT ?`),
        total: db.prepare(`SELECT COUNT(*) AS n FROM messages WHERE ${sql}`),
      };
      pageCache.set(sql, cached);
    }
    return cached;
  };

  return {
    insert(message) {
      const createdAt = isoAt(clock);
      const { lastInsertRowid } = insert.run(
        message.peerId,
        message.peerName,
        message.direction,
        message.protocol,
        message.traceId,
        message.idempotencyKey,
        message.schemaVersion,
        message.content,
        message.encrypted ? 1 : 0,
        message.wake ? 1 : 0,
        message.status,
        JSON.stringify(redact(message.raw)),
        message.detail ?? '',
        createdAt,
      );
      return {
        id: Number(lastInsertRowid),
        peerId: message.peerId,
        peerName: message.peerName,
        direction: message.direction,
        protocol: message.protocol,
        traceId: message.traceId,
        idempotencyKey: message.idempotencyKey,
        schemaVersion: message.schemaVersion,
        content: message.content.slice(0, MESSAGE_PREVIEW_CHARS),
        contentLength: message.content.length,
        encrypted: message.encrypted,
        wake: message.wake,
        wakeSeen: false,
        status: message.status,
        createdAt,
      };
    },
    list(filter, { beforeId, limit }) {
      const { params } = whereClause(filter);
      const statements = statementsFor(filter);
      const rows = statements.page.all(...params, beforeId ?? Number.MAX_SAFE_INTEGER, limit + 1) as Row[];
      const total = (statements.total.get(...params) as { n: number }).n;
      return { messages: rows.slice(0, limit).map(toSummary), total, hasMore: rows.length > limit };
    },
    get(id) {
      const row = summaryById.get(id) as Row | undefined;
      if (!row) return null;
      const detail = detailById.get(id) as { content: string; raw: string; detail: string };
      return { ...toSummary(row), content: detail.content, raw: JSON.parse(detail.raw) as unknown, detail: detail.detail };
    },
    summary(id) {
      const row = summaryById.get(id) as Row | undefined;
      return row ? toSummary(row) : null;
    },
    markWakesSeen(ids) {
      const now = isoAt(clock);
      return ids === 'all' ? seenAll.run(now).changes : db.transaction(() => ids.reduce((sum, id) => sum + seenOne.run(now, id).changes, 0))();
    },
    counts() {
      // Kept by triggers (migration 003), so this is three primary-key reads whatever the table size.
      const values = new Map((counters.all() as { name: string; value: number }[]).map((row) => [row.name, row.value]));
      return { messagesIn: values.get('messages.in') ?? 0, messagesOut: values.get('messages.out') ?? 0, unseenWakes: values.get('messages.unseen_wakes') ?? 0 };
    },
  };
}
