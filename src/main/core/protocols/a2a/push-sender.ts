import type { Task } from '@a2a-js/sdk';
import { V1PushNotificationSerializer, type PushNotificationSender } from '@a2a-js/sdk/server';
import { V03PushNotificationSerializer } from '@a2a-js/sdk/compat/v0_3/server';
import type { Logger } from '../../logger';
import { guardedFetch } from '../../net/guarded-fetch';
import { backoffMs } from '../../outbox/retry-policy';
import type { AuditLog } from '../../store/audit-log';
import type { UnitOfWork } from '../../store/unit-of-work';
import { isTerminal } from './a2a-parts';
import type { PushConfigStore, PushTarget } from './push-config-store';

export interface PushTimings {
  /** Tries per notification before the config is declared dead. */
  attempts: number;
  /** The first wait between tries; doubled each time (±20 % jitter), as the outbox does. */
  retryBaseMs: number;
  /** One POST's limit (the spec recommends 10–30 s). */
  timeoutMs: number;
}

export const DEFAULT_PUSH_TIMINGS: PushTimings = { attempts: 5, retryBaseMs: 2_000, timeoutMs: 10_000 };

/** What is remembered per config to send each change once; bounded, oldest forgotten first. */
const MAX_REMEMBERED = 10_000;

const serializers = { '1.0': new V1PushNotificationSerializer(), '0.3': new V03PushNotificationSerializer() };

/** What makes one update different from the last one sent: its state, its status message, its artifacts. */
function signatureOf(task: Task): string {
  return `${task.status?.state ?? 0}|${task.status?.message?.messageId ?? ''}|${task.artifacts.map((a) => a.artifactId).join(',')}`;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'an invalid URL';
  }
}

/**
 * Sends A2A push notifications: every change of a task that has configs goes to each config's webhook as a
 * StreamResponse `{ task }` (the 0.3 shape, a bare Task, for configs registered over 0.3), with the caller's token
 * in `X-A2A-Notification-Token` and, when it gave one, its `authentication` as `Authorization` — through the
 * guarded fetcher (no metadata or link-local address, a timeout, a size cap), tried again with backoff, in order
 * per config. A notification still failing after the last try marks the config dead: nothing more is sent to
 * it, the operator is told (warning, audit), and the caller still finds it with List/Get.
 *
 * Changes are taken where they are stored (the task store's save), not from the SDK's event stream, so an answer
 * reaches the webhook however it was made: while the caller waits, after its stream went away, or after a restart
 * (the operator answering a task the node had stored). Pending notifications live in memory: a restart drops the
 * ones not yet sent (the next change, or GetTask, tells the caller where the task stands).
 */
export function createPushSender(deps: { configs: PushConfigStore; uow: UnitOfWork; audit: AuditLog; logger: Logger; timings: PushTimings; random?: () => number }) {
  const random = deps.random ?? Math.random;
  const stopping = new AbortController();
  const chains = new Map<string, Promise<void>>();
  const sent = new Map<string, { signature: string; final: boolean }>();

  const keyOf = (target: PushTarget) => `${target.owner}\n${target.taskId}\n${target.config.id}`;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      stopping.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });

  const headersFor = (target: PushTarget, contentType: string): Record<string, string> => {
    const headers: Record<string, string> = { 'content-type': contentType, 'user-agent': 'Switchboard' };
    if (target.config.token) headers['x-a2a-notification-token'] = target.config.token;
    const auth = target.config.authentication;
    if (auth?.scheme && auth.credentials) headers.authorization = `${auth.scheme} ${auth.credentials}`;
    return headers;
  };

  const deliver = async (target: PushTarget, body: string, contentType: string) => {
    let error = '';
    for (let attempt = 1; attempt <= deps.timings.attempts; attempt++) {
      if (stopping.signal.aborted || !deps.configs.isActive(target.owner, target.taskId, target.config.id)) return;
      const record = await guardedFetch({
        id: `push:${target.config.id}`,
        label: 'push notification',
        url: target.config.url,
        method: 'POST',
        headers: headersFor(target, contentType),
        body,
        within: 'loopback',
        timeoutMs: deps.timings.timeoutMs,
        signal: stopping.signal,
      });
      if (stopping.signal.aborted) return;
      if (record.error === null && record.status !== null && record.status >= 200 && record.status < 300) {
        deps.configs.recordDelivered(target);
        return;
      }
      error = record.error ?? `the webhook answered HTTP ${record.status}`;
      deps.configs.recordFailure(target, error);
      // 410 Gone: the receiver says this subscription is over; asking again cannot help.
      if (record.status === 410) break;
      if (attempt < deps.timings.attempts) await wait(backoffMs({ maxAttempts: deps.timings.attempts, baseDelayMs: deps.timings.retryBaseMs }, attempt, random));
    }
    if (stopping.signal.aborted) return;
    deps.configs.markDead(target, error);
    const details = { taskId: target.taskId, configId: target.config.id, webhook: originOf(target.config.url), error: error.slice(0, 200) };
    deps.logger.warn('an A2A push notification config failed repeatedly and is dead; nothing more is sent to it', details);
    deps.audit.audit('a2a.push_config_dead', details);
  };

  const enqueue = (target: PushTarget, body: string, contentType: string) => {
    const key = keyOf(target);
    const next = (chains.get(key) ?? Promise.resolve())
      .then(() => deliver(target, body, contentType))
      .catch((error: unknown) => deps.logger.warn('sending an A2A push notification failed', { taskId: target.taskId, error: error instanceof Error ? error.message : String(error) }));
    chains.set(key, next);
    void next.finally(() => {
      if (chains.get(key) === next) chains.delete(key);
    });
  };

  const dispatch = (owner: string, task: Task) => {
    if (stopping.signal.aborted) return;
    const targets = deps.configs.targets(owner, task.id);
    if (targets.length === 0) return;
    const signature = signatureOf(task);
    const final = isTerminal(task.status?.state);
    for (const target of targets) {
      const key = keyOf(target);
      const last = sent.get(key);
      // A finished task does not change again (A2A §3.1.6); what the SDK saves after the end is not news.
      if (last && (last.final || last.signature === signature)) continue;
      sent.delete(key);
      sent.set(key, { signature, final });
      if (sent.size > MAX_REMEMBERED) sent.delete(sent.keys().next().value!);
      const serializer = target.wireVersion === '0.3' ? serializers['0.3'] : serializers['1.0'];
      const { body, contentType } = serializer.serialize({ payload: { $case: 'task', value: task } }, task);
      enqueue(target, body, contentType);
    }
  };

  return {
    /**
     * Given to the SDK's request handler, which would otherwise make its own sender (fire-and-forget, no retries,
     * global fetch): updates go out from `taskSaved` instead, so each is sent once.
     */
    sdkSender: { send: async () => {} } satisfies PushNotificationSender,
    /** A task was stored (the task store's hook): its change goes out once what stored it has committed. */
    taskSaved(owner: string, task: Task): void {
      if (stopping.signal.aborted || !deps.configs.hasAny(owner, task.id)) return;
      // The SDK goes on changing its task object after saving it; the caller's own messages are not repeated in
      // every notification (as GetTask with historyLength 0), so they are not copied either.
      const snapshot = structuredClone({ ...task, history: [] });
      deps.uow.afterCommit(() => dispatch(owner, snapshot));
    },
    /** Ends retries and waits (the node is stopping); pending notifications are dropped. */
    stop(): void {
      stopping.abort();
    },
  };
}

export type PushSender = ReturnType<typeof createPushSender>;
