import type { AuditEntry } from '../../../shared/domain/node';
import { isoAt, type Clock } from '../clock';
import { redact } from '../redact';
import type { Db } from './database';

export interface AuditLog {
  /** Records a security-relevant event. Details are redacted before they are stored. */
  audit(event: string, details?: Record<string, unknown>): AuditEntry;
  list(options: { limit: number; beforeId?: number | undefined }): AuditEntry[];
}

interface AuditRow {
  id: number;
  at: string;
  event: string;
  details: string;
}

export function createAuditLog(deps: { db: Db; clock: Clock; onAppend?: (entry: AuditEntry) => void }): AuditLog {
  const insert = deps.db.prepare('INSERT INTO audit_log (at, event, details) VALUES (?, ?, ?)');
  const page = deps.db.prepare('SELECT id, at, event, details FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?');
  const toEntry = (row: AuditRow): AuditEntry => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> });
  return {
    audit(event, details = {}) {
      const at = isoAt(deps.clock);
      const safe = redact(details);
      const { lastInsertRowid } = insert.run(at, event, JSON.stringify(safe));
      const entry: AuditEntry = { id: Number(lastInsertRowid), at, event, details: safe };
      deps.onAppend?.(entry);
      return entry;
    },
    list({ limit, beforeId }) {
      return (page.all(beforeId ?? Number.MAX_SAFE_INTEGER, limit) as AuditRow[]).map(toEntry);
    },
  };
}
