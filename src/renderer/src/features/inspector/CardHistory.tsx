import { useEffect, useRef, useState } from 'react';
import type { MethodInput } from '@shared/contract';
import type { CardChange, CardVersion } from '@shared/domain/inspector';
import { formatDuration } from '@shared/format-duration';
import { useCardDiff, useCardVersions, useCardWatches, useControlMutation } from '../../api/queries';
import { ErrorNotice } from '../../components/ErrorNotice';
import { JsonBlock } from '../../components/JsonBlock';
import { ProtocolBadge, formatTime, timeAgo } from '../../components/chips';
import { useNow } from '../../components/useNow';
import { useComparedVersions, useInspectorActions } from '../../stores/inspector-store';
import { VerdictChip } from './InspectionChips';

type WatchTarget = MethodInput<'inspector.watch'>['target'];

const INTERVALS = [60, 300, 900, 3600, 21_600, 86_400];

function every(seconds: number): string {
  if (seconds % 86_400 === 0) return seconds === 86_400 ? 'day' : `${seconds / 86_400} days`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return formatDuration(seconds);
}

/** Watch a card: a conditional re-fetch every interval, a version kept each time it changes, a notice when it does. */
function WatchToggle({ target, url, peerId }: { target: WatchTarget; url: string; peerId: string | null }) {
  const watches = useCardWatches();
  // A peer's watch follows the peer (its URL may change); a watch of the same URL is the same card.
  const watch = (peerId ? watches.data?.find((item) => item.peerId === peerId) : undefined) ?? watches.data?.find((item) => item.url === url);
  const [chosen, setChosen] = useState<number | null>(null);
  const interval = chosen ?? watch?.intervalSeconds ?? 300;
  const enabled = watch?.enabled ?? false;
  const save = useControlMutation('inspector.watch');
  const now = useNow();
  const intervals = INTERVALS.includes(interval) ? INTERVALS : [...INTERVALS, interval].sort((a, b) => a - b);
  return (
    <section className="card watch" aria-labelledby="watch-title">
      <h2 id="watch-title">Watch</h2>
      <div className="row">
        <label className="check">
          <input type="checkbox" checked={enabled} disabled={save.isPending || watches.isPending} onChange={(event) => save.mutate({ target, enabled: event.target.checked, intervalSeconds: interval })} /> Watch this card
        </label>
        <label className="inline">
          check every
          <select
            aria-label="Check interval"
            value={interval}
            onChange={(event) => {
              const seconds = Number(event.target.value);
              setChosen(seconds);
              if (enabled) save.mutate({ target, enabled: true, intervalSeconds: seconds });
            }}
          >
            {intervals.map((seconds) => (
              <option key={seconds} value={seconds}>
                {every(seconds)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted small">
        {watch?.lastCheckedAt ? (
          <>
            Last checked {timeAgo(watch.lastCheckedAt, now)}
            {watch.lastVerdict ? (
              <>
                : <VerdictChip verdict={watch.lastVerdict} />
              </>
            ) : null}
          </>
        ) : enabled ? (
          'Not checked yet.'
        ) : (
          'A watched card is fetched again every interval (only if it changed); each new version is kept, and a change shows a notice.'
        )}
      </p>
      {watch?.lastError ? <p className="small bad-text">The last check did not complete: {watch.lastError}</p> : null}
      {save.isError ? <ErrorNotice error={save.error} action="Could not change the watch" /> : null}
      {watches.isError ? <ErrorNotice error={watches.error} action="Could not read the watches" /> : null}
    </section>
  );
}

/** The version to compare against by default: the one before `to` of the same protocol (versions are newest first). */
function defaultPair(versions: readonly CardVersion[]): { from: number; to: number } | null {
  const to = versions[0];
  const from = versions.slice(1).find((version) => version.protocol === to?.protocol) ?? versions[1];
  return to && from ? { from: from.id, to: to.id } : null;
}

function VersionList({ versions, pair, seenId, onPick, onView }: { versions: readonly CardVersion[]; pair: { from: number; to: number } | null; seenId: number | null; onPick: (pair: { from: number; to: number }) => void; onView: (version: CardVersion) => void }) {
  // A URL that serves cards of several protocols keeps versions of each; only then is the protocol worth a column.
  const protocols = new Set(versions.map((version) => version.protocol)).size > 1;
  return (
    <table className="data-table versions" aria-label="Card versions">
      <thead>
        <tr>
          <th>From</th>
          <th>To</th>
          <th>Version</th>
          <th>First seen</th>
          {protocols ? <th>Protocol</th> : null}
          <th>Hash</th>
          <th>
            <span className="visually-hidden">Card</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {versions.map((version) => {
          const label = `version ${version.id}, first seen ${formatTime(version.at)}`;
          return (
            <tr key={version.id} className={pair && (pair.from === version.id || pair.to === version.id) ? 'selected' : undefined}>
              <td>
                <input type="radio" name="diff-from" aria-label={`Compare from ${label}`} checked={pair?.from === version.id} onChange={() => onPick({ from: version.id, to: pair?.to ?? version.id })} />
              </td>
              <td>
                <input type="radio" name="diff-to" aria-label={`Compare to ${label}`} checked={pair?.to === version.id} onChange={() => onPick({ from: pair?.from ?? version.id, to: version.id })} />
              </td>
              <td className="mono">
                #{version.id} {version.id === seenId ? <span className="badge">this report</span> : null}
              </td>
              <td>{formatTime(version.at)}</td>
              {protocols ? (
                <td>
                  <ProtocolBadge protocol={version.protocol} />
                </td>
              ) : null}
              <td>
                <code title={version.hash}>{version.hash.slice(0, 10)}</code>
              </td>
              <td>
                <button type="button" className="link-button" onClick={() => onView(version)}>
                  View card
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const kindTone = { added: 'ok', removed: 'bad', changed: 'neutral' } as const;

/** What changed, by JSON path, before and after side by side; changes that need a look stand out (and say so). */
export function CardDiffTable({ changes }: { changes: readonly CardChange[] }) {
  if (changes.length === 0) return <p className="muted">These two versions are the same card.</p>;
  const warnings = changes.filter((change) => change.warning).length;
  return (
    <>
      <p className="small" data-testid="diff-summary">
        {changes.length} change{changes.length === 1 ? '' : 's'}
        {warnings ? (
          <>
            , <span className="chip chip-warn">{warnings} need{warnings === 1 ? 's' : ''} a look</span>
          </>
        ) : null}
      </p>
      <table className="data-table diff-table" aria-label="Changes between the versions">
        <thead>
          <tr>
            <th>Path</th>
            <th>Change</th>
            <th>Before</th>
            <th>After</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((change) => (
            <tr key={`${change.path}:${change.kind}`} className={change.warning ? 'diff-warning' : undefined} data-testid="diff-row">
              <td>
                <code>{change.path}</code>
                {change.warning ? (
                  <div>
                    <span className="chip chip-warn">needs a look</span>
                  </div>
                ) : null}
              </td>
              <td>
                <span className={`chip chip-${kindTone[change.kind]}`}>{change.kind}</span>
              </td>
              <td className="diff-cell">{change.kind === 'added' ? <span className="muted">absent</span> : <JsonBlock value={change.before} />}</td>
              <td className="diff-cell">{change.kind === 'removed' ? <span className="muted">absent</span> : <JsonBlock value={change.after} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Diff({ pair, versions }: { pair: { from: number; to: number }; versions: readonly CardVersion[] }) {
  const diff = useCardDiff(pair.from, pair.to);
  const from = versions.find((version) => version.id === pair.from);
  const to = versions.find((version) => version.id === pair.to);
  return (
    <section aria-labelledby="diff-title">
      <h3 id="diff-title" className="section-title">
        Changes from #{pair.from} {from ? <span className="muted small">({formatTime(from.at)})</span> : null} to #{pair.to} {to ? <span className="muted small">({formatTime(to.at)})</span> : null}
      </h3>
      {from && to && from.protocol !== to.protocol ? <p className="notice notice-warn small">These versions are cards of two different protocols; most of what differs is the format, not the agent.</p> : null}
      {pair.from === pair.to ? <p className="muted">Pick two different versions to compare.</p> : null}
      {diff.isPending && pair.from !== pair.to ? <p className="muted">Comparing…</p> : null}
      {diff.isError ? <ErrorNotice error={diff.error} action="Could not compare the versions" /> : null}
      {diff.data ? <CardDiffTable changes={diff.data} /> : null}
    </section>
  );
}

/** One version's card as it was; Esc or ✕ closes it. */
function VersionDrawer({ version, onClose }: { version: CardVersion; onClose: () => void }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    ref.current?.focus();
    return () => previous?.focus?.();
  }, [version.id]);
  return (
    <aside
      ref={ref}
      tabIndex={-1}
      className="drawer version-drawer"
      role="complementary"
      aria-label={`Card version ${version.id}`}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="drawer-header">
        <h2>Version #{version.id}</h2>
        <button type="button" className="icon-button" aria-label="Close version" onClick={onClose}>
          ✕
        </button>
      </header>
      <div className="drawer-body">
        <p className="muted small">
          <ProtocolBadge protocol={version.protocol} /> first seen {formatTime(version.at)} · <code>{version.hash}</code>
        </p>
        <JsonBlock value={version.card} />
      </div>
    </aside>
  );
}

/** The card's history at one URL: the watch, every distinct version kept, and what changed between two of them. */
export function CardHistory({ url, target, peerId, seenVersionId }: { url: string; target: WatchTarget; peerId: string | null; seenVersionId: number | null }) {
  const versions = useCardVersions(url);
  const picked = useComparedVersions();
  const { versionsPicked } = useInspectorActions();
  const [viewing, setViewing] = useState<CardVersion | null>(null);
  const list = versions.data ?? [];
  const pair = picked ?? defaultPair(list);
  return (
    <div className="history-layout">
      <div className="history-main">
        <WatchToggle target={target} url={url} peerId={peerId} />
        <h3 className="section-title">Versions</h3>
        {versions.isPending ? <p className="muted">Loading versions…</p> : null}
        {versions.isError ? <ErrorNotice error={versions.error} action="Could not read the card's versions" /> : null}
        {versions.data && list.length === 0 ? <p className="muted">No versions kept yet. Inspect or watch this card to keep one each time it changes.</p> : null}
        {list.length === 1 ? <p className="muted small">One version so far: there is nothing to compare yet.</p> : null}
        {list.length ? <VersionList versions={list} pair={pair} seenId={seenVersionId} onPick={versionsPicked} onView={setViewing} /> : null}
        {pair && list.length > 1 ? <Diff pair={pair} versions={list} /> : null}
      </div>
      {viewing ? <VersionDrawer version={viewing} onClose={() => setViewing(null)} /> : null}
    </div>
  );
}
