import { useId, type ReactNode } from 'react';
import type { DesktopSettingsPatch, DesktopState } from '@shared/domain/desktop';
import { useDesktopState, useDesktopUpdate } from '../../api/queries';
import { useTransportKind } from '../../api/TransportContext';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Check, Choice } from './PreferenceControls';
import { UpdatesCard } from './UpdatesCard';

type Settings = DesktopState['settings'];

/** One card of desktop preferences; every change is saved at once, by part, and a failure is said in the card. */
function PreferenceCard({ title, children, render }: { title: string; children?: ReactNode; render: (change: (patch: DesktopSettingsPatch) => Promise<boolean>) => ReactNode }) {
  const titleId = useId();
  const update = useDesktopUpdate();
  const change = (patch: DesktopSettingsPatch) => update.mutateAsync(patch).then(
    () => true,
    () => false,
  );
  return (
    <section className="card form" aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      {render(change)}
      {children}
      {update.isError ? <ErrorNotice error={update.error} action="Could not save the change" /> : null}
    </section>
  );
}

function WindowCard({ settings }: { settings: Settings }) {
  return (
    <PreferenceCard
      title="Window"
      render={(change) => (
        <Choice
          legend="Closing the window"
          value={settings.closeToTray}
          onChange={(closeToTray) => change({ closeToTray })}
          options={[
            { value: true, label: 'Keep Switchboard in the tray', hint: 'it goes on receiving and delivering' },
            { value: false, label: 'Quit Switchboard', hint: 'peers cannot reach this node until you open it again' },
          ]}
        />
      )}
    />
  );
}

function LoginCard({ state }: { state: DesktopState }) {
  const { settings, loginItem } = state;
  return (
    <PreferenceCard
      title="Start at login"
      render={(change) => (
        <>
          <Check label="Start Switchboard when I log in" checked={settings.startAtLogin} onChange={(startAtLogin) => change({ startAtLogin })} />
          <Check
            label="Start hidden in the tray"
            checked={settings.startHidden}
            disabled={!settings.startAtLogin}
            onChange={(startHidden) => change({ startHidden })}
            hint={settings.startAtLogin ? 'When started at login, the window stays closed until you open it from the tray.' : 'Only when Switchboard starts at login.'}
          />
        </>
      )}
    >
      {loginItem.note ? (
        <p className="notice small" data-testid="login-item-note">
          {loginItem.note}
        </p>
      ) : null}
    </PreferenceCard>
  );
}

const notificationKinds = [
  { key: 'approvals', label: 'Approvals waiting for a decision' },
  { key: 'wakes', label: 'Wake requests' },
  { key: 'deadLetters', label: 'New dead letters' },
  { key: 'cards', label: 'Watched cards that change' },
] as const;

function NotificationsCard({ settings }: { settings: Settings }) {
  return (
    <PreferenceCard
      title="Notifications"
      render={(change) => (
        <fieldset className="field">
          <legend className="field-label">Notify me about</legend>
          {notificationKinds.map(({ key, label }) => (
            <Check key={key} label={label} checked={settings.notifications[key]} onChange={(on) => change({ notifications: { [key]: on } })} />
          ))}
        </fieldset>
      )}
    />
  );
}

function ThemeCard({ settings }: { settings: Settings }) {
  return (
    <PreferenceCard
      title="Theme"
      render={(change) => (
        <Choice
          legend="Colours"
          value={settings.theme}
          onChange={(theme) => change({ theme })}
          options={[
            { value: 'system', label: 'System', hint: 'light or dark as the OS is' },
            { value: 'light', label: 'Light' },
            { value: 'dark', label: 'Dark' },
          ]}
        />
      )}
    />
  );
}

function DesktopCards() {
  const desktop = useDesktopState();
  if (desktop.isPending) return <p className="muted">Loading the desktop preferences…</p>;
  if (desktop.isError) return <ErrorNotice error={desktop.error} action="Could not read the desktop preferences" />;
  const state = desktop.data;
  return (
    <div className="settings-grid">
      <WindowCard settings={state.settings} />
      <LoginCard state={state} />
      <NotificationsCard settings={state.settings} />
      <ThemeCard settings={state.settings} />
      <UpdatesCard state={state} />
    </div>
  );
}

/** Settings › Desktop: this install's own preferences (window, login, notifications, theme, updates); absent in the web console. */
export function DesktopSettings() {
  const kind = useTransportKind();
  if (kind !== 'ipc') return null;
  return (
    <section className="desktop-settings" aria-labelledby="desktop-settings-title">
      <h2 id="desktop-settings-title" className="section-title">
        Desktop
      </h2>
      <p className="muted small">How Switchboard behaves on this computer. These stay on this computer; the node’s settings above travel with its data folder.</p>
      <DesktopCards />
    </section>
  );
}
