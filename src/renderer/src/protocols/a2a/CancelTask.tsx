import { useMemo } from 'react';
import { useControlMutation } from '../../api/queries';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { BubbleActionsProps } from '../types';

/** Asks the A2A peer to cancel the task this message started; the answer (or the peer's refusal) shows inline. */
function CancelTask({ peerId, taskId }: { peerId: string; taskId: string }) {
  const cancel = useControlMutation('a2a.cancelTask');
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

/** Offers to cancel a delivered message's task while it may still run. */
export function CancelTaskAction({ message, thread }: BubbleActionsProps) {
  // A task that produced a reply has (almost always) finished; the others can still be canceled.
  const answered = useMemo(() => thread.some((m) => m.direction === 'in' && m.taskId !== null && m.taskId === message.taskId), [thread, message.taskId]);
  if (message.status !== 'delivered' || !message.peerId || !message.taskId || answered) return null;
  return <CancelTask peerId={message.peerId} taskId={message.taskId} />;
}
