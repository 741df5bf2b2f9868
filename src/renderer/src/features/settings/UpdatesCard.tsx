import { useId, useState } from 'react';
import type { DesktopSettingsPatch, DesktopState, UpdateStatus } from '@shared/domain/desktop';
import { useCheckForUpdates, useDesktopUpdate, useInstallUpdate } from '../../api/queries';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatTime, timeAgo } from '../../components/chips';
import { useNow } from '../../components/useNow';
import { Check, Choice } from './PreferenceControls';

/** "v0.1.0" for the version running; "version 0.2.0" (or "the new version") for one found. */
const v = (version: string) => (/^v/i.test(version) ? version : `v${version}`);
const found = (status: UpdateStatus) => (status.version ? `version ${status.version.replace(/^v/i, '')}` : 'the new version');
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function ReleaseNotes({ status }: { status: UpdateStatus }) {
  if (!status.notes) return null;
  return (
    <div className="release-notes">
      <h3>What is new in {found(status)}</h3>
      {/* The release notes are the publisher's text: shown as it is, never as markup. */}
      <pre className="message-text" data-testid="release-notes">
        {status.notes}
      </pre>
    </div>
  );
}

function Checked({ at }: { at: string | null }) {
  const now = useNow();
  if (!at) return <>not checked yet</>;
  return (
    <>
      checked <time dateTime={at} title={formatTime(at)}>{timeAgo(at, now)}</time>
    </>
  );
}

/** The update status in words, with what the operator can do about it. */
function UpdateStatusView({ status, onCheck, checking }: { status: UpdateStatus; onCheck: () => void; checking: boolean }) {
  const [confirming, setConfirming] = useState(false);
  const install = useInstallUpdate();
  switch (status.state) {
    case 'idle':
    case 'none':
      return (
        <p data-testid="update-status">
          {status.state === 'none' || status.checkedAt ? `You have the latest version, ${v(status.current)}` : `This is ${v(status.current)}`} — <Checked at={status.checkedAt} />.
        </p>
      );
    case 'checking':
      return (
        <p data-testid="update-status" role="status" aria-busy="true">
          Checking for a newer version than {v(status.current)}…
        </p>
      );
    case 'available':
    case 'downloading': {
      const percent = status.percent === null ? null : Math.round(status.percent);
      return (
        <div data-testid="update-status" className="update-status">
          <p>
            <strong>{capital(found(status))} is available</strong> (you have {v(status.current)}).{' '}
            {status.state === 'downloading' ? `Downloading it${percent === null ? '…' : `: ${percent} %`}` : 'It will be downloaded in the background.'}
          </p>
          {status.state === 'downloading' ? <progress max={100} value={percent ?? undefined} aria-label={`Download of ${found(status)}`} /> : null}
          <ReleaseNotes status={status} />
        </div>
      );
    }
    case 'ready':
      return (
        <div data-testid="update-status" className="update-status">
          <p>
            <strong>{capital(found(status))} is ready.</strong> Restart Switchboard to finish.
          </p>
          <div className="row">
            <button type="button" className="button button-primary" onClick={() => setConfirming(true)} disabled={install.isPending}>
              Restart now
            </button>
          </div>
          {install.isError ? <ErrorNotice error={install.error} action="Could not restart into the update" /> : null}
          {install.data?.restarting === false ? (
            <p className="notice notice-warn" role="status">
              Switchboard did not restart: the update is not ready to install after all. Check for updates again.
            </p>
          ) : null}
          <ReleaseNotes status={status} />
          {confirming ? (
            <ConfirmDialog
              title="Restart Switchboard now?"
              consequence={`Switchboard will close and start again on ${found(status)}. Nothing queued is lost: messages waiting to go out stay in the outbox and are sent after the restart. While it restarts, peers cannot reach this node for a moment.`}
              confirmLabel="Restart now"
              busy={install.isPending}
              onCancel={() => setConfirming(false)}
              onConfirm={() => install.mutate(undefined, { onSettled: () => setConfirming(false) })}
            />
          ) : null}
        </div>
      );
    case 'error':
      return (
        <div data-testid="update-status" className="notice notice-error" role="alert">
          <p>Could not check for updates: {status.error ?? 'the check failed without saying why.'}</p>
          <div className="row">
            <button type="button" className="button" onClick={onCheck} disabled={checking}>
              Try again
            </button>
            <span className="muted small">
              You have {v(status.current)}
              {status.checkedAt ? (
                <>
                  {' '}
                  — last <Checked at={status.checkedAt} />
                </>
              ) : null}
              .
            </span>
          </div>
        </div>
      );
    case 'unsupported':
      return (
        <p data-testid="update-status" className="notice">
          {status.error ?? 'Updates are not offered for this copy of Switchboard.'} You have {v(status.current)}.
        </p>
      );
  }
}

/** Which releases to follow, how often to look, and where the last look left things. */
export function UpdatesCard({ state }: { state: DesktopState }) {
  const titleId = useId();
  const update = useDesktopUpdate();
  const change = (patch: DesktopSettingsPatch) => update.mutateAsync(patch).then(
    () => true,
    () => false,
  );
  const check = useCheckForUpdates();
  const status = state.updates;
  const busy = status.state === 'checking' || check.isPending;
  // A check is offered when nothing is on its way (an error offers its own retry); where updates are not offered
  // at all, neither are the preferences about them.
  const offersCheck = ['idle', 'none', 'checking'].includes(status.state);
  const offered = status.state !== 'unsupported';
  const { channel, checkDaily } = state.settings.updates;
  return (
    <section className="card form updates-card" aria-labelledby={titleId} aria-busy={busy}>
      <h2 id={titleId}>Updates</h2>
      <UpdateStatusView status={status} onCheck={() => check.mutate()} checking={busy} />
      {offersCheck ? (
        <div className="row">
          <button type="button" className="button" onClick={() => check.mutate()} disabled={busy}>
            {busy ? 'Checking…' : 'Check for updates'}
          </button>
        </div>
      ) : null}
      {check.isError ? <ErrorNotice error={check.error} action="Could not check for updates" /> : null}
      {offered ? (
        <>
          <Choice
            legend="Releases to follow"
            value={channel}
            onChange={(next) => change({ updates: { channel: next } })}
            options={[
              { value: 'latest', label: 'Stable' },
              { value: 'beta', label: 'Beta', hint: 'new versions first; they may have rough edges' },
            ]}
          />
          <Check label="Check every day" checked={checkDaily} onChange={(on) => change({ updates: { checkDaily: on } })} />
        </>
      ) : null}
      {update.isError ? <ErrorNotice error={update.error} action="Could not save the change" /> : null}
    </section>
  );
}
