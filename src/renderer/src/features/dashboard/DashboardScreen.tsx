import { useCallback, useState } from 'react';
import { formatDuration } from '@shared/format-duration';
import { useApprovals, useNodeStatus } from '../../api/queries';
import { CopyButton } from '../../components/CopyButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useElapsedSeconds } from '../../components/useElapsedSeconds';
import { SetupScreen, useFirstRunSettings } from '../setup/SetupScreen';
import { useUiActions } from '../../stores/ui-store';
import { DeliveryCard } from './DeliveryCard';
import { ReceivingCard, ReceivingPausedNotice } from './Receiving';

/** Is everything healthy? The node's identity, where it listens, how long it has run, what it has carried. */
export function DashboardScreen() {
  const status = useNodeStatus();
  const uptime = useElapsedSeconds(status.data?.startedAt);
  const waiting = useApprovals('pending').data?.pending ?? 0;
  const { approvalsShown } = useUiActions();
  const [resumeTakesFocus, setResumeTakesFocus] = useState(false);
  const focusTaken = useCallback(() => setResumeTakesFocus(false), []);
  const firstRun = useFirstRunSettings();
  if (firstRun) return <SetupScreen settings={firstRun} />;
  if (status.isPending) return <p className="muted">Loading the node's status…</p>;
  if (status.isError) return <ErrorNotice error={status.error} action="Could not read the node's status" />;
  const node = status.data;
  return (
    <section aria-labelledby="dashboard-title" className="screen">
      <header className="screen-header">
        <h1 id="dashboard-title">Dashboard</h1>
      </header>
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
            </div>
          </div>
        </article>
        <ReceivingCard receiving={node.receiving} onPaused={() => setResumeTakesFocus(true)} />
        <DeliveryCard delivery={node.delivery} />
      </div>
    </section>
  );
}
