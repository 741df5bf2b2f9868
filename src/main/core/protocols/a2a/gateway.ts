import { AgentEvent, type AgentExecutor, type ExecutionEventBus, type RequestContext, type User } from '@a2a-js/sdk/server';
import { Message, TaskState, type Artifact, type Part, type Task } from '@a2a-js/sdk';
import type { A2aSettings } from '../../../../shared/domain/a2a';
import type { Approval } from '../../../../shared/domain/approval';
import type { MessageSummary } from '../../../../shared/domain/message';
import type { Peer } from '../../../../shared/domain/peer';
import { z } from 'zod';
import type { ApprovalKindSpec, Decision } from '../../approvals/approval-kind';
import type { ApprovalsService } from '../../approvals/approvals-service';
import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import type { MessageStore } from '../../store/message-store';
import type { PeerStore } from '../../store/peer-store';
import type { A2aClient } from './a2a-client';
import type { MessageRecorder } from './a2a-files';
import { agentTextOfTask, artifact, isTask, isTerminal, message, partsOf, stateName, textOfParts, traceOf } from './a2a-parts';
import { acceptableTraceId, inboundTraceparent, traceIdFromTraceparent } from '../../net/trace-context';
import type { SqliteTaskStore } from './sqlite-task-store';
import { ownerOf } from './sqlite-task-store';

/** The caller of an A2A request: the peer its API key belongs to. */
export class A2aCaller implements User {
  constructor(
    readonly peerId: string,
    readonly peerName: string,
  ) {}
  get isAuthenticated(): boolean {
    return true;
  }
  get userName(): string {
    return this.peerId;
  }
}

interface Outcome {
  state: TaskState;
  text: string;
  status: Exclude<Approval['status'], 'pending'>;
  /** Filled by answerParts on first use. */
  parts?: { reply: Message; answer: Artifact | null };
}

interface Waiter {
  bus: ExecutionEventBus;
  resolve: () => void;
}

const WAITING_TEXT = 'Received. A person is looking at it and will answer.';

/** What an A2A request in the inbox holds (parsed whenever it is read back). */
const requestDetail = z.object({
  taskId: z.string(),
  contextId: z.string(),
  owner: z.string(),
  messageId: z.string(),
  text: z.string(),
  forwardable: z.boolean().optional(),
  policy: z.string().optional(),
  /** The exchange's trace id (the caller's, from the message's metadata or traceparent), for the answer. */
  traceId: z.string().optional(),
});
type RequestDetail = z.output<typeof requestDetail>;

/**
 * What answers an inbound A2A message (seed 001's "gateway agent asks the user"): by the peer's policy, an
 * approval for the operator (reply by hand, forward to the local agent, ask back, reject), a forward without
 * asking, or a request the operator only ever answers by hand. Remote text is data: it is shown and, when the
 * operator approves, forwarded — never executed.
 */
export function createGateway(deps: {
  /** Stores a message with its files (one unit of work). */
  recordMessage: MessageRecorder;
  peers: PeerStore;
  messages: MessageStore;
  approvals: ApprovalsService;
  tasks: SqliteTaskStore;
  client: A2aClient;
  settings: () => A2aSettings;
  clock: Clock;
  logger: Logger;
  onMessage: (message: MessageSummary) => void;
  /** A stored message changed (its task's state): the UI is told. */
  onUpdated?: (messageId: number) => void;
}) {
  const waiters = new Map<string, Waiter>();
  const forwards = new Map<string, AbortController>();
  /** messageId → taskId, so a time-boxed blocking call can find the task its message started. */
  const taskByMessage = new Map<string, string>();
  /** Tasks whose execution is running here, for cancellation. */
  const live = new Map<string, { contextId: string }>();

  const record = (input: { peerId: string | null; peerName: string; direction: 'in' | 'out'; text: string; traceId: string; contextId: string; taskId: string; raw: unknown; detail?: string; taskState?: string; parts?: readonly Part[] }) => {
    const row = deps.recordMessage({
      peerId: input.peerId,
      peerName: input.peerName,
      direction: input.direction,
      protocol: 'a2a',
      traceId: input.traceId,
      idempotencyKey: null,
      schemaVersion: null,
      content: input.text,
      encrypted: false,
      wake: false,
      status: input.direction === 'in' ? 'received' : 'delivered',
      raw: input.raw,
      detail: input.detail ?? '',
      contextId: input.contextId,
      taskId: input.taskId,
      ...(input.taskState ? { taskState: input.taskState } : {}),
      parts: input.parts ? partsOf(input.parts) : null,
    }, input.parts);
    deps.onMessage(row);
  };

  /** Sends the caller's text to the operator's own agent; its answer becomes ours. */
  const forward = async (detail: { text: string; contextId: string; owner: string; taskId: string }): Promise<Outcome> => {
    const url = deps.settings().localAgentUrl;
    if (!url) return { state: TaskState.TASK_STATE_FAILED, text: 'This node has no local agent to forward to.', status: 'approved' };
    const controller = new AbortController();
    forwards.set(detail.taskId, controller);
    try {
      const { client } = await deps.client.connect(url, null);
      // Each caller gets its own conversation with the local agent (seed-systems O3: contexts are per principal).
      const outgoing = message('user', detail.text, { contextId: `${detail.owner}:${detail.contextId}` });
      const result = await client.sendMessage({ tenant: '', message: outgoing, configuration: undefined, metadata: undefined }, { signal: controller.signal });
      if (!isTask(result)) return { state: TaskState.TASK_STATE_COMPLETED, text: textOfParts(result.parts), status: 'approved' };
      const state = result.status?.state ?? TaskState.TASK_STATE_COMPLETED;
      const text = agentTextOfTask(result) || `The local agent's task ended ${stateName(state)}.`;
      return { state: isTerminal(state) ? state : TaskState.TASK_STATE_COMPLETED, text, status: 'approved' };
    } catch (error) {
      deps.logger.warn('forwarding to the local agent failed', { error: error instanceof Error ? error.message : String(error) });
      return { state: TaskState.TASK_STATE_FAILED, text: 'The request could not be forwarded to the agent; try again later.', status: 'approved' };
    } finally {
      forwards.delete(detail.taskId);
    }
  };

  const outcomeOf = async (detail: RequestDetail, decision: Decision): Promise<Outcome> => {
    switch (decision.action) {
      case 'reply':
        return { state: TaskState.TASK_STATE_COMPLETED, text: decision.text ?? '', status: 'answered' };
      case 'askBack':
        return { state: TaskState.TASK_STATE_INPUT_REQUIRED, text: decision.text ?? 'Please tell me more.', status: 'asked' };
      case 'forward':
        return forward(detail);
      case 'reject':
        return { state: TaskState.TASK_STATE_REJECTED, text: decision.text || 'The operator declined this request.', status: 'rejected' };
      case 'expire':
        return { state: TaskState.TASK_STATE_REJECTED, text: 'Nobody answered in time.', status: 'expired' };
      case 'cancel':
      default:
        return { state: TaskState.TASK_STATE_CANCELED, text: 'Canceled by the caller.', status: 'canceled' };
    }
  };

  /**
   * Publishes an outcome: an artifact with the answer, then the status (its message is the answer too). The
   * message and artifact are made once per outcome, so the SDK's merge (by artifact and message id) of a task we
   * already stored leaves one answer, not two.
   */
  const publish = (bus: ExecutionEventBus, where: { taskId: string; contextId: string }, outcome: Outcome) => {
    const ids = { taskId: where.taskId, contextId: where.contextId };
    const { reply, answer } = answerParts(outcome, ids);
    if (answer) bus.publish(AgentEvent.artifactUpdate({ taskId: ids.taskId, contextId: ids.contextId, artifact: answer, append: false, lastChunk: true, metadata: undefined }));
    bus.publish(AgentEvent.statusUpdate({ taskId: ids.taskId, contextId: ids.contextId, status: { state: outcome.state, message: reply, timestamp: new Date(deps.clock.now()).toISOString() }, metadata: undefined }));
  };

  /** Where the caller's task stands, on the request it sent (its chip in the thread). */
  const taskMoved = (taskId: string, state: TaskState) => {
    for (const id of deps.messages.setTaskState(taskId, stateName(state))) deps.onUpdated?.(id);
  };

  /** Our answer joins the conversation in the timeline, as a message to the caller. */
  const replied = (who: { peerId: string | null; peerName: string }, ids: { contextId: string; taskId: string; traceId?: string | undefined }, outcome: Outcome) => {
    taskMoved(ids.taskId, outcome.state);
    if (!outcome.text || outcome.state === TaskState.TASK_STATE_CANCELED) return;
    record({
      peerId: who.peerId,
      peerName: who.peerName,
      direction: 'out',
      text: outcome.text,
      traceId: ids.traceId ?? `${ids.taskId}:${outcome.status}`,
      contextId: ids.contextId,
      taskId: ids.taskId,
      raw: { taskId: ids.taskId, state: stateName(outcome.state) },
      detail: `${outcome.status === 'approved' ? 'forwarded to the local agent; its answer' : `answered (${outcome.status})`}`,
    });
  };

  /**
   * An inbound request waiting for the operator. A decision is worked out first (forwarding waits on the local
   * agent); then the task's new state and our answer in the timeline are written with the decision, in one unit
   * of work; only after that commit does a caller still connected hear it through the SDK.
   */
  const kind: ApprovalKindSpec<RequestDetail> = {
    kind: 'a2a.request',
    label: 'A2A request',
    verb: 'asks',
    detail: requestDetail,
    // A request from a peer whose policy is "manual" (or with no local agent) is never forwarded.
    actions: (detail) => (['reply', 'forward', 'askBack', 'reject'] as const).filter((action) => action !== 'forward' || detail.forwardable !== false),
    async decide(approval, detail, decision) {
      const outcome = await outcomeOf(detail, decision);
      return {
        status: outcome.status,
        commit() {
          // Stored whether or not the caller is still connected, so a crash after the commit loses nothing: the
          // caller sees the answer with GetTask. A live SDK execution saves the same state again below.
          deps.tasks.update(detail.owner, detail.taskId, (task) => applyOffline(task, outcome, deps.clock.now()));
          replied(approval, detail, outcome);
        },
        afterCommit() {
          const waiter = waiters.get(approval.id);
          if (!waiter) return;
          waiters.delete(approval.id);
          publish(waiter.bus, detail, outcome);
          waiter.resolve();
        },
      };
    },
  };
  deps.approvals.register(kind);

  const executor: AgentExecutor = {
    async execute(context: RequestContext, bus: ExecutionEventBus) {
      const caller = context.context.user instanceof A2aCaller ? context.context.user : null;
      const peer: Peer | null = caller ? deps.peers.get(caller.peerId) : null;
      const owner = ownerOf(context.context);
      const userMessage = context.userMessage;
      const text = textOfParts(userMessage.parts);
      const ids = { taskId: context.taskId, contextId: context.contextId };
      taskByMessage.set(userMessage.messageId, context.taskId);
      if (taskByMessage.size > 10_000) taskByMessage.delete(taskByMessage.keys().next().value!);
      live.set(context.taskId, { contextId: context.contextId });
      try {
        await run(context, bus, { peer, caller, owner, userMessage, text, ids });
      } finally {
        live.delete(context.taskId);
      }
    },

    async cancelTask(taskId: string, bus: ExecutionEventBus) {
      const pending = deps.approvals.pendingWhere('a2a.request', 'taskId', taskId);
      if (pending && waiters.has(pending.id)) {
        await deps.approvals.close(pending.id, 'cancel');
        return;
      }
      forwards.get(taskId)?.abort();
      taskMoved(taskId, TaskState.TASK_STATE_CANCELED);
      publish(bus, { taskId, contextId: live.get(taskId)?.contextId ?? '' }, { state: TaskState.TASK_STATE_CANCELED, text: 'Canceled by the caller.', status: 'canceled' });
    },
  };

  async function run(
    context: RequestContext,
    bus: ExecutionEventBus,
    { peer, caller, owner, userMessage, text, ids }: { peer: Peer | null; caller: A2aCaller | null; owner: string; userMessage: RequestContext['userMessage']; text: string; ids: { taskId: string; contextId: string } },
  ): Promise<void> {
    const now = new Date(deps.clock.now()).toISOString();
    const task: Task = context.task
      ? { ...context.task, status: { state: TaskState.TASK_STATE_SUBMITTED, message: undefined, timestamp: now } }
      : { id: context.taskId, contextId: context.contextId, status: { state: TaskState.TASK_STATE_SUBMITTED, message: undefined, timestamp: now }, artifacts: [], history: [userMessage], metadata: {} };
    bus.publish(AgentEvent.task(task));
    // The caller's trace id (its metadata, else its traceparent), so both sides show one exchange.
    const traceId = traceOf(userMessage, traceIdFromTraceparent(inboundTraceparent.getStore()) ?? acceptableTraceId(userMessage.messageId) ?? ids.taskId);
    record({ peerId: peer?.id ?? null, peerName: peer?.name ?? caller?.peerName ?? 'anonymous caller', direction: 'in', text, traceId, ...ids, raw: Message.toJSON(userMessage), taskState: 'working', parts: userMessage.parts });

    const policy = peer?.gatewayPolicy ?? 'ask';
    const settings = deps.settings();
    if (policy === 'forward' && settings.localAgentUrl) {
      bus.publish(AgentEvent.statusUpdate({ ...ids, status: { state: TaskState.TASK_STATE_WORKING, message: undefined, timestamp: now }, metadata: undefined }));
      const outcome = await forward({ text, contextId: ids.contextId, owner, taskId: ids.taskId });
      publish(bus, ids, outcome);
      replied({ peerId: peer?.id ?? null, peerName: peer?.name ?? 'anonymous caller' }, { ...ids, traceId }, outcome);
      return;
    }
    const approval = deps.approvals.create({
      kind: 'a2a.request',
      peerId: peer?.id ?? null,
      peerName: peer?.name ?? 'anonymous caller',
      title: text.length > 140 ? `${text.slice(0, 139)}…` : text || '(no text)',
      detail: { ...ids, traceId, owner, messageId: userMessage.messageId, text: text.slice(0, 20_000), forwardable: policy !== 'manual' && Boolean(settings.localAgentUrl), policy },
      expiresInMs: settings.approvalHours * 3_600_000,
    });
    await new Promise<void>((resolve) => {
      waiters.set(approval.id, { bus, resolve });
      bus.publish(
        AgentEvent.statusUpdate({ ...ids, status: { state: TaskState.TASK_STATE_WORKING, message: message('agent', WAITING_TEXT, ids), timestamp: now }, metadata: undefined }),
      );
    });
  }

  return {
    executor,
    taskIdFor: (messageId: string) => taskByMessage.get(messageId),
    /** Ends every live wait (shutdown); their tasks stay as they are and answers apply offline later. */
    releaseAll() {
      for (const waiter of waiters.values()) waiter.resolve();
      waiters.clear();
      for (const controller of forwards.values()) controller.abort();
    },
  };
}

/** The agent message and (for a completed answer) the artifact that carry an outcome, made once per outcome. */
function answerParts(outcome: Outcome, ids: { taskId: string; contextId: string }): { reply: Message; answer: Artifact | null } {
  outcome.parts ??= {
    reply: message('agent', outcome.text, ids),
    answer: outcome.state === TaskState.TASK_STATE_COMPLETED && outcome.text ? artifact('answer', outcome.text) : null,
  };
  return outcome.parts;
}

function applyOffline(task: Task, outcome: Outcome, now: number): Task {
  if (isTerminal(task.status?.state)) return task;
  const { reply, answer } = answerParts(outcome, { taskId: task.id, contextId: task.contextId });
  return {
    ...task,
    status: { state: outcome.state, message: reply, timestamp: new Date(now).toISOString() },
    history: [...task.history, reply],
    artifacts: answer ? [...task.artifacts, answer] : task.artifacts,
  };
}

export type Gateway = ReturnType<typeof createGateway>;
