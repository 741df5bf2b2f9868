import { randomUUID } from 'node:crypto';
import type { TaskPushNotificationConfig } from '@a2a-js/sdk';
import { RequestMalformedError } from '@a2a-js/sdk/errors';
import type { PushNotificationStore, ServerCallContext, StoredPushNotificationConfig } from '@a2a-js/sdk/server';
import { z } from 'zod';
import type { Clock } from '../../clock';
import type { Vault } from '../../crypto/vault';
import type { Db } from '../../store/database';
import { ownerOf } from './sqlite-task-store';
import { webhookUrlProblem } from './webhook-url';

/** A caller may watch one task from a few places, not from thousands. */
export const MAX_CONFIGS_PER_TASK = 10;
/** A config whose task never came to be (its SendMessage failed after the config was saved) goes after this. */
const ORPHAN_AFTER_MS = 60 * 60_000;
/** 0.3 is what a request without A2A-Version speaks (A2A §3.6), as the SDK's own store assumes. */
const LEGACY_WIRE_VERSION = '0.3';

export type PushConfigState = 'active' | 'dead';

/** Where a config stands, for the operator (and for tests): the A2A shape has no field for it. */
export interface PushConfigStatus {
  id: string;
  taskId: string;
  state: PushConfigState;
  failures: number;
  lastError: string | null;
}

/** One config to send to, with what is needed to find it again. */
export interface PushTarget {
  owner: string;
  taskId: string;
  config: TaskPushNotificationConfig;
  wireVersion: string;
}

const secrets = z.object({ token: z.string(), credentials: z.string() });

// Bounds on what a caller stores here; the spec sets none, so these are generous.
const configFields = z.object({
  id: z.string().max(128, 'id is longer than 128 characters.').regex(/^[\x21-\x7e]*$/, 'id must be printable ASCII without spaces.'),
  token: z.string().max(4096, 'token is longer than 4096 characters.').regex(/^[\x20-\x7e]*$/, 'token must be printable ASCII (it travels in an HTTP header).'),
  authentication: z
    .object({
      scheme: z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/, 'authentication.scheme must be an HTTP auth scheme name (RFC 9110 §11.1), such as Bearer.'),
      credentials: z.string().max(4096, 'authentication.credentials is longer than 4096 characters.').regex(/^[\x20-\x7e]*$/, 'authentication.credentials must be printable ASCII (it travels in an HTTP header).'),
    })
    .optional(),
});

interface Row {
  owner: string;
  task_id: string;
  id: string;
  url: string;
  auth_scheme: string | null;
  sealed_secrets: Buffer;
  wire_version: string;
  state: PushConfigState;
  failures: number;
  last_error: string | null;
}

/**
 * The SDK's PushNotificationStore on the node's database, scoped like the task store: a caller sees, replaces and
 * deletes only its own task's configs (the SDK answers another caller's task with TaskNotFound before it gets
 * here, since the task store is scoped the same way). The webhook URL is checked on the way in, so a bad one is
 * -32602 on Create and on SendMessage alike.
 */
export function createPushConfigStore(deps: { db: Db; vault: Vault; clock: Clock }) {
  const { db, vault, clock } = deps;
  const s = {
    upsert: db.prepare(`INSERT INTO a2a_push_configs (owner, task_id, id, url, auth_scheme, sealed_secrets, wire_version, state, failures, last_error, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, 'active', 0, NULL, ?, ?)
      ON CONFLICT (owner, task_id, id) DO UPDATE SET url = excluded.url, auth_scheme = excluded.auth_scheme, sealed_secrets = excluded.sealed_secrets,
        wire_version = excluded.wire_version, state = 'active', failures = 0, last_error = NULL, updated_at = excluded.updated_at`),
    count: db.prepare('SELECT COUNT(*) AS n FROM a2a_push_configs WHERE owner = ? AND task_id = ? AND id <> ?'),
    forTask: db.prepare('SELECT * FROM a2a_push_configs WHERE owner = ? AND task_id = ? ORDER BY created_at, id'),
    activeForTask: db.prepare("SELECT * FROM a2a_push_configs WHERE owner = ? AND task_id = ? AND state = 'active' ORDER BY created_at, id"),
    state: db.prepare('SELECT state FROM a2a_push_configs WHERE owner = ? AND task_id = ? AND id = ?'),
    any: db.prepare('SELECT 1 FROM a2a_push_configs WHERE owner = ? AND task_id = ? LIMIT 1'),
    remove: db.prepare('DELETE FROM a2a_push_configs WHERE owner = ? AND task_id = ? AND id = ?'),
    failed: db.prepare('UPDATE a2a_push_configs SET failures = failures + 1, last_error = ?, updated_at = ? WHERE owner = ? AND task_id = ? AND id = ?'),
    dead: db.prepare("UPDATE a2a_push_configs SET state = 'dead', last_error = ?, updated_at = ? WHERE owner = ? AND task_id = ? AND id = ?"),
    delivered: db.prepare('UPDATE a2a_push_configs SET failures = 0, last_error = NULL, updated_at = ? WHERE owner = ? AND task_id = ? AND id = ? AND failures > 0'),
    orphans: db.prepare('DELETE FROM a2a_push_configs WHERE created_at < ? AND NOT EXISTS (SELECT 1 FROM a2a_tasks t WHERE t.owner = a2a_push_configs.owner AND t.id = a2a_push_configs.task_id)'),
  };

  const toConfig = (row: Row): TaskPushNotificationConfig => {
    const { token, credentials } = secrets.parse(JSON.parse(vault.open(row.sealed_secrets)));
    return { tenant: '', id: row.id, taskId: row.task_id, url: row.url, token, authentication: row.auth_scheme ? { scheme: row.auth_scheme, credentials } : undefined };
  };
  const rowsFor = (owner: string, taskId: string) => s.forTask.all(owner, taskId) as Row[];

  const save = (taskId: string, context: ServerCallContext, config: TaskPushNotificationConfig) => {
    const problem = webhookUrlProblem(config.url ?? '');
    if (problem) throw new RequestMalformedError(`Push notification config: ${problem}`);
    const fields = configFields.safeParse({ id: config.id ?? '', token: config.token ?? '', authentication: config.authentication?.scheme ? config.authentication : undefined });
    if (!fields.success) throw new RequestMalformedError(`Push notification config: ${fields.error.issues[0]?.message ?? 'invalid.'}`);
    // The store names a config the caller left unnamed, in place: the SDK returns that same object (its contract).
    if (!config.id) config.id = randomUUID();
    const owner = ownerOf(context);
    const others = (s.count.get(owner, taskId, config.id) as { n: number }).n;
    if (others >= MAX_CONFIGS_PER_TASK) throw new RequestMalformedError(`Push notification config: a task has at most ${MAX_CONFIGS_PER_TASK} configs; delete one first.`);
    const auth = fields.data.authentication;
    const sealed = vault.seal(JSON.stringify({ token: fields.data.token, credentials: auth?.credentials ?? '' }));
    const now = clock.now();
    s.upsert.run(owner, taskId, config.id, config.url, auth?.scheme ?? null, sealed, context.requestedVersion || LEGACY_WIRE_VERSION, now, now);
  };

  const store: PushNotificationStore = {
    async save(taskId, context, config) {
      save(taskId, context, config);
    },
    async load(taskId, context) {
      return rowsFor(ownerOf(context), taskId).map(toConfig);
    },
    async loadWithMetadata(taskId, context): Promise<StoredPushNotificationConfig[]> {
      return rowsFor(ownerOf(context), taskId).map((row) => ({ config: toConfig(row), wireVersion: row.wire_version }));
    },
    async delete(taskId, context, configId) {
      // The SDK's own store reads a missing id as the task id (the 0.3 default config); so does this one.
      s.remove.run(ownerOf(context), taskId, configId ?? taskId);
    },
  };

  return {
    store,
    /** The configs still worth sending to for a task. */
    targets(owner: string, taskId: string): PushTarget[] {
      return (s.activeForTask.all(owner, taskId) as Row[]).map((row) => ({ owner, taskId, config: toConfig(row), wireVersion: row.wire_version }));
    },
    /** Whether a task has configs at all (checked on every task save, so it is one indexed lookup). */
    hasAny(owner: string, taskId: string): boolean {
      return s.any.get(owner, taskId) !== undefined;
    },
    isActive(owner: string, taskId: string, id: string): boolean {
      return (s.state.get(owner, taskId, id) as { state: PushConfigState } | undefined)?.state === 'active';
    },
    statuses(owner: string, taskId: string): PushConfigStatus[] {
      return rowsFor(owner, taskId).map((row) => ({ id: row.id, taskId: row.task_id, state: row.state, failures: row.failures, lastError: row.last_error }));
    },
    recordFailure(target: PushTarget, error: string): void {
      s.failed.run(error.slice(0, 500), clock.now(), target.owner, target.taskId, target.config.id);
    },
    recordDelivered(target: PushTarget): void {
      s.delivered.run(clock.now(), target.owner, target.taskId, target.config.id);
    },
    markDead(target: PushTarget, error: string): void {
      s.dead.run(error.slice(0, 500), clock.now(), target.owner, target.taskId, target.config.id);
    },
    /** Configs of tasks that never came to be; a task's own configs go with it (trigger in migration 015). */
    sweep(): number {
      return s.orphans.run(clock.now() - ORPHAN_AFTER_MS).changes;
    },
  };
}

export type PushConfigStore = ReturnType<typeof createPushConfigStore>;
