import { useState } from 'react';
import { useControlMutation, useDeadLetters, usePeers } from '../../api/queries';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PeerSelect } from '../../components/PeerSelect';
import { RemoteText } from '../../components/RemoteText';
import { timeAgo } from '../../components/chips';
import { useNow } from '../../components/useNow';
import { useOpenDeadLetterId, useUiActions } from '../../stores/ui-store';
import { DeadLetterDetail } from './DeadLetterDetail';
import { HealLine } from './HealLine';
import { useReplayProgress, type ReplayProgress } from './useReplayProgress';

function ReplayProgressBar({ progress, onClose }: { progress: ReplayProgress; onClose: () => void }) {
  const finished = progress.delivered + progress.dead;
  return (
    <div className="replay-progress" role="status" aria-label="Replay progress">
      <div className="row">
        <strong>{progress.done ? 'Replay finished' : `Replaying ${progress.total} message${progress.total === 1 ? '' : 's'}…`}</strong>
        <span className="muted small" data-testid="replay-summary">
          {progress.delivered} delivered, {progress.dead} dead again, {progress.total - finished} pending
        </span>
        <span className="spacer" />
        {progress.done ? (
          <button type="button" className="link-button" onClick={onClose}>
            Dismiss
          </button>
        ) : null}
      </div>
      <progress max={progress.total} value={finished} />
    </div>
  );
}

/** Messages that could not be delivered: review, replay (one, a selection, all), edit and replay, discard. */
export function DeadLettersTab() {
  const [peerId, setPeerId] = useState('');
  const letters = useDeadLetters(peerId);
  const peers = usePeers();
  const now = useNow();
  const openId = useOpenDeadLetterId();
  const { deadLetterShown } = useUiActions();
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const replays = useReplayProgress();
  const [discarding, setDiscarding] = useState(false);
  const started = (ids: number[]) => {
    replays.follow(ids);
    setSelected(new Set());
    deadLetterShown(null);
  };
  const replay = useControlMutation('deadLetters.replay', { onSuccess: ({ replayed }) => started(replayed) });
  const replayNow = (input: Parameters<typeof replay.mutate>[0]) => {
    replays.begin();
    replay.mutate(input, { onError: replays.stop });
  };
  const discard = useControlMutation('deadLetters.discard', { onSuccess: () => setSelected(new Set()) });
  const list = letters.data ?? [];
  const allSelected = list.length > 0 && list.every((letter) => selected.has(letter.id));
  const toggle = (id: number) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const peerName = peers.data?.find((peer) => peer.id === peerId)?.name;

  return (
    <div className="delivery-tab dead-letters">
      <div className="toolbar row">
        <PeerSelect label="Filter by peer" peers={peers.data} value={peerId} onChange={setPeerId} />
        <button type="button" className="button" disabled={selected.size === 0 || replay.isPending} onClick={() => replayNow({ ids: [...selected] })}>
          Replay selected ({selected.size})
        </button>
        <button type="button" className="button" disabled={list.length === 0 || replay.isPending} onClick={() => replayNow(peerId ? { all: true, peerId } : { all: true })}>
          {peerName ? `Replay all for ${peerName}` : 'Replay all'} ({list.length})
        </button>
        <button type="button" className="button button-danger" disabled={selected.size === 0} onClick={() => setDiscarding(true)}>
          Discard selected…
        </button>
      </div>
      {replays.progress ? <ReplayProgressBar progress={replays.progress} onClose={replays.stop} /> : null}
      {replay.data?.skipped.length ? (
        <p className="notice">
          Not replayed: {replay.data.skipped.map((skip) => `${skip.id} (${skip.reason})`).join('; ')}
        </p>
      ) : null}
      {letters.isError ? <ErrorNotice error={letters.error} action="Could not load dead letters" /> : null}
      <div className="timeline-layout">
        {list.length === 0 && letters.isSuccess ? (
          <div className="empty-state grow">
            <p>No dead letters. Messages that cannot be delivered land here, with the reason, for you to fix and replay.</p>
          </div>
        ) : (
          // The table scrolls sideways in its own box when it cannot fit; the page never does.
          <div className="table-scroll grow">
            <table className="data-table" aria-label="Dead letters">
              <thead>
                <tr>
                  <th>
                    <input
                      type="checkbox"
                      aria-label="Select all"
                      checked={allSelected}
                      onChange={() => setSelected(allSelected ? new Set() : new Set(list.map((letter) => letter.id)))}
                    />
                  </th>
                  <th>Peer</th>
                  <th>Reason</th>
                  <th>Attempts</th>
                  <th>Age</th>
                  <th>Text</th>
                </tr>
              </thead>
              <tbody>
                {list.map((letter) => (
                  <tr key={letter.id} data-testid="dead-letter-row" aria-selected={openId === letter.id} className={openId === letter.id ? 'selected' : undefined}>
                    <td>
                      <input type="checkbox" aria-label={`Select dead letter ${letter.id}`} checked={selected.has(letter.id)} onChange={() => toggle(letter.id)} />
                    </td>
                    <td>{letter.peerName}</td>
                    <td className="cell-reason">
                      <button type="button" className="link-button" onClick={() => deadLetterShown(letter.id)}>
                        {letter.delivery?.deadReason ?? 'not delivered'}
                      </button>
                      <HealLine delivery={letter.delivery} now={now} />
                    </td>
                    <td>{letter.delivery?.attempts ?? 0}</td>
                    <td className="muted small">{timeAgo(letter.createdAt, now)}</td>
                    <td className="cell-text">
                      <RemoteText text={letter.content} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {openId !== null ? <DeadLetterDetail key={openId} id={openId} onStart={replays.begin} onDone={started} onFailed={replays.stop} /> : null}
      </div>
      {discarding ? (
        <ConfirmDialog
          title={`Discard ${selected.size} dead letter${selected.size === 1 ? '' : 's'}?`}
          consequence="They leave the dead letters for good and are never delivered; they stay in the timeline as not delivered."
          confirmLabel="Discard"
          onCancel={() => setDiscarding(false)}
          onConfirm={() => discard.mutate({ ids: [...selected] }, { onSettled: () => setDiscarding(false) })}
        />
      ) : null}
    </div>
  );
}
