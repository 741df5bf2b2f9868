import { useCallback, useMemo, useState } from 'react';
import { formatDuration } from '@shared/format-duration';
import { useApprovals, useDashboard, useNodeStatus } from '../../api/queries';
import { CopyButton } from '../../components/CopyButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useElapsedSeconds } from '../../components/useElapsedSeconds';
import { useNow } from '../../components/useNow';
import { SetupScreen, useFirstRunSettings } from '../setup/SetupScreen';
import { useUiActions } from '../../stores/ui-store';
import { ActivityCard } from './ActivityCard';
import { activitySeries } from './activity-series';
import { DeliveryCard } from './DeliveryCard';
import { LastErrorsCard } from './LastErrorsCard';
import { ReceivingCard, ReceivingPausedNotice } from './Receiving';
import { StorageFullNotice } from './StorageFullNotice';

/** How long the oldest approval has waited, in the words of a glance ("12 min"). */
function waitedFor(since: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(since)) / 1000));
  if (seconds < 60) return 'under a minute';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86_400)} d`;
}

/** Is everything healthy? The node's identity, where it listens, how long it has run, what it has carried. */
export function DashboardScreen() {
  const status = useNodeStatus();
  const uptime = useElapsedSeconds(status.data?.startedAt);
  const waiting = useApprovals('pending').data?.pending ?? 0;
  const { approvalsShown } = useUiActions();
  const [resumeTakesFocus, setResumeTakesFocus] = useState(false);
  const focusTaken = useCallback(() => setResumeTakesFocus(false), []);
  const firstRun = useFirstRunSettings();
  const dashboard = useDashboard(firstRun === null);
  const now = useNow(15_000);
  const minutes = dashboard.data?.minutes;
  const series = useMemo(() => (minutes ? activitySeries(minutes, now) : null), [minutes, now]);
  const oldestApproval = dashboard.data?.approvals.oldestCreatedAt ?? null;
  if (firstRun) return <SetupScreen settings={firstRun} />;
  if (status.isPending) return <p className="muted">Loading the node's status…</p>;
  if (status.isError) return <ErrorNotice error={status.error} action="Could not read the node's status" />;
  const node = status.data;
  return (
    <section aria-labelledby="dashboard-title" className="screen">
      <header className="screen-header">
        <h1 id="dashboard-title">Dashboard</h1>
      </header>
      <StorageFullNotice storage={node.storage} />
      <ReceivingPausedNotice receiving={node.receiving} takeFocus={resumeTakesFocus} onFocused={focusTaken} />
      <div className="cards">
        <article className="card" aria-label="Node">
          <h2>Node</h2>
          <dl className="facts">
            <dt>Name</dt>
            <dd data-testid="node-name">{node.name}</dd>
            <dt>Version</dt>
            <dd>{node.version}</dd>
            <dt>Listening</dt>
            <dd>
              <code data-testid="listening-url">{node.listeningUrl}</code> <CopyButton value={node.listeningUrl} label="listening URL" />
              <span className="muted"> (bound to {node.bindHost}:{node.port})</span>
            </dd>
            <dt>Public URL</dt>
            <dd>{node.publicUrl ? <code>{node.publicUrl}</code> : <span className="muted">Not set. Peers need one to reach you: start with --public-url, or set it in Settings.</span>}</dd>
            <dt>Uptime</dt>
            <dd data-testid="uptime" title={`since ${node.startedAt}`}>
              {formatDuration(uptime)}
            </dd>
            <dt>Data dir</dt>
            <dd>
              <code>{node.dataDir}</code>
            </dd>
          </dl>
        </article>
        <article className="card" aria-label="Messages">
          <h2>Messages</h2>
          <div className="metrics">
            <div className="metric">
              <span className="metric-value" data-testid="messages-in">
                {node.counts.messagesIn}
              </span>
              <span className="metric-label">received</span>
            </div>
            <div className="metric">
              <span className="metric-value" data-testid="messages-out">
                {node.counts.messagesOut}
              </span>
              <span className="metric-label">sent</span>
            </div>
            <div className="metric">
              <span className="metric-value" data-testid="unseen-wakes">
                {node.counts.unseenWakes}
              </span>
              <span className="metric-label">wakes not yet seen</span>
            </div>
            <div className="metric">
              <button
                type="button"
                className="metric-value link-button"
                data-testid="pending-approvals"
                aria-label={`Open Approvals: ${waiting} waiting`}
                onClick={() => approvalsShown(null)}
              >
                {waiting}
              </button>
              <span className="metric-label">waiting for your decision</span>
              {waiting > 0 && oldestApproval ? (
                <span className="metric-label" data-testid="oldest-approval">
                  the oldest for {waitedFor(oldestApproval, now)}
                </span>
              ) : null}
            </div>
          </div>
        </article>
        <ReceivingCard receiving={node.receiving} onPaused={() => setResumeTakesFocus(true)} />
        <DeliveryCard delivery={node.delivery} topReasons={dashboard.data?.deadLetters.topReasons} />
        <LastErrorsCard errors={dashboard.data?.lastErrors} />
      </div>
      {dashboard.isError && !dashboard.data ? <ErrorNotice error={dashboard.error} action="Could not read the last hour's activity" /> : null}
      {series ? <ActivityCard series={series} /> : null}
    </section>
  );
}
