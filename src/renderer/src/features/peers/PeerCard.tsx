import type { Peer } from '@shared/domain/peer';
import { useInspectPeerNow, useLatestInspection } from '../../api/queries';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatTime, timeAgo } from '../../components/chips';
import { useNow } from '../../components/useNow';
import { useInspectorActions } from '../../stores/inspector-store';
import { FindingCounts, VerdictChip } from '../inspector/InspectionChips';

/** The peer's card as last inspected (on adding, on a URL change, or by a watch), whatever its protocol. */
export function PeerCard({ peer }: { peer: Peer }) {
  const latest = useLatestInspection(peer.baseUrl ? peer.id : null);
  const inspectNow = useInspectPeerNow(peer.id);
  const { opened } = useInspectorActions();
  const now = useNow();
  const report = latest.data;
  const identity = report?.readings.find((reading) => reading.found && reading.summary)?.summary ?? null;
  const openButton = (
    <button type="button" className="button" onClick={() => opened({ peer: peer.id })}>
      Open in Inspector
    </button>
  );
  return (
    <section className="credential peer-card" aria-label="Card">
      <h3>Card</h3>
      {!peer.baseUrl ? <p className="muted small">This peer has no URL (it calls this node), so there is no card to read.</p> : null}
      {peer.baseUrl && latest.isPending ? <p className="muted small">Reading the last inspection…</p> : null}
      {latest.isError ? <ErrorNotice error={latest.error} action="Could not read the card's last inspection" /> : null}
      {report === null ? (
        <div className="row">
          <span className="muted">Not inspected yet.</span>
          <button type="button" className="button button-primary" disabled={inspectNow.isPending} onClick={() => inspectNow.mutate()}>
            {inspectNow.isPending ? 'Inspecting…' : 'Inspect now'}
          </button>
          {openButton}
        </div>
      ) : null}
      {report ? (
        <>
          <div className="row verdict-line compact" data-testid="peer-card-verdict">
            <VerdictChip verdict={report.verdict} />
            <span>{report.verdictLine}</span>
          </div>
          {identity ? (
            <p className="peer-card-identity">
              <strong>{identity.name ?? 'unnamed'}</strong>
              {identity.version ? <span className="muted"> {identity.version}</span> : null}
              {identity.description ? <span className="muted"> — {identity.description}</span> : null}
            </p>
          ) : null}
          <div className="row">
            <FindingCounts findings={report.findings} />
            <span className="muted small" title={formatTime(report.at)}>
              checked {timeAgo(report.at, now)}
            </span>
            <span className="spacer" />
            <button type="button" className="button" disabled={inspectNow.isPending} onClick={() => inspectNow.mutate()}>
              {inspectNow.isPending ? 'Inspecting…' : 'Inspect again'}
            </button>
            {openButton}
          </div>
        </>
      ) : null}
      {inspectNow.isError ? <ErrorNotice error={inspectNow.error} action="Could not inspect the peer" /> : null}
    </section>
  );
}
