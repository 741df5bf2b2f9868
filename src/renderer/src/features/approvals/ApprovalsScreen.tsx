import { useEffect, useRef } from 'react';
import { useApprovals } from '../../api/queries';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useNow } from '../../components/useNow';
import { useFocusApprovalId, useUiActions } from '../../stores/ui-store';
import { ApprovalItem, type RejectState } from './ApprovalItem';
import { UNDO_REJECT_MS, useDeferredRejects } from './useDeferredRejects';

/**
 * Decide: pending items first with their buttons and countdowns, decided ones below as history. A rejection
 * can be undone for a few seconds; leaving the screen sends it.
 */
export function ApprovalsScreen() {
  const approvals = useApprovals();
  const rejects = useDeferredRejects();
  const now = useNow(1000);
  const focusId = useFocusApprovalId();
  const { approvalsShown, screenSelected } = useUiActions();
  const items = useRef(new Map<string, HTMLLIElement>());
  const list = approvals.data?.approvals ?? [];
  const pending = list.filter((a) => a.status === 'pending');
  const decided = list.filter((a) => a.status !== 'pending');
  const ordered = [...pending, ...decided];

  useEffect(() => {
    // Arriving from a notification: bring that item into view with focus, so `a`/`r` act on it.
    if (!focusId) return;
    const element = items.current.get(focusId);
    if (!element) return;
    element.focus();
    element.scrollIntoView?.({ block: 'nearest' });
    approvalsShown(null);
  }, [focusId, approvalsShown, approvals.data]);

  const move = (id: string, step: 1 | -1) => {
    const index = ordered.findIndex((a) => a.id === id);
    const next = ordered[index + step];
    if (next) items.current.get(next.id)?.focus();
  };
  const register = (id: string) => (element: HTMLLIElement | null) => {
    if (element) items.current.set(id, element);
    else items.current.delete(id);
  };
  const rejection = (id: string): RejectState => ({
    sendAt: rejects.sendAt.get(id) ?? null,
    failure: rejects.failed.get(id) ?? null,
    reject: () => rejects.reject(id),
    undo: () => rejects.undo(id),
  });

  return (
    <section className="screen" aria-labelledby="approvals-title">
      <header className="screen-header">
        <h1 id="approvals-title">Approvals</h1>
        <span className="muted small">
          {pending.length} waiting · <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>a</kbd> approve, <kbd>r</kbd> reject (<kbd>u</kbd> undoes it for {UNDO_REJECT_MS / 1000} s)
        </span>
      </header>
      {approvals.isError ? <ErrorNotice error={approvals.error} action="Could not load approvals" /> : null}
      {approvals.isSuccess && pending.length === 0 ? (
        <div className="empty-state">
          <p>Nothing is waiting for you.</p>
          <p className="muted small">
            Inbound A2A requests from peers whose policy is <em>Ask me</em> or <em>Never forward</em> appear here, to answer by hand, forward to your
            agent, ask back or reject. Callers need an API key:{' '}
            <button type="button" className="link-button" onClick={() => screenSelected('keys')}>
              make one in Keys
            </button>
            .
          </p>
        </div>
      ) : null}
      {pending.length > 0 ? (
        <ul className="approval-list" aria-label="Waiting for you">
          {pending.map((approval) => (
            <ApprovalItem key={approval.id} ref={register(approval.id)} approval={approval} now={now} onMove={(step) => move(approval.id, step)} rejection={rejection(approval.id)} />
          ))}
        </ul>
      ) : null}
      {decided.length > 0 ? (
        <>
          <h2 className="section-title">History</h2>
          <ul className="approval-list approval-history" aria-label="Decided">
            {decided.map((approval) => (
              <ApprovalItem key={approval.id} ref={register(approval.id)} approval={approval} now={now} onMove={(step) => move(approval.id, step)} rejection={rejection(approval.id)} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
