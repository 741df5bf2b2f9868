import type { Approval, ApprovalAction, ApprovalKind, ApprovalStatus } from '../../../shared/domain/approval';
import { isoAt, type Clock } from '../clock';
import { approvalId } from '../crypto/ids';
import type { Db } from '../store/database';

interface Row {
  id: string;
  kind: ApprovalKind;
  status: ApprovalStatus;
  peer_id: string | null;
  peer_name: string;
  title: string;
  detail: string;
  created_at: string;
  expires_at: string | null;
  decided_at: string | null;
  decision: string | null;
}

/** The approvals inbox in SQLite: pending items first, decided ones kept as history. */
export function createApprovalStore(deps: { db: Db; clock: Clock; actionsOf: (kind: ApprovalKind, detail: Record<string, unknown>) => ApprovalAction[] }) {
  const { db, clock } = deps;
  const s = {
    insert: db.prepare('INSERT INTO approvals (id, kind, status, peer_id, peer_name, title, detail, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    get: db.prepare('SELECT * FROM approvals WHERE id = ?'),
    list: db.prepare("SELECT * FROM approvals WHERE (? IS NULL OR status = ?) ORDER BY CASE status WHEN 'pending' THEN 0 ELSE 1 END, created_at DESC LIMIT ?"),
    decide: db.prepare("UPDATE approvals SET status = ?, decided_at = ?, decision = ? WHERE id = ? AND status = 'pending'"),
    due: db.prepare("SELECT * FROM approvals WHERE status = 'pending' AND expires_at IS NOT NULL AND expires_at <= ?"),
    // The status index makes this a range over the pending items only, whatever the history holds.
    pendingCount: db.prepare("SELECT COUNT(*) AS n FROM approvals WHERE status = 'pending'"),
    oldestPending: db.prepare("SELECT MIN(created_at) AS at FROM approvals WHERE status = 'pending'"),
    byDetail: db.prepare("SELECT * FROM approvals WHERE kind = ? AND status = 'pending' AND json_extract(detail, ?) = ?"),
  };

  const toApproval = (row: Row): Approval => {
    const detail = JSON.parse(row.detail) as Record<string, unknown>;
    return {
      id: row.id,
      kind: row.kind,
      status: row.status,
      peerId: row.peer_id,
      peerName: row.peer_name,
      title: row.title,
      detail,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      decidedAt: row.decided_at,
      decision: row.decision ? (JSON.parse(row.decision) as Approval['decision']) : null,
      actions: row.status === 'pending' ? deps.actionsOf(row.kind, detail) : [],
    };
  };

  return {
    create(input: { kind: ApprovalKind; peerId: string | null; peerName: string; title: string; detail: Record<string, unknown>; expiresInMs: number | null }): Approval {
      const id = approvalId();
      const expires = input.expiresInMs === null ? null : new Date(clock.now() + input.expiresInMs).toISOString();
      s.insert.run(id, input.kind, 'pending', input.peerId, input.peerName, input.title, JSON.stringify(input.detail), isoAt(clock), expires);
      return toApproval(s.get.get(id) as Row);
    },
    get(id: string): Approval | null {
      const row = s.get.get(id) as Row | undefined;
      return row ? toApproval(row) : null;
    },
    list(filter: { status?: ApprovalStatus | undefined; limit: number }): Approval[] {
      return (s.list.all(filter.status ?? null, filter.status ?? null, filter.limit) as Row[]).map(toApproval);
    },
    /** Moves a pending item to its outcome; false when it was no longer pending (decided elsewhere, expired). */
    decide(id: string, status: Exclude<ApprovalStatus, 'pending'>, decision: Approval['decision']): boolean {
      return s.decide.run(status, isoAt(clock), JSON.stringify(decision), id).changes > 0;
    },
    due(): Approval[] {
      return (s.due.all(isoAt(clock)) as Row[]).map(toApproval);
    },
    /** When the longest-waiting request arrived (null when none waits). */
    oldestPendingAt(): string | null {
      return (s.oldestPending.get() as { at: string | null }).at;
    },
    pendingCount(): number {
      return (s.pendingCount.get() as { n: number }).n;
    },
    /** The pending item whose detail has `field` = value (e.g. the request of a task). */
    pendingWhere(kind: ApprovalKind, field: string, value: string): Approval | null {
      const row = s.byDetail.get(kind, `$.${field}`, value) as Row | undefined;
      return row ? toApproval(row) : null;
    },
  };
}

export type ApprovalStore = ReturnType<typeof createApprovalStore>;
