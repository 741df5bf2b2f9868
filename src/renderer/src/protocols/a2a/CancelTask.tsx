import { useControlMutation } from '../../api/queries';
import { ErrorNotice } from '../../components/ErrorNotice';
import { isCancelable } from '../../components/TaskState';
import type { BubbleActionsProps } from '../types';

/** Asks the A2A peer to cancel the task this message started; the answer (or the peer's refusal) shows inline. */
function CancelTask({ peerId, taskId }: { peerId: string; taskId: string }) {
  const cancel = useControlMutation('a2a.cancelTask');
  // The new state arrives on the message itself (message.updated); until it does, say what the peer answered.
  if (cancel.isSuccess) return <span className="muted small">task {cancel.data.state}</span>;
  return (
    <>
      <button type="button" className="link-button" onClick={() => cancel.mutate({ peer: peerId, taskId })} disabled={cancel.isPending}>
        {cancel.isPending ? 'Canceling…' : 'Cancel task'}
      </button>
      {cancel.isError ? <ErrorNotice error={cancel.error} action="Not canceled" /> : null}
    </>
  );
}

/**
 * Under the latest message of a task this node started: Cancel while the peer may still act on it, and "Reply to
 * continue" when it asked for more input (the composer's next message continues that task: the core sends it in
 * the conversation's context with the task's id).
 */
export function CancelTaskAction({ message, thread, onReply }: BubbleActionsProps) {
  if (message.direction !== 'out' || message.status !== 'delivered' || !message.peerId || !message.taskId) return null;
  // A continuation carries the same task and state: the actions belong to the newest of them only.
  const continued = thread.some((m) => m.direction === 'out' && m.taskId === message.taskId && m.id > message.id);
  if (continued) return null;
  return (
    <>
      {message.taskState === 'input-required' ? (
        <button type="button" className="link-button" onClick={onReply}>
          Reply to continue
        </button>
      ) : null}
      {isCancelable(message.taskState) ? <CancelTask peerId={message.peerId} taskId={message.taskId} /> : null}
    </>
  );
}
