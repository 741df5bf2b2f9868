import type { PeerDeliveryState, RedrivePolicy, RetryPolicy, SendRequest } from '../../../shared/domain/delivery';
import type { MessageSummary } from '../../../shared/domain/message';
import type { PeerProtocol } from '../../../shared/domain/peer';
import { isoAt, type Clock } from '../clock';
import { redact } from '../redact';
import type { Db } from '../store/database';
import { SUMMARY_FROM, toSummary, type MessageStore } from '../store/message-store';
import type { AttemptResult } from './retry-policy';

export interface PendingHead {
  messageId: number;
  peerId: string;
  nextAttemptAt: number;
}

export interface OutboxItem {
  messageId: number;
  peerId: string | null;
  peerName: string;
  protocol: PeerProtocol;
  attempts: number;
  maxAttempts: number;
  request: SendRequest;
  blobId: string | null;
  /** When it was queued (its message's time), for queued → delivered latency. */
  createdAt: string;
}

export interface Transition {
  state: 'delivered' | 'retrying' | 'dead';
  nextAttemptAt?: number;
  deadReason?: string;
  /** Dead: when it is tried again by itself (its cause was transient), or null (a refusal, or redrive is off). */
  redriveAt?: number | null;
  /** Dead: whether its cause was transient (a later redrive may still be switched on). */
  transient?: boolean;
}

export interface BegunAttempt {
  item: OutboxItem;
  attemptNo: number;
  summary: MessageSummary;
}

export interface RedriveCandidate {
  messageId: number;
  peerId: string | null;
  firstDeadAt: number;
  /** When it last changed (its last attempt ended). */
  lastChangedAt: number;
}

/** What every start reads to recover interrupted deliveries (indexed by migration 017; test/store/start-up-plans.test.ts). */
export const RECOVERY_SQL = {
  interruptedAttempts: "UPDATE delivery_attempts SET finished_at = ?, outcome = 'interrupted', error = 'the node stopped during this attempt' WHERE finished_at IS NULL",
  sendingRows: "SELECT message_id FROM outbox WHERE state = 'sending'",
} as const;

/**
 * SQL for the outbox. Every state change updates the outbox row, the message's status and the attempt record in
 * one transaction, so a crash at any point leaves a consistent row to resume from.
 */
export function createOutboxStore(deps: { db: Db; clock: Clock; messages: MessageStore }) {
  const { db, clock, messages } = deps;
  const s = {
    insert: db.prepare(
      'INSERT INTO outbox (message_id, peer_id, state, attempts, max_attempts, next_attempt_at, request, replay_of, updated_at) VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?)',
    ),
    // One index probe per peer (outbox_pending), not a scan of every pending row: the worker asks after every attempt.
    heads: db.prepare(`
      SELECT o.message_id AS messageId, o.peer_id AS peerId, o.next_attempt_at AS nextAttemptAt
      FROM peers p JOIN outbox o ON o.message_id = (
        SELECT message_id FROM outbox WHERE peer_id = p.id AND state IN ('queued', 'sending', 'retrying') ORDER BY message_id LIMIT 1)
      WHERE NOT EXISTS (SELECT 1 FROM peer_delivery d WHERE d.peer_id = p.id AND d.paused = 1)`),
    headOf: db.prepare(`
      SELECT message_id AS messageId, next_attempt_at AS nextAttemptAt FROM outbox
      WHERE peer_id = ? AND state IN ('queued', 'sending', 'retrying') AND NOT EXISTS (SELECT 1 FROM peer_delivery d WHERE d.peer_id = ? AND d.paused = 1)
      ORDER BY message_id LIMIT 1`),
    waiting: db.prepare(`
      SELECT message_id AS messageId, next_attempt_at AS nextAttemptAt FROM outbox
      WHERE peer_id = ? AND state IN ('queued', 'sending', 'retrying') ORDER BY message_id LIMIT ?`),
    item: db.prepare(`
      SELECT o.message_id, o.peer_id, m.peer_name, m.protocol, o.attempts, o.max_attempts, o.request, o.blob_id, m.created_at
      FROM outbox o JOIN messages m ON m.id = o.message_id WHERE o.message_id = ?`),
    // An attempt's begin reads the message once: the summary the UI is told of and what the protocol sends.
    beginRead: db.prepare(`${SUMMARY_FROM.replace('SELECT ', 'SELECT o.request AS o_request, o.blob_id AS o_blob_id, ')} WHERE m.id = ?`),
    begin: db.prepare("UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE message_id = ? AND state IN ('queued', 'sending', 'retrying') RETURNING attempts"),
    attemptStart: db.prepare('INSERT INTO delivery_attempts (message_id, attempt, started_at) VALUES (?, ?, ?)'),
    attemptEnd: db.prepare('UPDATE delivery_attempts SET finished_at = ?, outcome = ?, status_code = ?, error = ? WHERE message_id = ? AND attempt = ? AND finished_at IS NULL'),
    transition: db.prepare(
      'UPDATE outbox SET state = ?, next_attempt_at = ?, last_error = ?, dead_reason = ?, response = COALESCE(?, response), delivered_at = ?, updated_at = ? WHERE message_id = ?',
    ),
    // Dead: remembered as transient (redriven later) or a refusal, and when it first died (the redrive window).
    deadMark: db.prepare('UPDATE outbox SET redrivable = ?, first_dead_at = COALESCE(first_dead_at, ?), next_redrive_at = ? WHERE message_id = ?'),
    redrive: db.prepare(
      "UPDATE outbox SET state = 'queued', max_attempts = attempts + 1, next_attempt_at = ?, dead_reason = NULL, next_redrive_at = NULL, updated_at = ? WHERE message_id = ? AND state = 'dead' AND redrivable = 1 AND discarded_at IS NULL",
    ),
    redriveDue: db.prepare(
      "SELECT message_id, peer_id, first_dead_at, updated_at FROM outbox WHERE state = 'dead' AND redrivable = 1 AND discarded_at IS NULL AND next_redrive_at <= ? ORDER BY next_redrive_at LIMIT 500",
    ),
    redrivableOf: db.prepare("SELECT message_id, peer_id, first_dead_at, updated_at FROM outbox WHERE state = 'dead' AND redrivable = 1 AND discarded_at IS NULL AND peer_id = ? ORDER BY message_id LIMIT 500"),
    topDeadReasons: db.prepare(`
      SELECT m.peer_name, substr(o.dead_reason, 1, instr(o.dead_reason || '. ', '. ')) AS reason, COUNT(*) AS n
      FROM outbox o JOIN messages m ON m.id = o.message_id
      WHERE o.state = 'dead' AND o.discarded_at IS NULL GROUP BY 1, 2 ORDER BY n DESC, 1 LIMIT ?`),
    redrivePolicy: db.prepare('SELECT redrive_enabled, redrive_interval_ms, redrive_window_ms FROM peer_delivery WHERE peer_id = ?'),
    setRedrivePolicy: db.prepare(
      'INSERT INTO peer_delivery (peer_id, redrive_enabled, redrive_interval_ms, redrive_window_ms) VALUES (?, ?, ?, ?) ON CONFLICT (peer_id) DO UPDATE SET redrive_enabled = excluded.redrive_enabled, redrive_interval_ms = excluded.redrive_interval_ms, redrive_window_ms = excluded.redrive_window_ms',
    ),
    interruptedAttempts: db.prepare(RECOVERY_SQL.interruptedAttempts),
    sendingRows: db.prepare(RECOVERY_SQL.sendingRows),
    requeue: db.prepare("UPDATE outbox SET state = 'queued', next_attempt_at = ?, updated_at = ? WHERE message_id = ?"),
    setBlob: db.prepare('UPDATE outbox SET blob_id = ? WHERE message_id = ?'),
    attemptSent: db.prepare('UPDATE delivery_attempts SET sent = ?, url = ? WHERE message_id = ? AND finished_at IS NULL'),
    deadPage: db.prepare(`${SUMMARY_FROM} WHERE o.state = 'dead' AND o.discarded_at IS NULL AND (? IS NULL OR m.peer_id = ?) AND m.id < ? ORDER BY m.id DESC LIMIT ?`),
    deadIds: db.prepare("SELECT message_id FROM outbox WHERE state = 'dead' AND discarded_at IS NULL AND (? IS NULL OR peer_id = ?) ORDER BY message_id"),
    deadRow: db.prepare("SELECT peer_id FROM outbox WHERE message_id = ? AND state = 'dead' AND discarded_at IS NULL"),
    // The operator's replay starts afresh: full attempts, and a new redrive window should it die again.
    replay: db.prepare(
      "UPDATE outbox SET state = 'queued', attempts = 0, max_attempts = ?, next_attempt_at = ?, dead_reason = NULL, redrivable = 0, first_dead_at = NULL, next_redrive_at = NULL, updated_at = ? WHERE message_id = ?",
    ),
    discard: db.prepare("UPDATE outbox SET discarded_at = ?, updated_at = ? WHERE message_id = ? AND state = 'dead' AND discarded_at IS NULL"),
    replacedBy: db.prepare('UPDATE outbox SET replaced_by = ?, discarded_at = ?, updated_at = ? WHERE message_id = ?'),
    pending: db.prepare(`${SUMMARY_FROM} WHERE o.state IN ('queued', 'sending', 'retrying') ORDER BY m.id LIMIT ?`),
    pendingByPeer: db.prepare(`
      SELECT p.id AS peerId, p.name AS peerName, COALESCE(d.paused, 0) AS paused,
        (SELECT COUNT(*) FROM outbox o WHERE o.peer_id = p.id AND o.state IN ('queued', 'sending', 'retrying')) AS pending
      FROM peers p LEFT JOIN peer_delivery d ON d.peer_id = p.id
      WHERE COALESCE(d.paused, 0) = 1 OR EXISTS (SELECT 1 FROM outbox o WHERE o.peer_id = p.id AND o.state IN ('queued', 'sending', 'retrying'))
      ORDER BY p.name COLLATE NOCASE`),
    retryNowIds: db.prepare("UPDATE outbox SET next_attempt_at = ?, updated_at = ? WHERE message_id = ? AND state IN ('queued', 'retrying')"),
    retryNowPeer: db.prepare("UPDATE outbox SET next_attempt_at = ?, updated_at = ? WHERE peer_id = ? AND state IN ('queued', 'retrying')"),
    pause: db.prepare('INSERT INTO peer_delivery (peer_id, paused) VALUES (?, ?) ON CONFLICT (peer_id) DO UPDATE SET paused = excluded.paused'),
    policy: db.prepare('SELECT max_attempts, base_delay_ms FROM peer_delivery WHERE peer_id = ?'),
    setPolicy: db.prepare(
      'INSERT INTO peer_delivery (peer_id, max_attempts, base_delay_ms) VALUES (?, ?, ?) ON CONFLICT (peer_id) DO UPDATE SET max_attempts = excluded.max_attempts, base_delay_ms = excluded.base_delay_ms',
    ),
    abandonPeer: db.prepare("SELECT message_id FROM outbox WHERE peer_id = ? AND state IN ('queued', 'sending', 'retrying')"),
    kill: db.prepare("UPDATE outbox SET state = 'dead', dead_reason = ?, updated_at = ? WHERE message_id = ?"),
    // Both counts read a partial index holding only undelivered rows, however long the history.
    countPending: db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state IN ('queued', 'sending', 'retrying')"),
    countDead: db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state = 'dead' AND discarded_at IS NULL"),
  };

  const summary = (id: number): MessageSummary => messages.summary(id)!;
  /**
   * A transaction, or inline when one is open: the attempts and sends run inside the group commit's own savepoint
   * per piece, so a second savepoint per store call would only add two statements (and a transaction function
   * built afresh each call).
   */
  const atomic = <A extends unknown[], R>(work: (...args: A) => R): ((...args: A) => R) => {
    const wrapped = db.transaction(work);
    return (...args: A) => (db.inTransaction ? work(...args) : wrapped(...args));
  };
  const enqueueTx = atomic(
    (input: { peerId: string; peerName: string; protocol: PeerProtocol; request: SendRequest; maxAttempts: number; replayOf?: number }): MessageSummary => {
      const row = messages.insert({
        peerId: input.peerId,
        peerName: input.peerName,
        direction: 'out',
        protocol: input.protocol,
        traceId: input.request.traceId,
        idempotencyKey: input.request.idempotencyKey,
        schemaVersion: null,
        contextId: input.request.contextId ?? null,
        taskId: input.request.taskId ?? null,
        content: input.request.text,
        encrypted: input.request.encrypt,
        wake: false,
        status: 'queued',
        raw: { encrypt: input.request.encrypt, wake: input.request.wake },
      });
      const nextAttemptAt = clock.now();
      s.insert.run(row.id, input.peerId, 'queued', input.maxAttempts, nextAttemptAt, JSON.stringify(input.request), input.replayOf ?? null, isoAt(clock));
      // The row just written, as the summary query would read it back (a send need not read its own write).
      return {
        ...row,
        delivery: {
          attempts: 0,
          maxAttempts: input.maxAttempts,
          nextAttemptAt: new Date(nextAttemptAt).toISOString(),
          lastError: null,
          deadReason: null,
          nextRedriveAt: null,
          replayOf: input.replayOf ?? null,
          replacedBy: null,
          discarded: false,
          response: null,
        },
      };
    },
  );
  const beginWork = (messageId: number): BegunAttempt | null => {
    const now = isoAt(clock);
    // Not a row the operator ended (or one delivered) while its attempt waited to begin.
    const row = s.begin.get(now, messageId) as { attempts: number } | undefined;
    if (!row) return null;
    messages.setStatus(messageId, 'sending');
    s.attemptStart.run(messageId, row.attempts, now);
    const read = s.beginRead.get(messageId) as (Parameters<typeof toSummary>[0] & { o_request: string; o_blob_id: string | null }) | undefined;
    if (!read) return null;
    const message = toSummary(read);
    return {
      item: {
        messageId,
        peerId: read.peer_id,
        peerName: read.peer_name,
        protocol: read.protocol,
        attempts: row.attempts,
        maxAttempts: read.o_max_attempts ?? row.attempts,
        request: JSON.parse(read.o_request) as SendRequest,
        blobId: read.o_blob_id,
        createdAt: read.created_at,
      },
      attemptNo: row.attempts,
      summary: message,
    };
  };
  const beginTx = atomic(beginWork);
  // Always its own savepoint (or transaction): what fails in it is undone alone, whatever the enclosing unit did.
  const beginApartTx = db.transaction(beginWork);
  const finishTx = atomic((messageId: number, attempt: number, result: AttemptResult, transition: Transition): MessageSummary => {
    const now = isoAt(clock);
    const outcome = result.kind === 'delivered' ? 'delivered' : transition.state === 'dead' ? 'failed' : 'retry';
    s.attemptEnd.run(now, outcome, result.statusCode, result.kind === 'delivered' ? null : result.error, messageId, attempt);
    s.transition.run(
      transition.state,
      transition.nextAttemptAt ?? clock.now(),
      result.kind === 'delivered' ? null : result.error,
      transition.deadReason ?? null,
      result.kind === 'delivered' ? JSON.stringify(result.response ?? null) : null,
      result.kind === 'delivered' ? now : null,
      now,
      messageId,
    );
    if (transition.state === 'dead') s.deadMark.run(transition.transient ? 1 : 0, clock.now(), transition.redriveAt ?? null, messageId);
    messages.setStatus(messageId, transition.state);
    // Read back, not patched: a protocol may have changed the message during the attempt (an A2A task, its state).
    return summary(messageId);
  });

  return {
    /** Messages waiting to go out, and dead letters not yet replayed or discarded. */
    /** The commonest reasons among dead letters (their first sentence, per peer), for the Dashboard. */
    topDeadReasons(limit: number): { peerName: string; reason: string; count: number }[] {
      return (s.topDeadReasons.all(limit) as { peer_name: string; reason: string; n: number }[]).map((row) => ({ peerName: row.peer_name, reason: row.reason, count: row.n }));
    },
    counts(): { queued: number; dead: number } {
      return { queued: (s.countPending.get() as { n: number }).n, dead: (s.countDead.get() as { n: number }).n };
    },
    /** Adds an outbound message and its outbox row; committed before anyone is told "queued". */
    enqueue(input: { peerId: string; peerName: string; protocol: PeerProtocol; request: SendRequest; maxAttempts: number; replayOf?: number }): MessageSummary {
      return enqueueTx(input);
    },

    /** The oldest unfinished message of each unpaused peer: per-peer order means only the head may be in flight. */
    heads(): PendingHead[] {
      return s.heads.all() as PendingHead[];
    },

    item(messageId: number): OutboxItem | null {
      const row = s.item.get(messageId) as
        | { message_id: number; peer_id: string | null; peer_name: string; protocol: PeerProtocol; attempts: number; max_attempts: number; request: string; blob_id: string | null; created_at: string }
        | undefined;
      if (!row) return null;
      return {
        messageId: row.message_id,
        peerId: row.peer_id,
        peerName: row.peer_name,
        protocol: row.protocol,
        attempts: row.attempts,
        maxAttempts: row.max_attempts,
        request: JSON.parse(row.request) as SendRequest,
        blobId: row.blob_id,
        createdAt: row.created_at,
      };
    },

    /** The oldest unfinished message of one peer, unless the peer is paused. */
    headOf(peerId: string): { messageId: number; nextAttemptAt: number } | null {
      return (s.headOf.get(peerId, peerId) as { messageId: number; nextAttemptAt: number } | undefined) ?? null;
    },

    /** A peer's unfinished rows, oldest first (those in flight included: the caller skips its own). */
    waiting(peerId: string, limit: number): { messageId: number; nextAttemptAt: number }[] {
      return s.waiting.all(peerId, limit) as { messageId: number; nextAttemptAt: number }[];
    },

    /**
     * Starts an attempt: the row is 'sending', its attempt recorded, and what it carries read once (the item to
     * deliver, with this attempt's number, and the summary to tell the UI). Null when the row is no longer
     * waiting to be sent (finished, or ended by the operator, while its begin waited for the commit).
     */
    begin(messageId: number): BegunAttempt | null {
      return beginTx(messageId);
    },

    /** As begin, in a savepoint of its own: a failure here leaves the enclosing unit's writes standing. */
    beginApart(messageId: number): BegunAttempt | null {
      return beginApartTx(messageId);
    },

    finishAttempt(messageId: number, attempt: number, result: AttemptResult, transition: Transition): MessageSummary {
      return finishTx(messageId, attempt, result, transition);
    },

    /** One more attempt for a transient dead letter (attempts keep counting); false when it is no longer one. */
    redrive(messageId: number): boolean {
      const changed = s.redrive.run(clock.now(), isoAt(clock), messageId).changes > 0;
      if (changed) messages.setStatus(messageId, 'queued');
      return changed;
    },
    redriveDue(now: number): RedriveCandidate[] {
      return (s.redriveDue.all(now) as CandidateRow[]).map(candidate);
    },
    redrivableOf(peerId: string): RedriveCandidate[] {
      return (s.redrivableOf.all(peerId) as CandidateRow[]).map(candidate);
    },
    redriveOverride(peerId: string): Partial<RedrivePolicy> {
      const row = s.redrivePolicy.get(peerId) as { redrive_enabled: number | null; redrive_interval_ms: number | null; redrive_window_ms: number | null } | undefined;
      if (!row || row.redrive_enabled === null || row.redrive_interval_ms === null || row.redrive_window_ms === null) return {};
      return { enabled: row.redrive_enabled === 1, intervalMinutes: row.redrive_interval_ms / 60_000, forHours: row.redrive_window_ms / 3_600_000 };
    },
    setRedriveOverride(peerId: string, policy: RedrivePolicy | null): void {
      s.setRedrivePolicy.run(peerId, policy ? (policy.enabled ? 1 : 0) : null, policy ? policy.intervalMinutes * 60_000 : null, policy ? policy.forHours * 3_600_000 : null);
    },

    /** After a crash or kill: attempts that never finished are recorded as interrupted and their rows queued again. */
    recoverInterrupted(): number[] {
      return db.transaction(() => {
        const now = isoAt(clock);
        s.interruptedAttempts.run(now);
        const ids = (s.sendingRows.all() as { message_id: number }[]).map((r) => r.message_id);
        for (const id of ids) {
          s.requeue.run(clock.now(), now, id);
          messages.setStatus(id, 'queued');
        }
        return ids;
      })();
    },

    setBlobId(messageId: number, blobId: string): void {
      s.setBlob.run(blobId, messageId);
    },

    /** What the running attempt put on the wire, redacted and with long texts shortened (the text itself is the message's). */
    recordSent(messageId: number, url: string, body: unknown): void {
      s.attemptSent.run(JSON.stringify(shortened(redact(body))), url.slice(0, 2048), messageId);
    },

    deadLetters(filter: { peerId?: string | undefined; beforeId?: number | undefined; limit: number }): MessageSummary[] {
      return (s.deadPage.all(filter.peerId ?? null, filter.peerId ?? null, filter.beforeId ?? Number.MAX_SAFE_INTEGER, filter.limit) as Parameters<typeof toSummary>[0][]).map(toSummary);
    },

    deadIds(peerId?: string): number[] {
      return (s.deadIds.all(peerId ?? null, peerId ?? null) as { message_id: number }[]).map((r) => r.message_id);
    },

    /** The dead letter's peer, or undefined when the id is not a live dead letter. */
    deadPeer(messageId: number): string | null | undefined {
      const row = s.deadRow.get(messageId) as { peer_id: string | null } | undefined;
      return row ? row.peer_id : undefined;
    },

    /** Back to the queue with the same message (same trace id and idempotency key), attempts counted afresh. */
    replay(messageId: number, maxAttempts: number): void {
      db.transaction(() => {
        s.replay.run(maxAttempts, clock.now(), isoAt(clock), messageId);
        messages.setStatus(messageId, 'queued');
      })();
    },

    discard(messageId: number): boolean {
      return s.discard.run(isoAt(clock), isoAt(clock), messageId).changes > 0;
    },

    markReplaced(messageId: number, replacement: number): void {
      s.replacedBy.run(replacement, isoAt(clock), isoAt(clock), messageId);
    },

    pending(limit: number): MessageSummary[] {
      return (s.pending.all(limit) as Parameters<typeof toSummary>[0][]).map(toSummary);
    },

    peerStates(): PeerDeliveryState[] {
      return (s.pendingByPeer.all() as { peerId: string; peerName: string; paused: number; pending: number }[]).map((r) => ({ ...r, paused: r.paused === 1 }));
    },

    retryNow(target: { ids: readonly number[] } | { peerId: string }): number {
      const now = clock.now();
      if ('peerId' in target) return s.retryNowPeer.run(now, isoAt(clock), target.peerId).changes;
      return db.transaction(() => target.ids.reduce((sum, id) => sum + s.retryNowIds.run(now, isoAt(clock), id).changes, 0))();
    },

    setPaused(peerId: string, paused: boolean): void {
      s.pause.run(peerId, paused ? 1 : 0);
    },

    policyOverride(peerId: string): Partial<RetryPolicy> {
      const row = s.policy.get(peerId) as { max_attempts: number | null; base_delay_ms: number | null } | undefined;
      return {
        ...(row?.max_attempts != null ? { maxAttempts: row.max_attempts } : {}),
        ...(row?.base_delay_ms != null ? { baseDelayMs: row.base_delay_ms } : {}),
      };
    },

    setPolicy(peerId: string, policy: Partial<RetryPolicy> | null): void {
      s.setPolicy.run(peerId, policy?.maxAttempts ?? null, policy?.baseDelayMs ?? null);
    },

    /** Ends a message without an attempt (its peer is gone): a dead letter with the reason. */
    kill(messageId: number, reason: string): void {
      db.transaction(() => {
        s.kill.run(reason, isoAt(clock), messageId);
        messages.setStatus(messageId, 'dead');
      })();
    },

    /** Pending messages of a peer (for when it is removed). */
    pendingFor(peerId: string): number[] {
      return (s.abandonPeer.all(peerId) as { message_id: number }[]).map((r) => r.message_id);
    },
  };
}

export type OutboxStore = ReturnType<typeof createOutboxStore>;

const MAX_SENT_STRING = 2_000;

/** Strings past a couple of thousand characters are cut with a note of how much more there was. */
function shortened(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.length > MAX_SENT_STRING ? `${value.slice(0, MAX_SENT_STRING)}… (${value.length - MAX_SENT_STRING} more characters)` : value;
  if (depth > 32) return '…';
  if (Array.isArray(value)) return value.slice(0, 200).map((item) => shortened(item, depth + 1));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).slice(0, 200).map(([key, inner]) => [key, shortened(inner, depth + 1)]));
  return value;
}

interface CandidateRow {
  message_id: number;
  peer_id: string | null;
  first_dead_at: number;
  updated_at: string;
}

const candidate = (row: CandidateRow): RedriveCandidate => ({ messageId: row.message_id, peerId: row.peer_id, firstDeadAt: row.first_dead_at, lastChangedAt: Date.parse(row.updated_at) });
