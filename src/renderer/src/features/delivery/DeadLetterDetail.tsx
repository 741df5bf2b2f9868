import { useState } from 'react';
import { useControlMutation, useMessage, usePeers } from '../../api/queries';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { MessageText } from '../../components/MessageText';
import { TraceIdChip, formatTime } from '../../components/chips';
import { useNow } from '../../components/useNow';
import { useUiActions } from '../../stores/ui-store';
import { AttemptsTable } from '../timeline/AttemptsTable';
import { HealLine } from './HealLine';

/**
 * One dead letter: the payload, every attempt, and what to do with it (replay, edit and replay, discard).
 * `onStart` is called right before a replay is asked for (its progress is followed from then), `onDone` with
 * the messages it sent, `onFailed` when the node refused it.
 */
export function DeadLetterDetail({ id, onStart, onDone, onFailed }: { id: number; onStart: () => void; onDone: (ids: number[]) => void; onFailed: () => void }) {
  const message = useMessage(id);
  const peers = usePeers();
  const { deadLetterShown } = useUiActions();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState<string | null>(null);
  const [target, setTarget] = useState<string>('');
  const [discarding, setDiscarding] = useState(false);
  const now = useNow();
  const replay = useControlMutation('deadLetters.replay', { onSuccess: ({ replayed }) => onDone(replayed) });
  const edit = useControlMutation('deadLetters.editAndReplay', { onSuccess: (created) => onDone([created.id]) });
  const discard = useControlMutation('deadLetters.discard', { onSuccess: () => deadLetterShown(null) });
  if (message.isPending) return <p className="muted">Loading…</p>;
  if (message.isError) return <ErrorNotice error={message.error} action="Could not load the dead letter" />;
  const letter = message.data;
  const body = text ?? letter.content;
  return (
    <aside className="drawer" aria-label="Dead letter" onKeyDown={(event) => event.key === 'Escape' && !discarding && deadLetterShown(null)}>
      <header className="drawer-header">
        <h2>Dead letter</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={() => deadLetterShown(null)}>
          ✕
        </button>
      </header>
      <div className="drawer-body">
        <p className="notice notice-error" data-testid="dead-reason">
          {letter.delivery?.deadReason}
        </p>
        <p className="heal-para">
          <HealLine delivery={letter.delivery} now={now} />
        </p>
        <dl className="facts">
          <dt>Peer</dt>
          <dd>{letter.peerName}</dd>
          <dt>Trace id</dt>
          <dd>
            <TraceIdChip traceId={letter.traceId} />
          </dd>
          <dt>Idempotency key</dt>
          <dd>
            <code>{letter.idempotencyKey}</code>
          </dd>
          <dt>Queued</dt>
          <dd>{formatTime(letter.createdAt)}</dd>
        </dl>
        <h3>Text</h3>
        <MessageText message={letter} detail={letter} className="drawer-text" />
        <h3>Attempts</h3>
        <AttemptsTable attempts={letter.attempts} />
        <div className="row">
          <button
            type="button"
            className="button button-primary"
            onClick={() => {
              onStart();
              replay.mutate({ ids: [id] }, { onError: onFailed });
            }}
            disabled={replay.isPending}
          >
            Replay
          </button>
          <button type="button" className="button" onClick={() => setEditing((on) => !on)}>
            Edit and replay…
          </button>
          <button type="button" className="button button-danger" onClick={() => setDiscarding(true)}>
            Discard…
          </button>
        </div>
        {editing ? (
          <form
            className="form"
            aria-label="Edit and replay"
            onSubmit={(event) => {
              event.preventDefault();
              onStart();
              edit.mutate({ id, text: body, ...(target ? { peer: target } : {}) }, { onError: onFailed });
            }}
          >
            <label className="field">
              <span className="field-label">Text</span>
              <textarea rows={4} value={body} onChange={(event) => setText(event.target.value)} />
            </label>
            <label className="field">
              <span className="field-label">Send to</span>
              <select value={target} onChange={(event) => setTarget(event.target.value)}>
                <option value="">{letter.peerName} (same peer)</option>
                {peers.data
                  ?.filter((peer) => peer.id !== letter.peerId)
                  .map((peer) => (
                    <option key={peer.id} value={peer.id}>
                      {peer.name}
                    </option>
                  ))}
              </select>
            </label>
            <p className="muted small">This sends a new message (new trace id and key) linked to this one, which leaves the dead letters.</p>
            <button type="submit" className="button button-primary" disabled={edit.isPending || !body.trim()}>
              Send edited
            </button>
          </form>
        ) : null}
        {[replay, edit, discard].map((mutation, index) => (mutation.isError ? <ErrorNotice key={index} error={mutation.error} action="That did not work" /> : null))}
      </div>
      {discarding ? (
        <ConfirmDialog
          title="Discard this dead letter?"
          consequence={`It leaves the dead letters for good; it stays in the timeline as not delivered. ${letter.peerName} never receives it.`}
          confirmLabel="Discard"
          onCancel={() => setDiscarding(false)}
          onConfirm={() => discard.mutate({ ids: [id] }, { onSettled: () => setDiscarding(false) })}
        />
      ) : null}
    </aside>
  );
}
