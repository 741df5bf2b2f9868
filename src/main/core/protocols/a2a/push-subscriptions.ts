import { StreamResponse, type Message, type SendMessageRequest, type Task, type TaskPushNotificationConfig, type TaskState } from '@a2a-js/sdk';
import { PushNotificationNotSupportedError, RequestMalformedError } from '@a2a-js/sdk/errors';
import type { Client } from '@a2a-js/sdk/client';
import { legacyPushNotificationToV1StreamResponse } from '@a2a-js/sdk/compat/v0_3';
import { z } from 'zod';
import { matchesDigest, randomToken, sha256 } from '../../crypto/tokens';
import { INTERRUPTED, isTerminal } from './a2a-parts';

export const PUSH_PATH = '/a2a/push';

export interface PushTimingsClient {
  /** With no notification for this long, the task is asked for once (GetTask), then twice as long, up to 5 min. */
  quietMs: number;
}

export const DEFAULT_QUIET_MS = 60_000;
const MAX_QUIET_MS = 5 * 60_000;
const FOLLOW_LIMIT_MS = 30 * 60_000;
/** Notifications held for a task not yet known (they can arrive before the SendMessage answer does). */
const MAX_BUFFERED = 100;

interface Subscription {
  tokenDigest: Buffer;
  taskId: string | null;
  queue: StreamResponse[];
  wake: (() => void) | null;
}

/** What the peer's webhook POSTs: a 1.0 StreamResponse (exactly one member), or a bare 0.3 event with its `kind`. */
const v1Body = z
  .object({ task: z.looseObject({}), message: z.looseObject({}), statusUpdate: z.looseObject({}), artifactUpdate: z.looseObject({}) })
  .partial()
  .refine((body) => Object.values(body).filter(Boolean).length === 1, 'exactly one of task, message, statusUpdate or artifactUpdate');
const v03Body = z.looseObject({ kind: z.enum(['task', 'message', 'status-update', 'artifact-update']) });

type Parsed = { ok: true; event: StreamResponse } | { ok: false; problem: string };

export function parseNotification(body: unknown): Parsed {
  try {
    if (v03Body.safeParse(body).success) return { ok: true, event: legacyPushNotificationToV1StreamResponse(body) };
    const v1 = v1Body.safeParse(body);
    if (!v1.success) return { ok: false, problem: `The body is not an A2A push notification: ${v1.error.issues[0]?.message ?? 'unknown shape'}.` };
    const event = StreamResponse.fromJSON(body);
    if (!taskIdOf(event)) return { ok: false, problem: 'The notification names no task.' };
    return { ok: true, event };
  } catch (error) {
    return { ok: false, problem: `The body is not an A2A push notification: ${error instanceof Error ? error.message.slice(0, 200) : 'unreadable'}.` };
  }
}

function taskIdOf(event: StreamResponse): string {
  const payload = event.payload;
  if (!payload) return '';
  return payload.$case === 'task' ? payload.value.id : payload.value.taskId;
}

function stateOf(event: StreamResponse): TaskState | undefined {
  const payload = event.payload;
  if (payload?.$case === 'task') return payload.value.status?.state;
  if (payload?.$case === 'statusUpdate') return payload.value.status?.state;
  return undefined;
}

const settled = (state: TaskState | undefined) => state !== undefined && (isTerminal(state) || INTERRUPTED.includes(state));

/**
 * The client side of A2A push: when this node sends to a peer whose card offers push, it registers a webhook of
 * its own (POST /a2a/push/<random id> on its public URL, a random token per task, only its SHA-256 kept) and
 * follows the task from the notifications instead of polling. The notifications come out as a stream of
 * StreamResponse events, so the delivery follows them on the same path as a streamed answer. No word for a while
 * (a lost notification, a peer that ignored the config) and the task is asked for once: polling stays the fallback.
 *
 * Subscriptions live as long as the follow that made them (in memory, like the poller): after a restart a
 * notification's id is unknown (404) and the message keeps the state it had, as a polled one would.
 */
export function createPushSubscriptions(deps: { publicUrl: () => string | null; quietMs: number }) {
  const subscriptions = new Map<string, Subscription>();

  const close = (id: string) => {
    const sub = subscriptions.get(id);
    subscriptions.delete(id);
    sub?.wake?.();
  };

  /** Waits for the next notification (true) or the quiet time (false), whichever comes first. */
  const next = (sub: Subscription, ms: number, signal: AbortSignal) =>
    new Promise<boolean>((resolve) => {
      if (sub.queue.length > 0) return resolve(true);
      const done = (value: boolean) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        sub.wake = null;
        resolve(value);
      };
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(false), ms);
      signal.addEventListener('abort', onAbort, { once: true });
      sub.wake = () => done(true);
    });

  return {
    /** A subscription for one SendMessage, or null when this node has no public URL a peer could reach. */
    open() {
      const base = deps.publicUrl();
      if (!base) return null;
      const id = randomToken(18);
      const token = randomToken(32);
      const sub: Subscription = { tokenDigest: sha256(token), taskId: null, queue: [], wake: null };
      subscriptions.set(id, sub);
      const config: TaskPushNotificationConfig = { tenant: '', id, taskId: '', url: `${base.replace(/\/+$/, '')}${PUSH_PATH}/${id}`, token, authentication: undefined };
      return {
        config,
        /** The task's updates as they are pushed; ends when it settles (finished, or waiting for input). */
        async *stream(client: Client, first: Task, stopping: AbortSignal): AsyncGenerator<StreamResponse> {
          const signal = AbortSignal.any([stopping, AbortSignal.timeout(FOLLOW_LIMIT_MS)]);
          try {
            sub.taskId = first.id;
            if (settled(first.status?.state)) return;
            let quiet = deps.quietMs;
            while (!signal.aborted && subscriptions.has(id)) {
              let event = sub.queue.shift();
              if (!event) {
                await next(sub, quiet, signal);
                if (signal.aborted || !subscriptions.has(id)) return;
                event = sub.queue.shift();
              }
              if (!event) {
                const task = await client.getTask({ tenant: '', id: first.id, historyLength: 0 }, { signal });
                event = { payload: { $case: 'task', value: task } };
                quiet = Math.min(quiet * 2, MAX_QUIET_MS);
              } else if (taskIdOf(event) !== first.id) {
                continue;
              }
              yield event;
              if (settled(stateOf(event))) return;
            }
          } finally {
            close(id);
          }
        },
        close: () => close(id),
      };
    },

    /** Who may post to a webhook: 'unknown' (404), 'refused' (401: token missing or wrong), or 'ok'. */
    authenticate(id: string, presented: string | null): 'ok' | 'unknown' | 'refused' {
      const sub = subscriptions.get(id);
      if (!sub) return 'unknown';
      return presented !== null && matchesDigest(presented, sub.tokenDigest) ? 'ok' : 'refused';
    },

    /** An authenticated notification's body; a sentence when it is not one this subscription can take. */
    accept(id: string, body: unknown): string | null {
      const sub = subscriptions.get(id);
      if (!sub) return 'The subscription ended.';
      const parsed = parseNotification(body);
      if (!parsed.ok) return parsed.problem;
      if (sub.taskId !== null && taskIdOf(parsed.event) !== sub.taskId) return 'The notification is about another task than this subscription follows.';
      if (sub.queue.length >= MAX_BUFFERED) return 'Too many notifications are waiting to be read.';
      sub.queue.push(parsed.event);
      sub.wake?.();
      return null;
    },

    /** How many are open (tests check nothing leaks). */
    get size() {
      return subscriptions.size;
    },
  };
}

export type PushSubscriptions = ReturnType<typeof createPushSubscriptions>;
export type PushSubscription = NonNullable<ReturnType<PushSubscriptions['open']>>;

/** A peer that will not take the webhook (push not supported, or the config refused as a bad param). */
function refusesPush(error: unknown): boolean {
  if (error instanceof PushNotificationNotSupportedError) return true;
  return error instanceof RequestMalformedError && (error as { envelopeCode?: unknown }).envelopeCode === -32602;
}

/**
 * SendMessage with the webhook registered in the request itself, so no update can happen before it is in place
 * (a Create after the answer would miss a quick agent's). A peer refusing the registration gets the message
 * again without it — it created no task, since the config is checked first — and is polled.
 */
export async function sendWithPush(client: Client, params: SendMessageRequest, push: PushSubscription | null, options: { signal: AbortSignal }): Promise<{ result: Message | Task; push: PushSubscription | null }> {
  if (!push) return { result: await client.sendMessage(params, options), push: null };
  const configuration = { ...params.configuration!, taskPushNotificationConfig: push.config };
  try {
    return { result: await client.sendMessage({ ...params, configuration }, options), push };
  } catch (error) {
    push.close();
    if (!refusesPush(error)) throw error;
    return { result: await client.sendMessage(params, options), push: null };
  }
}
