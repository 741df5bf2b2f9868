import { Message as MessageFns, Role, TaskState, type Message, type Part, type Task } from '@a2a-js/sdk';
import type { Client } from '@a2a-js/sdk/client';
import type { MessageSummary } from '../../../../shared/domain/message';
import type { Peer } from '../../../../shared/domain/peer';
import type { SendRequest } from '../../../../shared/domain/delivery';
import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import type { AttemptResult } from '../../outbox/retry-policy';
import type { MessageStore } from '../../store/message-store';
import type { UnitOfWork } from '../../store/unit-of-work';
import type { A2aClient, CallRecord } from './a2a-client';
import { INTERRUPTED, isTask, isTerminal, message, partsOf, stateName, TRACE_METADATA_KEY, textOfParts, traceOf } from './a2a-parts';
import type { ConversationStore } from './conversation-store';
import { sendWithPush, type PushSubscriptions } from './push-subscriptions';
import { dataPart, fileParts, withoutBytes, type MessageRecorder } from './a2a-files';
import type { AttachmentStore } from '../../store/attachment-store';

// Quick answers show quickly; a long task is polled no more than every few seconds.
const POLL_FIRST_MS = 200;
const POLL_MAX_MS = 3_000;
const FOLLOW_LIMIT_MS = 30 * 60_000;
/** Answers of any type are kept (files are stored and shown, never opened): text, JSON, and files. */
const ACCEPTED_OUTPUT_MODES = ['text/plain', 'application/json', '*/*'];

/**
 * Sending to an A2A peer through the outbox. Delivered means the peer accepted the message (it answered with a
 * message or a task); what it says afterwards — streamed updates when its card offers streaming, otherwise GetTask
 * until the task ends — is followed in the background and lands in the timeline as the peer's replies.
 */
export function createA2aDelivery(deps: {
  /** Stores a reply with its files (one unit of work). */
  recordMessage: MessageRecorder;
  attachments: AttachmentStore;
  client: A2aClient;
  /** Webhooks of this node's own, for peers that push updates (absent: every task is polled). */
  push?: PushSubscriptions;
  uow: UnitOfWork;
  conversations: ConversationStore;
  messages: MessageStore;
  clock: Clock;
  logger: Logger;
  onMessage: (message: MessageSummary) => void;
  onUpdated: (messageId: number) => void;
}) {
  const followers = new Map<string, AbortController>();
  const stopping = new AbortController();

  const recordReply = (peer: Peer, ids: { contextId: string; taskId: string }, text: string, traceId: string, raw: unknown, parts: readonly Part[] = []) => {
    if (!text) return;
    deps.onMessage(
      deps.recordMessage({
        peerId: peer.id,
        peerName: peer.name,
        direction: 'in',
        protocol: 'a2a',
        traceId,
        idempotencyKey: null,
        schemaVersion: null,
        content: text,
        encrypted: false,
        wake: false,
        status: 'received',
        raw,
        contextId: ids.contextId,
        taskId: ids.taskId,
        parts: partsOf(parts),
      }, parts),
    );
  };

  /**
   * Replies of one task, each recorded once however often it is seen (stream events, then polls). An interim
   * status ("working" with a message) is not a reply: it becomes the task's status line. An answer that comes
   * both as an artifact and as the final status message (as agents often send it) is one reply, not two.
   */
  const replyTracker = (peer: Peer, ids: { contextId: string; taskId: string }, traceId: string) => {
    const seen = new Set<string>();
    const answered = new Set<string>();
    const artifacts = new Map<string, string>();
    /** An artifact's parts, when it had more than text (JSON data, files): shown as such. */
    const artifactParts = new Map<string, Part[]>();
    const once = (text: string, key: string, record: () => void) => {
      if (seen.has(key)) return;
      seen.add(key);
      const normalized = text.trim();
      if (!normalized || answered.has(normalized)) return;
      answered.add(normalized);
      record();
    };
    return {
      /** Records the status message when it is an answer; returns its text when it is only an interim status. */
      statusMessage(msg: Message | undefined, state?: TaskState): string | null {
        if (!msg || msg.role !== Role.ROLE_AGENT) return null;
        const text = textOfParts(msg.parts);
        if (state !== undefined && !isTerminal(state) && !INTERRUPTED.includes(state)) return text || null;
        once(text, msg.messageId, () => recordReply(peer, ids, text, traceOf(msg, traceId), MessageFns.toJSON(msg), msg.parts));
        return null;
      },
      artifact(artifactId: string, text: string, append: boolean, last: boolean, parts: readonly Part[] = []) {
        const sofar = append ? (artifacts.get(artifactId) ?? '') + text : text;
        artifacts.set(artifactId, sofar);
        artifactParts.set(artifactId, append ? [...(artifactParts.get(artifactId) ?? []), ...parts] : [...parts]);
        if (last) this.flushArtifact(artifactId);
      },
      flushArtifact(artifactId: string) {
        const text = artifacts.get(artifactId);
        if (!text) return;
        once(text, `artifact:${artifactId}`, () => recordReply(peer, ids, text, traceId, { taskId: ids.taskId, artifactId }, artifactParts.get(artifactId) ?? []));
      },
      /** The task's interim status text, if its status is one. */
      task(task: Task): string | null {
        const interim = this.statusMessage(task.status?.message, task.status?.state);
        for (const item of task.artifacts) {
          if (!artifacts.has(item.artifactId)) {
            artifacts.set(item.artifactId, textOfParts(item.parts));
            artifactParts.set(item.artifactId, [...item.parts]);
          }
          if (isTerminal(task.status?.state) || INTERRUPTED.includes(task.status!.state)) this.flushArtifact(item.artifactId);
        }
        return interim;
      },
      finish() {
        for (const artifactId of artifacts.keys()) this.flushArtifact(artifactId);
      },
    };
  };

  /**
   * Where the peer's task stands, on the conversation and on the messages that started and continued it (with
   * the interim status line, when there is one): one change.
   */
  const settle = (peer: Peer, outboxId: number, task: Task, statusText: string | null = null) =>
    deps.uow.run('a2a.task_settled', () => {
      const state = stateName(task.status?.state);
      deps.conversations.record(peer.id, { contextId: task.contextId, taskId: task.id, taskState: state });
      deps.messages.setTask(outboxId, task.contextId, task.id, state, statusText);
      const others = deps.messages.setTaskState(task.id, state, { direction: 'out', statusText, peerId: peer.id }).filter((id) => id !== outboxId);
      deps.onUpdated(outboxId);
      for (const id of others) deps.onUpdated(id);
    });

  const follow = (peer: Peer, outboxId: number, traceId: string, client: Client, first: Task, stream: AsyncGenerator<{ payload?: { $case: string; value: unknown } }> | null) => {
    const controller = new AbortController();
    followers.set(first.id, controller);
    const signal = AbortSignal.any([controller.signal, stopping.signal, AbortSignal.timeout(FOLLOW_LIMIT_MS)]);
    const ids = { contextId: first.contextId, taskId: first.id };
    const replies = replyTracker(peer, ids, traceId);
    let statusText = replies.task(first);
    let latest = first;
    let pollDelay = POLL_FIRST_MS;
    const run = async () => {
      if (stream) {
        for await (const event of stream) {
          if (signal.aborted) break;
          const payload = event.payload;
          if (!payload) continue;
          if (payload.$case === 'task') {
            latest = payload.value as Task;
            statusText = replies.task(latest) ?? statusText;
          } else if (payload.$case === 'statusUpdate') {
            const update = payload.value as { status?: Task['status'] };
            if (update.status) latest = { ...latest, status: update.status };
            statusText = replies.statusMessage(update.status?.message, update.status?.state) ?? statusText;
          } else if (payload.$case === 'artifactUpdate') {
            const update = payload.value as { artifact?: Task['artifacts'][number]; append: boolean; lastChunk: boolean };
            if (update.artifact) replies.artifact(update.artifact.artifactId, textOfParts(update.artifact.parts), update.append, update.lastChunk, update.artifact.parts);
          } else if (payload.$case === 'message') {
            const msg = payload.value as Message;
            replies.statusMessage(msg);
          }
          settle(peer, outboxId, latest, statusText);
        }
      } else {
        while (!isTerminal(latest.status?.state) && !INTERRUPTED.includes(latest.status?.state ?? TaskState.TASK_STATE_WORKING) && !signal.aborted) {
          await new Promise((resolve) => setTimeout(resolve, pollDelay));
          pollDelay = Math.min(pollDelay * 2, POLL_MAX_MS);
          if (signal.aborted) break;
          const next = await client.getTask({ tenant: '', id: latest.id, historyLength: 0 }, { signal });
          const changed = next.status?.state !== latest.status?.state || next.status?.message?.messageId !== latest.status?.message?.messageId;
          latest = next;
          statusText = replies.task(next) ?? statusText;
          if (changed) settle(peer, outboxId, next, statusText);
        }
      }
      replies.finish();
      settle(peer, outboxId, latest, statusText);
    };
    void run()
      .catch((error: unknown) => {
        if (!signal.aborted) deps.logger.warn('following an A2A task failed', { peer: peer.name, taskId: first.id, error: error instanceof Error ? error.message : String(error) });
      })
      .finally(() => followers.delete(first.id));
  };

  return {
    async deliver(peer: Peer, outboxId: number, request: SendRequest, signal: AbortSignal, recordSent?: (url: string, body: unknown) => void): Promise<AttemptResult> {
      // The drawer shows what went on the wire, with each file's bytes described rather than repeated.
      const onSent = recordSent ? (url: string, body: unknown) => recordSent(url, withoutBytes(body)) : undefined;
      const record: CallRecord = { status: null, retryAfter: null, traceId: request.traceId, ...(onSent ? { onSent } : {}) };
      try {
        const { client, card } = await deps.client.connect(peer.baseUrl, peer, { record });
        const outgoing = message('user', request.text, { messageId: request.idempotencyKey, contextId: request.contextId ?? '', ...(request.taskId ? { taskId: request.taskId } : {}) });
        outgoing.parts = [
          ...(request.text ? outgoing.parts : []),
          ...(request.files ? fileParts(deps.attachments.withBytes(outboxId)) : []),
          ...(request.data !== undefined ? [dataPart(request.data)] : []),
        ];
        // The trace id travels in the message's metadata, so the agent (and its replies) can name the exchange.
        outgoing.metadata = { [TRACE_METADATA_KEY]: request.traceId };
        const params = {
          tenant: '',
          message: outgoing,
          configuration: { acceptedOutputModes: ACCEPTED_OUTPUT_MODES, taskPushNotificationConfig: undefined, historyLength: 0, returnImmediately: !card.capabilities?.streaming },
          metadata: undefined,
        };
        if (card.capabilities?.streaming) {
          // The stream outlives this attempt; it is bound to the node's lifetime, not the attempt's.
          const stream = client.sendMessageStream(params, { signal: stopping.signal }) as AsyncGenerator<{ payload?: { $case: string; value: unknown } }>;
          const first = await Promise.race([
            stream.next(),
            new Promise<never>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true })),
          ]);
          const payload = first.done ? undefined : first.value.payload;
          if (payload?.$case === 'message') {
            const reply = payload.value as Message;
            recordReply(peer, { contextId: reply.contextId || (request.contextId ?? ''), taskId: '' }, textOfParts(reply.parts), traceOf(reply, request.traceId), MessageFns.toJSON(reply), reply.parts);
            return { kind: 'delivered', statusCode: 200, response: { message: textOfParts(reply.parts).slice(0, 500) } };
          }
          if (payload?.$case !== 'task') return { kind: 'failed', statusCode: 200, error: 'the agent answered the stream without a task or message' };
          const task = payload.value as Task;
          settle(peer, outboxId, task, task.status?.message ? textOfParts(task.status.message.parts) || null : null);
          follow(peer, outboxId, request.traceId, client, task, stream);
          return { kind: 'delivered', statusCode: 200, response: { taskId: task.id, contextId: task.contextId, state: stateName(task.status?.state) } };
        }
        // A peer that offers push tells this node of changes (at its public URL) instead of being polled.
        const { result, push } = await sendWithPush(client, params, card.capabilities?.pushNotifications ? (deps.push?.open() ?? null) : null, { signal });
        if (!isTask(result)) {
          push?.close();
          recordReply(peer, { contextId: result.contextId || (request.contextId ?? ''), taskId: '' }, textOfParts(result.parts), traceOf(result, request.traceId), MessageFns.toJSON(result), result.parts);
          return { kind: 'delivered', statusCode: 200, response: { message: textOfParts(result.parts).slice(0, 500) } };
        }
        settle(peer, outboxId, result, result.status?.message ? textOfParts(result.status.message.parts) || null : null);
        follow(peer, outboxId, request.traceId, client, result, push ? push.stream(client, result, stopping.signal) : null);
        return { kind: 'delivered', statusCode: 200, response: { taskId: result.id, contextId: result.contextId, state: stateName(result.status?.state) } };
      } catch (error) {
        return deps.client.classify(error, record);
      }
    },

    /** Asks the peer to cancel a task this node started, and stops following it. */
    async cancel(peer: Peer, taskId: string): Promise<string> {
      const { client } = await deps.client.connect(peer.baseUrl, peer);
      const task = await client.cancelTask({ tenant: '', id: taskId, metadata: undefined });
      followers.get(taskId)?.abort();
      const state = stateName(task.status?.state);
      deps.uow.run('a2a.task_canceled', () => {
        deps.conversations.record(peer.id, { contextId: task.contextId, taskId: task.id, taskState: state });
        for (const id of deps.messages.setTaskState(task.id, state, { direction: 'out', peerId: peer.id })) deps.onUpdated(id);
      });
      return state;
    },

    stop() {
      stopping.abort();
    },
  };
}

export type A2aDelivery = ReturnType<typeof createA2aDelivery>;
