import { forwardRef, useRef, useState, type KeyboardEvent } from 'react';
import type { Approval, ApprovalAction, ApprovalStatus } from '@shared/domain/approval';
import { useControlMutation } from '../../api/queries';
import { Countdown } from '../../components/Countdown';
import { ErrorNotice } from '../../components/ErrorNotice';
import { RemoteText } from '../../components/RemoteText';
import { formatTime, timeAgo } from '../../components/chips';
import { approvalKindUi } from '../../protocols/registry';
import { UNDO_REJECT_MS } from './useDeferredRejects';

const statusTone: Record<ApprovalStatus, 'ok' | 'warn' | 'bad' | 'neutral'> = {
  pending: 'warn',
  approved: 'ok',
  answered: 'ok',
  asked: 'warn',
  rejected: 'bad',
  expired: 'neutral',
  canceled: 'neutral',
};

const statusWord: Record<ApprovalStatus, string> = {
  pending: 'pending',
  approved: 'approved',
  answered: 'answered',
  asked: 'asked back',
  rejected: 'rejected',
  expired: 'expired',
  canceled: 'canceled by caller',
};

const decisionWord: Record<string, string> = {
  reply: 'You answered',
  forward: 'Forwarded to your agent',
  askBack: 'You asked back',
  approve: 'Approved',
  reject: 'Rejected',
  expire: 'Nobody answered in time',
  cancel: 'The caller canceled',
};

export function ApprovalStatusChip({ status }: { status: ApprovalStatus }) {
  return <span className={`chip chip-${statusTone[status]}`}>{statusWord[status]}</span>;
}

/** What the `a` key does for this item: approve a handshake, forward a request, or start a reply. */
export function primaryAction(approval: Approval): ApprovalAction | null {
  if (approval.actions.includes('approve')) return 'approve';
  if (approval.actions.includes('forward')) return 'forward';
  if (approval.actions.includes('reply')) return 'reply';
  return null;
}

type Composing = 'reply' | 'askBack' | null;

/** A rejection waiting out its undo time (see useDeferredRejects), or the node's refusal of one. */
export interface RejectState {
  /** When the rejection will be sent; null when none is waiting. */
  sendAt: number | null;
  failure: unknown;
  reject(): void;
  undo(): void;
}

/** "Rejected — Undo" while a rejection waits to be sent: the Undo button, and how long is left. */
function RejectedUndo({ sendAt, now, onUndo }: { sendAt: number; now: number; onUndo: () => void }) {
  // `now` ticks once a second and may lag the rejection by up to that: never say more than the whole wait.
  const seconds = Math.min(UNDO_REJECT_MS / 1000, Math.max(0, Math.ceil((sendAt - now) / 1000)));
  return (
    <div className="row approval-undo" role="status" data-testid="reject-undo">
      <span className="chip chip-bad">Rejected</span>
      <span aria-hidden="true">—</span>
      <button type="button" className="button" onClick={onUndo}>
        Undo
      </button>
      <span className="muted small">
        sent in {seconds} s · keys: <kbd>u</kbd> undo
      </span>
    </div>
  );
}

/**
 * One item of the inbox. Pending: who, what, when, the countdown and the buttons (reply or ask back open a text
 * box; forward and approve act at once; reject waits a few seconds for an undo). Decided: what was decided and when.
 */
export const ApprovalItem = forwardRef<HTMLLIElement, { approval: Approval; now: number; onMove: (step: 1 | -1) => void; rejection: RejectState }>(function ApprovalItem(
  { approval, now, onMove, rejection },
  ref,
) {
  const [composing, setComposing] = useState<Composing>(null);
  const [text, setText] = useState('');
  const item = useRef<HTMLLIElement | null>(null);
  const setItem = (element: HTMLLIElement | null) => {
    item.current = element;
    if (typeof ref === 'function') ref(element);
    else if (ref) ref.current = element;
  };
  // The clicked button goes away (Reject becomes Undo and back): focus stays on the item, so j/k/u keep working.
  const keepFocus = () => setTimeout(() => item.current?.focus(), 0);
  const undo = () => {
    rejection.undo();
    keepFocus();
  };
  const decide = useControlMutation('approvals.decide', { onSuccess: () => setComposing(null) });
  const pending = approval.status === 'pending';
  const rejecting = pending && rejection.sendAt !== null;
  const kind = approvalKindUi(approval.kind);
  const detailText = typeof approval.detail.text === 'string' ? approval.detail.text : approval.title;
  const act = (action: ApprovalAction, withText?: string) => {
    if (decide.isPending || rejecting) return;
    if (action === 'reject') {
      setComposing(null);
      rejection.reject();
      keepFocus();
      return;
    }
    decide.mutate({ id: approval.id, action, ...(withText ? { text: withText } : {}) });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLLIElement>) => {
    // Keys act on the focused item itself, not on text typed into its reply box.
    if (event.target !== event.currentTarget || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'j' || event.key === 'ArrowDown') onMove(1);
    else if (event.key === 'k' || event.key === 'ArrowUp') onMove(-1);
    else if (!pending) return;
    else if (rejecting) {
      if (event.key !== 'u') return;
      undo();
    } else if (event.key === 'a') {
      const action = primaryAction(approval);
      if (action === 'reply') setComposing('reply');
      else if (action) act(action);
    } else if (event.key === 'r') act('reject');
    else if (event.key === 'Enter' && approval.actions.includes('reply')) setComposing('reply');
    else return;
    event.preventDefault();
  };

  return (
    <li
      ref={setItem}
      tabIndex={0}
      className={`approval approval-${approval.status}${rejecting ? ' approval-rejecting' : ''}`}
      data-testid="approval"
      data-status={approval.status}
      data-rejecting={rejecting ? 'true' : undefined}
      aria-label={`${kind.noun} from ${approval.peerName}: ${approval.title}`}
      onKeyDown={onKeyDown}
    >
      <div className="row">
        <strong>{approval.peerName}</strong>
        <span className="badge">{kind.label}</span>
        <ApprovalStatusChip status={approval.status} />
        <span className="muted small" title={formatTime(approval.createdAt)}>
          {timeAgo(approval.createdAt, now)}
        </span>
        <span className="spacer" />
        {pending ? <Countdown until={approval.expiresAt} now={now} label="expires" testId="approval-expiry" urgentBelowSeconds={120} /> : null}
      </div>
      {/* A caller's words are shown as text, never interpreted. */}
      <p className="approval-text">
        <RemoteText text={detailText} />
      </p>
      {kind.Detail ? <kind.Detail approval={approval} now={now} /> : null}
      {rejecting ? (
        <RejectedUndo sendAt={rejection.sendAt!} now={now} onUndo={undo} />
      ) : pending ? (
        <div className="row approval-actions">
          {approval.actions.includes('reply') ? (
            <button type="button" className="button button-primary" onClick={() => setComposing('reply')}>
              Reply…
            </button>
          ) : null}
          {approval.actions.includes('forward') ? (
            <button type="button" className="button" onClick={() => act('forward')} disabled={decide.isPending}>
              Forward to my agent
            </button>
          ) : null}
          {approval.actions.includes('approve') ? (
            <button type="button" className="button button-primary" onClick={() => act('approve')} disabled={decide.isPending}>
              Approve
            </button>
          ) : null}
          {approval.actions.includes('askBack') ? (
            <button type="button" className="button" onClick={() => setComposing('askBack')}>
              Ask back…
            </button>
          ) : null}
          <button type="button" className="button button-danger" onClick={() => act('reject')} disabled={decide.isPending}>
            Reject
          </button>
          <span className="muted small">
            keys: <kbd>a</kbd> {primaryAction(approval) === 'approve' ? 'approve' : primaryAction(approval) === 'forward' ? 'forward' : 'reply'}, <kbd>r</kbd> reject
          </span>
        </div>
      ) : (
        <p className="small">
          {decisionWord[approval.decision?.action ?? ''] ?? 'Decided'}
          {approval.decidedAt ? ` ${timeAgo(approval.decidedAt, now)}` : ''}
          {approval.decision?.text ? (
            <>
              : <q>{approval.decision.text}</q>
            </>
          ) : null}
        </p>
      )}
      {composing ? (
        <form
          className="composer"
          onSubmit={(event) => {
            event.preventDefault();
            if (text.trim()) act(composing, text);
          }}
        >
          <textarea
            autoFocus
            aria-label={composing === 'reply' ? `Answer to ${approval.peerName}` : `Question for ${approval.peerName}`}
            placeholder={composing === 'reply' ? 'Your answer completes their task. Enter sends, Shift+Enter for a new line.' : 'What do you need to know? Their task waits for their answer.'}
            rows={3}
            value={text}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setComposing(null);
              if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
                event.preventDefault();
                if (text.trim()) act(composing, text);
              }
            }}
          />
          <div className="row">
            <button type="submit" className="button button-primary" disabled={!text.trim() || decide.isPending}>
              {composing === 'reply' ? 'Send answer' : 'Ask'}
            </button>
            <button type="button" className="button" onClick={() => setComposing(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      {decide.isError ? <ErrorNotice error={decide.error} action="Not decided" /> : null}
      {rejection.failure ? <ErrorNotice error={rejection.failure} action="Not rejected" /> : null}
    </li>
  );
});
