import type { Approval } from '@shared/domain/approval';

/** The conversation and task an inbound request belongs to. */
export function A2aRequestDetail({ approval }: { approval: Approval }) {
  if (typeof approval.detail.contextId !== 'string') return null;
  return (
    <p className="muted small mono">
      context {approval.detail.contextId} · task {String(approval.detail.taskId ?? '')}
    </p>
  );
}
