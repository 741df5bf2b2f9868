import type Database from 'better-sqlite3';
import type { AttachmentInfo } from '../../../shared/domain/attachment';
import type { DeliveryAttempt, DeliveryInfo } from '../../../shared/domain/delivery';
import {
  MESSAGE_PREVIEW_CHARS,
  type MessageDetail,
  type MessageFilter,
  type ExportRow,
  type MessagePart,
  type SentAs,
  type MessageStatus,
  type MessageSummary,
} from '../../../shared/domain/message';
import type { NodeCounts } from '../../../shared/domain/node';
import type { PeerProtocol } from '../../../shared/domain/peer';
import { isoAt, type Clock } from '../clock';
import { redact } from '../redact';
import type { Db } from './database';
import { COUNT_CAP, filterSql, TEXT_COUNT_CAP } from './message-filter-sql';

/** A row to store: the summary's fields the caller knows (the store adds id, time, preview and wake state). */
export interface NewMessage
  extends Pick<MessageSummary, 'peerId' | 'peerName' | 'direction' | 'protocol' | 'traceId' | 'idempotencyKey' | 'schemaVersion' | 'content' | 'encrypted' | 'wake' | 'status'> {
  contextId?: string | null;
  taskId?: string | null;
  /** The parts, when the message had more than plain text (A2A data and files). */
  parts?: MessagePart[] | null;
  /** A2A: where the message's task stands as it is stored. */
  taskState?: string | null;
  /** The envelope as received or sent; redacted before it is stored. */
  raw: unknown;
  detail?: string;
}

interface Row {
  id: number;
  peer_id: string | null;
  peer_name: string;
  direction: 'in' | 'out';
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
  context_id: string | null;
  task_id: string | null;
  task_state: string | null;
  status_text: string | null;
  attachments: string | null;
  o_attempts: number | null;
  o_max_attempts: number | null;
  o_next_attempt_at: number | null;
  o_state: string | null;
  o_last_error: string | null;
  o_dead_reason: string | null;
  o_replay_of: number | null;
  o_replaced_by: number | null;
  o_discarded_at: string | null;
  o_response: string | null;
  o_next_redrive_at: number | null;
}

/** Summary columns of `messages m` with its outbox row `o` (outbound only). */
const SUMMARY_COLUMNS = `
  SELECT m.id, m.peer_id, m.peer_name, m.direction, m.protocol, m.trace_id, m.idempotency_key, m.schema_version,
    substr(m.content, 1, ${MESSAGE_PREVIEW_CHARS}) AS preview, length(m.content) AS content_length, m.encrypted, m.wake,
    m.wake_seen_at, m.status, m.created_at, m.context_id, m.task_id, m.task_state, m.status_text, m.attachments,
    o.attempts AS o_attempts, o.max_attempts AS o_max_attempts, o.next_attempt_at AS o_next_attempt_at, o.state AS o_state,
    o.last_error AS o_last_error, o.dead_reason AS o_dead_reason, o.replay_of AS o_replay_of, o.replaced_by AS o_replaced_by,
    o.discarded_at AS o_discarded_at, o.response AS o_response, o.next_redrive_at AS o_next_redrive_at`;
const OUTBOX_JOIN = 'LEFT JOIN outbox o ON o.message_id = m.id';
export const SUMMARY_FROM = `${SUMMARY_COLUMNS} FROM messages m ${OUTBOX_JOIN}`;

function deliveryOf(row: Row): DeliveryInfo | null {
  if (row.o_max_attempts === null) return null;
  const pending = row.o_state === 'queued' || row.o_state === 'retrying';
  return {
    attempts: row.o_attempts ?? 0,
    maxAttempts: row.o_max_attempts,
    nextAttemptAt: pending && row.o_next_attempt_at !== null ? new Date(row.o_next_attempt_at).toISOString() : null,
    lastError: row.o_last_error,
    deadReason: row.o_dead_reason,
    nextRedriveAt: row.o_state === 'dead' && row.o_next_redrive_at !== null && row.o_discarded_at === null ? new Date(row.o_next_redrive_at).toISOString() : null,
    replayOf: row.o_replay_of,
    replacedBy: row.o_replaced_by,
    discarded: row.o_discarded_at !== null,
    response: row.o_response === null ? null : (JSON.parse(row.o_response) as unknown),
  };
}

export function toSummary(row: Row): MessageSummary {
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
    delivery: deliveryOf(row),
    contextId: row.context_id,
    taskId: row.task_id,
    taskState: row.task_state,
    statusText: row.status_text,
    attachments: row.attachments ? (JSON.parse(row.attachments) as AttachmentInfo[]) : [],
  };
}

export interface MessagePage {
  /** Newest first. */
  messages: MessageSummary[];
  /** Exact, or at least this many when `totalIsLowerBound` (a wide filter is counted up to a cap). */
  total: number;
  totalIsLowerBound: boolean;
  hasMore: boolean;
}

export interface MessageStore {
  insert(message: NewMessage): MessageSummary;
  list(filter: MessageFilter, page: { beforeId?: number | undefined; limit: number }): MessagePage;
  get(id: number): MessageDetail | null;
  summary(id: number): MessageSummary | null;
  /** The whole text (summaries carry a preview). */
  content(id: number): string | null;
  setStatus(id: number, status: MessageStatus): void;
  /**
   * Records the A2A task an outbound message started (known only once the peer answered), where it stands, and
   * the peer's latest interim status text (null leaves each as it was).
   */
  setTask(id: number, contextId: string | null, taskId: string | null, state?: string | null, statusText?: string | null): void;
  /** The state of a task on the messages that started or continued it (one direction); the ids changed. */
  setTaskState(taskId: string, state: string, options?: { direction?: 'in' | 'out'; statusText?: string | null; peerId?: string | null }): number[];
  /** Whether an inbound message with this trace id from this peer is already stored (pull-based receivers). */
  /**
   * Whether a recent inbound message from this peer carried this protocol message id (pull-based receivers see a
   * message by stream and by poll; the overlap is recent, so the peer's last few hundred are enough).
   */
  hasInboundMessageId(peerId: string, messageId: string): boolean;
  /** Marks wakes as seen; returns how many changed. */
  markWakesSeen(ids: readonly number[] | 'all'): number;
  counts(): NodeCounts;
  /** Whole messages after `afterId`, oldest first (the export's pages). */
  exportPage(filter: MessageFilter & { since?: string | undefined; until?: string | undefined }, afterId: number, limit: number): ExportRow[];
  /**
   * How SQLite runs the statements `list` uses for this filter (EXPLAIN QUERY PLAN details of the page and, when
   * the counters cannot answer, of the count), to check their indexes.
   */
  listPlan(filter: MessageFilter): { page: string[]; count: string[] };
}

export function createMessageStore(deps: { db: Db; clock: Clock }): MessageStore {
  const { db, clock } = deps;
  const insert = db.prepare(`INSERT INTO messages (peer_id, peer_name, direction, protocol, trace_id, idempotency_key, schema_version,
    content, encrypted, wake, status, raw, detail, created_at, context_id, task_id, parts, task_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const summaryById = db.prepare(`${SUMMARY_FROM} WHERE m.id = ?`);
  const detailById = db.prepare('SELECT content, raw, detail, parts FROM messages WHERE id = ?');
  const requestById = db.prepare('SELECT request FROM outbox WHERE message_id = ?');
  const contentById = db.prepare('SELECT content FROM messages WHERE id = ?');
  const attemptsById = db.prepare(
    'SELECT attempt, started_at, finished_at, outcome, status_code, error, sent, url FROM delivery_attempts WHERE message_id = ? ORDER BY id',
  );
  const updateStatus = db.prepare('UPDATE messages SET status = ? WHERE id = ?');
  const inboundByMessageId = db.prepare(
    "SELECT 1 FROM (SELECT raw FROM messages WHERE peer_id = ? AND direction = 'in' ORDER BY id DESC LIMIT 500) WHERE json_extract(raw, '$.message_id') = ? LIMIT 1",
  );
  const updateTask = db.prepare(
    'UPDATE messages SET context_id = COALESCE(?, context_id), task_id = COALESCE(?, task_id), task_state = COALESCE(?, task_state), status_text = COALESCE(?, status_text) WHERE id = ?',
  );
  // Only the rows that carry a state (the request and its continuations), not the replies in the same task.
  const updateTaskState = db.prepare(
    // A remote agent picks its task ids ("1" is common): outbound rows are scoped to the peer.
    "UPDATE messages SET task_state = ?, status_text = COALESCE(?, status_text) WHERE task_id = ? AND direction = ? AND protocol = 'a2a' AND (? IS NULL OR peer_id = ?) AND task_state IS NOT NULL AND (task_state IS NOT ? OR status_text IS NOT COALESCE(?, status_text)) RETURNING id",
  );
  const seenAll = db.prepare('UPDATE messages SET wake_seen_at = ? WHERE wake = 1 AND wake_seen_at IS NULL');
  const seenOne = db.prepare('UPDATE messages SET wake_seen_at = ? WHERE id = ? AND wake = 1 AND wake_seen_at IS NULL');
  const counters = db.prepare("SELECT name, value FROM counters WHERE name IN ('messages.in', 'messages.out', 'messages.unseen_wakes')");
  const pageCache = new Map<string, { page: Database.Statement; count: Database.Statement; cap: number }>();
  const exportCache = new Map<string, Database.Statement>();

  const statementsFor = (filter: MessageFilter) => {
    const query = filterSql(filter);
    const key = `${query.from} WHERE ${query.where}`;
    let cached = pageCache.get(key);
    if (!cached) {
      const cap = filter.text ? TEXT_COUNT_CAP : COUNT_CAP;
      cached = {
        page: db.prepare(`${SUMMARY_COLUMNS} FROM ${query.from} ${OUTBOX_JOIN} WHERE ${query.where} AND ${query.id} < ? ORDER BY ${query.id} DESC LIMIT ?`),
        // One past the cap: a count that reaches it is "at least the cap".
        count: db.prepare(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${query.from} WHERE ${query.where} LIMIT ${cap + 1})`),
        cap,
      };
      pageCache.set(key, cached);
    }
    return { ...cached, params: query.params };
  };

  const readCounts = (): NodeCounts => {
    // Kept by triggers (migration 003), so this is three primary-key reads whatever the table size.
    const values = new Map((counters.all() as { name: string; value: number }[]).map((row) => [row.name, row.value]));
    return { messagesIn: values.get('messages.in') ?? 0, messagesOut: values.get('messages.out') ?? 0, unseenWakes: values.get('messages.unseen_wakes') ?? 0 };
  };

  /** The filter's total from the trigger-kept counters (migration 003), when they hold it: none, or direction only. */
  const countedTotal = (filter: MessageFilter): number | null => {
    const set = (Object.keys(filter) as (keyof MessageFilter)[]).filter((key) => filter[key] !== undefined && filter[key] !== '');
    if (set.length > 1 || (set.length === 1 && set[0] !== 'direction')) return null;
    const counts = readCounts();
    return filter.direction === 'in' ? counts.messagesIn : filter.direction === 'out' ? counts.messagesOut : counts.messagesIn + counts.messagesOut;
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
        message.contextId ?? null,
        message.taskId ?? null,
        message.parts ? JSON.stringify(message.parts) : null,
        message.taskState ?? null,
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
        delivery: null,
        contextId: message.contextId ?? null,
        taskId: message.taskId ?? null,
        taskState: message.taskState ?? null,
        statusText: null,
        attachments: [],
      };
    },
    exportPage(filter, afterId, limit) {
      const query = filterSql(filter);
      const key = `${query.from} WHERE ${query.where}`;
      const { params } = query;
      // Prepared once per filter shape, like the timeline's pages: an export asks for page after page.
      let statement = exportCache.get(key);
      if (!statement) {
        statement = db.prepare(
          `SELECT m.id, m.created_at, m.direction, m.protocol, m.peer_name, m.trace_id, m.idempotency_key, m.status, m.task_state, m.context_id, m.task_id, m.encrypted, m.content, m.attachments
           FROM ${query.from} WHERE ${query.where} AND ${query.id} > ? AND (? IS NULL OR m.created_at >= ?) AND (? IS NULL OR m.created_at < ?) ORDER BY ${query.id} LIMIT ?`,
        );
        exportCache.set(key, statement);
      }
      const rows = statement
        .all(...params, afterId, filter.since ?? null, filter.since ?? null, filter.until ?? null, filter.until ?? null, limit) as {
        id: number; created_at: string; direction: 'in' | 'out'; protocol: string; peer_name: string; trace_id: string; idempotency_key: string | null; status: MessageStatus; task_state: string | null; context_id: string | null; task_id: string | null; encrypted: number; content: string; attachments: string | null;
      }[];
      return rows.map((row) => ({
        id: row.id,
        createdAt: row.created_at,
        direction: row.direction,
        protocol: row.protocol,
        peerName: row.peer_name,
        traceId: row.trace_id,
        idempotencyKey: row.idempotency_key,
        status: row.status,
        taskState: row.task_state,
        contextId: row.context_id,
        taskId: row.task_id,
        encrypted: row.encrypted === 1,
        content: row.content,
        attachments: row.attachments ? (JSON.parse(row.attachments) as AttachmentInfo[]).map(({ name, mediaType, size, sha256, url }) => ({ name, mediaType, size, sha256, url })) : [],
      }));
    },
    listPlan(filter) {
      const { page, count, params } = statementsFor(filter);
      const plan = (statement: Database.Statement, ...args: unknown[]) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${statement.source}`).all(...args) as { detail: string }[]).map((row) => row.detail);
      return { page: plan(page, ...params, Number.MAX_SAFE_INTEGER, 201), count: countedTotal(filter) === null ? plan(count, ...params) : [] };
    },
    list(filter, { beforeId, limit }) {
      const { page, count, cap, params } = statementsFor(filter);
      const rows = page.all(...params, beforeId ?? Number.MAX_SAFE_INTEGER, limit + 1) as Row[];
      const hasMore = rows.length > limit;
      const messages = rows.slice(0, limit).map(toSummary);
      // A first page that holds everything is its own count; otherwise the counters, else a count up to the cap.
      const counted = !beforeId && !hasMore ? messages.length : countedTotal(filter);
      if (counted !== null) return { messages, total: counted, totalIsLowerBound: false, hasMore };
      const n = (count.get(...params) as { n: number }).n;
      return { messages, total: Math.min(n, cap), totalIsLowerBound: n > cap, hasMore };
    },
    get(id) {
      const row = summaryById.get(id) as Row | undefined;
      if (!row) return null;
      const detail = detailById.get(id) as { content: string; raw: string; detail: string; parts: string | null };
      const attemptRows = attemptsById.all(id) as AttemptRow[];
      const attempts = attemptRows.map(
        (a): DeliveryAttempt => ({
          attempt: a.attempt,
          startedAt: a.started_at,
          finishedAt: a.finished_at,
          outcome: a.outcome,
          statusCode: a.status_code,
          error: a.error,
          durationMs: a.finished_at ? Math.max(0, Date.parse(a.finished_at) - Date.parse(a.started_at)) : null,
        }),
      );
      const summary = toSummary(row);
      return {
        ...summary,
        content: detail.content,
        raw: JSON.parse(detail.raw) as unknown,
        detail: detail.detail,
        attempts,
        sentAs: summary.direction === 'out' ? sentAsOf(requestById.get(id) as { request: string } | undefined, attemptRows, summary) : null,
        parts: detail.parts ? (JSON.parse(detail.parts) as MessagePart[]) : null,
      };
    },
    summary(id) {
      const row = summaryById.get(id) as Row | undefined;
      return row ? toSummary(row) : null;
    },
    content(id) {
      return (contentById.get(id) as { content: string } | undefined)?.content ?? null;
    },
    setStatus(id, status) {
      updateStatus.run(status, id);
    },
    setTask(id, contextId, taskId, state = null, statusText = null) {
      updateTask.run(contextId, taskId, state, statusText, id);
    },
    setTaskState(taskId, state, { direction = 'in', statusText = null, peerId = null } = {}) {
      return (updateTaskState.all(state, statusText, taskId, direction, peerId, peerId, state, statusText) as { id: number }[]).map((row) => row.id);
    },
    hasInboundMessageId(peerId, messageId) {
      return inboundByMessageId.get(peerId, messageId) !== undefined;
    },
    markWakesSeen(ids) {
      const now = isoAt(clock);
      return ids === 'all' ? seenAll.run(now).changes : db.transaction(() => ids.reduce((sum, id) => sum + seenOne.run(now, id).changes, 0))();
    },
    counts: readCounts,
  };
}

interface AttemptRow {
  attempt: number;
  started_at: string;
  finished_at: string | null;
  outcome: DeliveryAttempt['outcome'];
  status_code: number | null;
  error: string | null;
  sent: string | null;
  url: string | null;
}

/** Wake and encryption as the operator chose them (the stored request), and the latest attempt's wire body. */
function sentAsOf(outbox: { request: string } | undefined, attempts: readonly AttemptRow[], summary: MessageSummary): SentAs {
  const request = outbox ? (JSON.parse(outbox.request) as { wake?: unknown; encrypt?: unknown }) : {};
  const last = [...attempts].reverse().find((attempt) => attempt.sent !== null);
  return {
    wake: typeof request.wake === 'boolean' ? request.wake : summary.wake,
    encrypted: typeof request.encrypt === 'boolean' ? request.encrypt : summary.encrypted,
    envelope: last?.sent ? (JSON.parse(last.sent) as unknown) : null,
    url: last?.url ?? null,
  };
}
