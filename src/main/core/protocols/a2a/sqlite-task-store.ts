import { Task, TaskState, type ListTasksRequest, type ListTasksResponse } from '@a2a-js/sdk';
import type { ServerCallContext, TaskStore } from '@a2a-js/sdk/server';
import { RequestMalformedError } from '@a2a-js/sdk/errors';
import type { Clock } from '../../clock';
import type { Db } from '../../store/database';
import { decodePageToken, encodePageToken } from './page-token';

export const TERMINAL_STATES: readonly TaskState[] = [TaskState.TASK_STATE_COMPLETED, TaskState.TASK_STATE_FAILED, TaskState.TASK_STATE_CANCELED, TaskState.TASK_STATE_REJECTED];
const DEFAULT_PAGE = 50;
const MAX_PAGE = 100;

/** Every task belongs to its caller: the authenticated peer (or "anonymous" when keys are switched off). */
export function ownerOf(context: ServerCallContext | undefined): string {
  const user = context?.user;
  return user?.isAuthenticated && user.userName ? user.userName : 'anonymous';
}

interface Row {
  id: string;
  status_at: number;
  task: string;
}

/**
 * The SDK's TaskStore on the node's SQLite database, so tasks survive restarts. Reads and writes are scoped to the
 * caller (seed-systems O7: no caller can read or cancel another's task), list pages are keyset-paginated by status
 * time, and a retention sweep keeps the table bounded.
 */
export function createSqliteTaskStore(deps: {
  db: Db;
  clock: Clock;
  /** Every stored change of a task, by whatever path (SDK, decision applied later): push notifications follow it. */
  onSaved?: (owner: string, task: Task) => void;
}): TaskStore & {
  sweep(retention: { maxAgeDays: number; maxTasks: number }): number;
  /** Loads, changes and saves a task outside a request (a decision applied after a restart). */
  update(owner: string, taskId: string, change: (task: Task) => Task): Task | null;
} {
  const { db, clock } = deps;
  const s = {
    upsert: db.prepare(`INSERT INTO a2a_tasks (owner, id, context_id, state, status_at, task, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (owner, id) DO UPDATE SET context_id = excluded.context_id, state = excluded.state, status_at = excluded.status_at, task = excluded.task, updated_at = excluded.updated_at`),
    load: db.prepare('SELECT task FROM a2a_tasks WHERE owner = ? AND id = ?'),
    ageOut: db.prepare(`DELETE FROM a2a_tasks WHERE updated_at < ? AND state IN (${TERMINAL_STATES.join(',')})`),
    // Past the cap, the oldest finished tasks go; live ones (waiting for the operator) are kept until they end.
    overCap: db.prepare(
      `DELETE FROM a2a_tasks WHERE rowid IN (SELECT rowid FROM a2a_tasks WHERE state IN (${TERMINAL_STATES.join(',')}) ORDER BY updated_at DESC LIMIT -1 OFFSET ?)`,
    ),
  };

  const save = (owner: string, task: Task) => {
    const statusAt = Date.parse(task.status?.timestamp ?? '') || clock.now();
    s.upsert.run(owner, task.id, task.contextId ?? '', task.status?.state ?? TaskState.TASK_STATE_UNSPECIFIED, statusAt, JSON.stringify(Task.toJSON(task)), clock.now());
    deps.onSaved?.(owner, task);
  };
  const load = (owner: string, id: string): Task | undefined => {
    const row = s.load.get(owner, id) as { task: string } | undefined;
    return row ? Task.fromJSON(JSON.parse(row.task)) : undefined;
  };

  return {
    async save(task, context) {
      save(ownerOf(context), task);
    },
    async load(taskId, context) {
      return load(ownerOf(context), taskId);
    },
    async list(params: ListTasksRequest, context): Promise<ListTasksResponse> {
      const owner = ownerOf(context);
      const pageSize = params.pageSize === undefined || params.pageSize === 0 ? DEFAULT_PAGE : params.pageSize;
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE) throw new RequestMalformedError(`pageSize must be between 1 and ${MAX_PAGE}.`);
      const where: string[] = [];
      const args: unknown[] = [];
      const add = (clause: string, ...values: unknown[]) => {
        where.push(clause);
        args.push(...values);
      };
      add('owner = ?', owner);
      if (params.contextId) add('context_id = ?', params.contextId);
      if (params.status) add('state = ?', params.status);
      if (params.statusTimestampAfter) {
        const after = Date.parse(params.statusTimestampAfter);
        if (Number.isNaN(after)) throw new RequestMalformedError('statusTimestampAfter must be an ISO-8601 timestamp.');
        add('status_at > ?', after);
      }
      const total = (db.prepare(`SELECT COUNT(*) AS n FROM a2a_tasks WHERE ${where.join(' AND ')}`).get(...args) as { n: number }).n;
      if (params.pageToken) {
        const cursor = decodePageToken(params.pageToken);
        if (!cursor) throw new RequestMalformedError('pageToken is not one this server issued.');
        add('(status_at < ? OR (status_at = ? AND id < ?))', cursor[0], cursor[0], cursor[1]);
      }
      const rows = db.prepare(`SELECT id, status_at, task FROM a2a_tasks WHERE ${where.join(' AND ')} ORDER BY status_at DESC, id DESC LIMIT ?`).all(...args, pageSize + 1) as Row[];
      const page = rows.slice(0, pageSize);
      const last = page.at(-1);
      const tasks = page.map((row) => {
        const task = Task.fromJSON(JSON.parse(row.task));
        if (params.historyLength !== undefined) task.history = params.historyLength === 0 ? [] : task.history.slice(-params.historyLength);
        if (!params.includeArtifacts) task.artifacts = [];
        return task;
      });
      return {
        tasks,
        nextPageToken: rows.length > pageSize && last ? encodePageToken([last.status_at, last.id]) : '',
        pageSize,
        totalSize: total,
      };
    },
    sweep({ maxAgeDays, maxTasks }) {
      return db.transaction(() => s.ageOut.run(clock.now() - maxAgeDays * 86_400_000).changes + s.overCap.run(maxTasks).changes)();
    },
    update(owner, taskId, change) {
      const task = load(owner, taskId);
      if (!task) return null;
      const next = change(task);
      save(owner, next);
      return next;
    },
  };
}

export type SqliteTaskStore = ReturnType<typeof createSqliteTaskStore>;
