import type { MessageSummary } from '@shared/domain/message';
import { RemoteText } from './RemoteText';

type Tone = 'ok' | 'warn' | 'bad' | 'neutral' | 'ask';

/**
 * A2A task states (the spec's names, as the core writes them) in the app's status colours: pending amber, done
 * green, failed red, stopped grey; "needs you" (input or auth required) in the accent colour.
 */
const tones: Readonly<Record<string, Tone>> = {
  submitted: 'neutral',
  working: 'warn',
  'input-required': 'ask',
  'auth-required': 'ask',
  completed: 'ok',
  canceled: 'neutral',
  failed: 'bad',
  rejected: 'bad',
};

/** States in which the peer may still act on the task, so canceling it means something. */
const CANCELABLE: readonly string[] = ['submitted', 'working', 'input-required'];
/** States the task does not leave (an interim status line would be stale there). */
const FINAL: readonly string[] = ['completed', 'canceled', 'failed', 'rejected'];

export function isCancelable(state: string | null): boolean {
  return state !== null && CANCELABLE.includes(state);
}

export function isFinalTaskState(state: string | null): boolean {
  return state !== null && FINAL.includes(state);
}

/** Where an A2A task stands, as a word with its colour. */
export function TaskStateChip({ state }: { state: string }) {
  return (
    <span className={`chip chip-${tones[state] ?? 'neutral'} task-chip`} data-testid="task-state" title="A2A task state">
      {state}
    </span>
  );
}

/**
 * The peer's latest interim status ("working · Received. A person is looking at it…") under the message that
 * started the task: a line, not a bubble, and only while the task runs (once it ends, the reply says the rest).
 */
export function hasStatusLine(message: Pick<MessageSummary, 'taskState' | 'statusText'>): boolean {
  return Boolean(message.statusText) && message.taskState !== null && !isFinalTaskState(message.taskState);
}

export function TaskStatusLine({ message }: { message: Pick<MessageSummary, 'taskState' | 'statusText'> }) {
  if (!hasStatusLine(message)) return null;
  return (
    <span className="task-status-line" data-testid="task-status-line">
      <span className="task-status-state">{message.taskState}</span> · <RemoteText text={message.statusText ?? ''} />
    </span>
  );
}
