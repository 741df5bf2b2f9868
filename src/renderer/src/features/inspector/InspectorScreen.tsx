import type { ReactNode } from 'react';
import type { InspectionReport } from '@shared/domain/inspector';
import { useInspection, useLatestInspection, usePeer } from '../../api/queries';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Tabs, tabPanelProps, type TabItem } from '../../components/Tabs';
import { formatTime, timeAgo } from '../../components/chips';
import { useNow } from '../../components/useNow';
import { useInspectionRequest, useInspectorActions, useInspectorTab, type InspectionRequest, type InspectorTab } from '../../stores/inspector-store';
import { CardHistory } from './CardHistory';
import { CardOverview } from './CardOverview';
import { CompatibilityPanel } from './CompatibilityPanel';
import { FetchRecords } from './FetchRecords';
import { FindingsList } from './FindingsList';
import { VerdictChip } from './InspectionChips';
import { offersTryIt, parseTargetUrl, remoteTargetOf, targetName } from './inspection-target';
import { ProbesTable } from './ProbesTable';
import { RawCards } from './RawCards';
import { TargetBar } from './TargetBar';
import { TryIt } from './TryIt';

type Shown =
  | { state: 'none' }
  | { state: 'loading' }
  | { state: 'inspecting' }
  | { state: 'not-inspected' }
  | { state: 'error'; error: unknown; action: string }
  | { state: 'report'; report: InspectionReport; refreshing: boolean };

/** The report to show for a request: a fresh inspection, or (run 0) what is already known about a peer. */
function useShownReport(request: InspectionRequest | null): Shown {
  const peerId = request && 'peer' in request.target ? request.target.peer : null;
  const known = request?.run === 0;
  const latest = useLatestInspection(peerId, known);
  const inspection = useInspection(request, !known);
  if (!request) return { state: 'none' };
  if (known) {
    if (!peerId) return { state: 'not-inspected' };
    if (latest.isError) return { state: 'error', error: latest.error, action: 'Could not read the last inspection' };
    if (latest.data === undefined) return { state: 'loading' };
    return latest.data ? { state: 'report', report: latest.data, refreshing: false } : { state: 'not-inspected' };
  }
  if (inspection.isError) return { state: 'error', error: inspection.error, action: 'Could not inspect it' };
  if (!inspection.data) return { state: 'inspecting' };
  return { state: 'report', report: inspection.data, refreshing: inspection.isPlaceholderData };
}

function VerdictLine({ report, refreshing }: { report: InspectionReport; refreshing: boolean }) {
  const now = useNow();
  return (
    <div className="verdict-line" data-testid="verdict-line">
      <VerdictChip verdict={report.verdict} />
      <strong className="verdict-text">{report.verdictLine}</strong>
      <span className="muted small" title={formatTime(report.at)}>
        {targetName(report.target)} · checked {timeAgo(report.at, now)}
      </span>
      {refreshing ? (
        <span className="muted small" role="status">
          Inspecting again…
        </span>
      ) : null}
    </div>
  );
}

/** Where the History tab looks when there is no report yet: the URL asked for, or the peer's base URL. */
function useHistoryUrl(request: InspectionRequest, report: InspectionReport | null): string | null {
  const peerId = !report && 'peer' in request.target ? request.target.peer : null;
  const peer = usePeer(peerId);
  if (report) return report.target.url;
  if ('url' in request.target) {
    const parsed = parseTargetUrl(request.target.url);
    return 'url' in parsed ? parsed.url.replace(/\/+$/, '') : null;
  }
  return peer.data?.baseUrl || null;
}

function ReportTabs({ report, request, refreshing }: { report: InspectionReport; request: InspectionRequest; refreshing: boolean }) {
  const selected = useInspectorTab();
  const { tabSelected, inspected, probeToggled } = useInspectorActions();
  const tryIt = offersTryIt(report);
  const tabs: TabItem<InspectorTab>[] = [
    { id: 'overview', label: 'Overview' },
    { id: 'findings', label: `Findings (${report.findings.length})` },
    { id: 'probes', label: `Probes (${report.probes.length})` },
    { id: 'http', label: `HTTP (${report.fetches.length})` },
    { id: 'raw', label: 'Raw JSON' },
    { id: 'history', label: 'History' },
    ...(tryIt ? [{ id: 'tryit' as const, label: 'Try it' }] : []),
  ];
  const tab = tabs.some((item) => item.id === selected) ? selected : 'overview';
  const panels: Record<InspectorTab, () => ReactNode> = {
    overview: () => <CardOverview readings={report.readings} />,
    findings: () => <FindingsList findings={report.findings} />,
    probes: () => (
      <ProbesTable
        probes={report.probes}
        probed={request.probe && request.run > 0}
        busy={refreshing}
        onProbe={() => {
          probeToggled(true);
          inspected(request.target);
        }}
      />
    ),
    http: () => <FetchRecords fetches={report.fetches} />,
    raw: () => <RawCards readings={report.readings} />,
    history: () => <CardHistory url={report.target.url} target={remoteTargetOf(report.target)} peerId={report.target.peerId} seenVersionId={report.versionId} />,
    tryit: () => <TryIt key={report.target.url} report={report} />,
  };
  return (
    <>
      <Tabs label="Inspection" idPrefix="inspector" tabs={tabs} selected={tab} onSelect={tabSelected} />
      <div {...tabPanelProps('inspector', tab)} className="tab-panel">
        {panels[tab]()}
      </div>
    </>
  );
}

function Inspection({ request, shown }: { request: InspectionRequest; shown: Shown }) {
  const { inspected } = useInspectorActions();
  const report = shown.state === 'report' ? shown.report : null;
  const historyUrl = useHistoryUrl(request, report);
  if (report && shown.state === 'report') {
    return (
      <>
        <VerdictLine report={report} refreshing={shown.refreshing} />
        <CompatibilityPanel report={report} />
        <ReportTabs report={report} request={request} refreshing={shown.refreshing} />
      </>
    );
  }
  const peerId = 'peer' in request.target ? request.target.peer : null;
  return (
    <>
      {shown.state === 'loading' ? <p className="muted">Reading the last inspection…</p> : null}
      {shown.state === 'inspecting' ? (
        <div className="notice inspecting" role="status" aria-busy="true">
          Inspecting{'self' in request.target ? ' this node' : ''}… fetching its cards{request.probe ? ' and running probes' : ''}. This can take a few seconds.
        </div>
      ) : null}
      {shown.state === 'error' ? <ErrorNotice error={shown.error} action={shown.action} /> : null}
      {shown.state === 'not-inspected' ? (
        <div className="notice row">
          <span className="grow">{peerId ? 'This peer has not been inspected yet.' : 'Not inspected in this session.'}</span>
          <button type="button" className="button button-primary" onClick={() => inspected(request.target)}>
            Inspect now
          </button>
        </div>
      ) : null}
      {historyUrl && (shown.state === 'not-inspected' || shown.state === 'error') && !('self' in request.target) ? (
        <section aria-labelledby="history-title" className="history-alone">
          <h2 id="history-title" className="section-title">
            Card history <span className="muted small mono">{historyUrl}</span>
          </h2>
          <CardHistory url={historyUrl} target={peerId ? { peer: peerId } : { url: historyUrl }} peerId={peerId} seenVersionId={null} />
        </section>
      ) : null}
    </>
  );
}

/** Trust before talking: what an agent publishes, whether its claims hold, how this node would talk to it. */
export function InspectorScreen() {
  const request = useInspectionRequest();
  const shown = useShownReport(request);
  const busy = shown.state === 'inspecting' || (shown.state === 'report' && shown.refreshing);
  return (
    <section className="screen inspector" aria-labelledby="inspector-title">
      <header className="screen-header">
        <h1 id="inspector-title">Inspector</h1>
      </header>
      <TargetBar busy={busy} />
      {request ? (
        <Inspection request={request} shown={shown} />
      ) : (
        <div className="empty-state">
          <p>Paste an agent's URL, pick a peer, or inspect this node to see how peers see you.</p>
          <p className="muted small">It reads the agent's cards for every protocol this node speaks, checks them, and shows how this node would talk to it. “Run probes” adds a few harmless requests, each explained; “Try it” sends a test message only when you press Send.</p>
        </div>
      )}
    </section>
  );
}
