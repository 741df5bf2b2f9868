import type { MessagePart } from '../../../../shared/domain/message';
import { uuid } from '../../crypto/ids';
import { acceptableTraceId } from '../../net/trace-context';
import { Role, TaskState, taskStateToJSON, type Artifact, type Message, type Part, type Task } from '@a2a-js/sdk';

/** Text of a message or artifact as the timeline shows it; non-text parts are described, never fetched or run. */
export function textOfParts(parts: readonly Part[]): string {
  return parts
    .map((part) => {
      const content = part.content;
      if (!content) return '';
      switch (content.$case) {
        case 'text':
          return content.value;
        case 'data':
          return JSON.stringify(content.value);
        case 'url':
          return `[file ${part.filename || ''} at ${content.value}]`.replace('  ', ' ');
        case 'raw':
          return `[file ${part.filename || 'unnamed'}, ${content.value.length} bytes${part.mediaType ? `, ${part.mediaType}` : ''}]`;
        default:
          return '';
      }
    })
    .filter(Boolean)
    .join('\n');
}

/** The parts as the console shows them, when there is more than text (null for plain text: the content says it all). */
export function partsOf(parts: readonly Part[]): MessagePart[] | null {
  if (parts.every((part) => part.content?.$case === 'text')) return null;
  return parts.flatMap((part): MessagePart[] => {
    const content = part.content;
    switch (content?.$case) {
      case 'text':
        return [{ kind: 'text', text: content.value }];
      case 'data':
        return [{ kind: 'data', data: content.value ?? null }];
      case 'url':
        return [{ kind: 'file', name: part.filename || null, mediaType: part.mediaType || null, size: null, url: content.value }];
      case 'raw':
        return [{ kind: 'file', name: part.filename || null, mediaType: part.mediaType || null, size: content.value.length, url: null }];
      default:
        return [];
    }
  });
}

/** Where a message's trace id travels: its `metadata` (the spec leaves metadata to extensions and agents). */
export const TRACE_METADATA_KEY = 'traceId';

/** The trace id a message names in its metadata, else `fallback` (the exchange it belongs to). */
export function traceOf(msg: { metadata?: { [key: string]: unknown } | undefined }, fallback: string): string {
  return acceptableTraceId(msg.metadata?.[TRACE_METADATA_KEY]) ?? fallback;
}

export function textPart(text: string): Part {
  return { content: { $case: 'text', value: text }, mediaType: 'text/plain', filename: '', metadata: undefined };
}

export function message(role: 'user' | 'agent', text: string, ids: { messageId?: string; contextId?: string; taskId?: string } = {}): Message {
  return {
    messageId: ids.messageId ?? uuid(),
    contextId: ids.contextId ?? '',
    taskId: ids.taskId ?? '',
    role: role === 'user' ? Role.ROLE_USER : Role.ROLE_AGENT,
    parts: [textPart(text)],
    metadata: undefined,
    extensions: [],
    referenceTaskIds: [],
  };
}

export function artifact(name: string, text: string): Artifact {
  return { artifactId: uuid(), name, description: '', parts: [textPart(text)], metadata: undefined, extensions: [] };
}

export const TERMINAL: readonly TaskState[] = [TaskState.TASK_STATE_COMPLETED, TaskState.TASK_STATE_FAILED, TaskState.TASK_STATE_CANCELED, TaskState.TASK_STATE_REJECTED];
export const INTERRUPTED: readonly TaskState[] = [TaskState.TASK_STATE_INPUT_REQUIRED, TaskState.TASK_STATE_AUTH_REQUIRED];

export function isTerminal(state: TaskState | undefined): boolean {
  return state !== undefined && TERMINAL.includes(state);
}

/** "completed", "input-required": the spec's state names without the proto prefix, for people. */
export function stateName(state: TaskState | undefined): string {
  if (state === undefined) return 'unknown';
  return taskStateToJSON(state).replace(/^TASK_STATE_/, '').toLowerCase().replace(/_/g, '-');
}

export function isTask(value: Message | Task): value is Task {
  return 'status' in value && 'id' in value && !('role' in value);
}

/** The agent's words in a task: its status message, and its artifacts' text. */
export function agentTextOfTask(task: Task): string {
  const parts: string[] = [];
  const status = task.status?.message;
  if (status && status.role === Role.ROLE_AGENT) parts.push(textOfParts(status.parts));
  for (const item of task.artifacts) {
    const text = textOfParts(item.parts);
    if (text && !parts.includes(text)) parts.push(text);
  }
  return parts.filter(Boolean).join('\n');
}
