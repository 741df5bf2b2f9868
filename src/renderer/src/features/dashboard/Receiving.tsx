import { useEffect, useRef, useState } from 'react';
import type { ReceivingState } from '@shared/domain/node';
import { useSetReceiving } from '../../api/queries';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatTime, timeAgo } from '../../components/chips';
import { useNow } from '../../components/useNow';

function PausedSince({ since }: { since: string | null }) {
  const now = useNow();
  if (!since) return null;
  return (
    <>
      {' since '}
      <time dateTime={since} data-testid="paused-since">
        {formatTime(since)}
      </time>{' '}
      <span className="muted">({timeAgo(since, now)})</span>
    </>
  );
}

/** While receiving is paused, on top of the Dashboard: since when, and the way back (no confirm: resuming loses nothing). */
export function ReceivingPausedNotice({ receiving, takeFocus, onFocused }: { receiving: ReceivingState; takeFocus: boolean; onFocused: () => void }) {
  const resume = useSetReceiving();
  const button = useRef<HTMLButtonElement>(null);
  // Just paused from the card, whose button is gone now: the way back is where the keyboard continues.
  useEffect(() => {
    if (!takeFocus || !receiving.paused) return;
    button.current?.focus();
    onFocused();
  }, [takeFocus, receiving.paused, onFocused]);
  if (!receiving.paused) return null;
  return (
    <div className="banner banner-warn paused-notice" role="region" aria-label="Receiving paused">
      <div className="row">
        <span className="grow">
          <strong>
            Receiving is paused
            <PausedSince since={receiving.since} />.
          </strong>{' '}
          Peers’ messages are refused with “try again later” until you resume.
        </span>
        <button ref={button} type="button" className="button button-primary" disabled={resume.isPending} onClick={() => resume.mutate(false)}>
          Resume receiving
        </button>
      </div>
      {resume.isError ? <ErrorNotice error={resume.error} action="Could not resume receiving" /> : null}
    </div>
  );
}

/** Whether the public listener takes new messages, and the switch to stop it for a while (after a confirm). */
export function ReceivingCard({ receiving, onPaused }: { receiving: ReceivingState; onPaused: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const pause = useSetReceiving();
  return (
    <article className="card" aria-labelledby="receiving-title">
      <h2 id="receiving-title">Receiving</h2>
      {receiving.paused ? (
        <p className="card-line" data-testid="receiving-state">
          <span className="chip chip-warn">paused</span> New messages are refused until you resume (above). Your own messages still go out.
        </p>
      ) : (
        <>
          <p className="card-line" data-testid="receiving-state">
            <span className="chip chip-ok">receiving</span> Peers’ messages are accepted.
          </p>
          <button type="button" className="button" onClick={() => setConfirming(true)}>
            Pause receiving…
          </button>
        </>
      )}
      {pause.isError ? <ErrorNotice error={pause.error} action="Could not pause receiving" /> : null}
      {confirming ? (
        <ConfirmDialog
          title="Pause receiving?"
          consequence={
            <>
              Peers’ messages will be refused with “try again later” until you resume; nothing already received is affected. Your own messages still go
              out, and peers can still read your card.
            </>
          }
          confirmLabel="Pause receiving"
          busy={pause.isPending}
          onCancel={() => setConfirming(false)}
          onConfirm={() => pause.mutate(true, { onSuccess: onPaused, onSettled: () => setConfirming(false) })}
        />
      ) : null}
    </article>
  );
}
