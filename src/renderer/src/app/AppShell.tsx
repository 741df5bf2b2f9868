import type { ReactNode } from 'react';
import { useConnectionState } from '../api/TransportContext';
import { useApprovals, useNodeStatus } from '../api/queries';
import { ApprovalsScreen } from '../features/approvals/ApprovalsScreen';
import { KeysScreen } from '../features/keys/KeysScreen';
import { ConversationsScreen } from '../features/conversations/ConversationsScreen';
import { DashboardScreen } from '../features/dashboard/DashboardScreen';
import { DeliveryScreen } from '../features/delivery/DeliveryScreen';
import { CardChangeNotices } from '../features/inspector/CardChangeNotices';
import { InspectorScreen } from '../features/inspector/InspectorScreen';
import { PeersScreen } from '../features/peers/PeersScreen';
import { NotYetScreen } from '../features/placeholder/NotYetScreen';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { TimelineScreen } from '../features/timeline/TimelineScreen';
import { useCardChangeNotices } from '../stores/inspector-store';
import { screens, useScreen, useUiActions, type ScreenId } from '../stores/ui-store';
import { useDesktopTheme } from './useDesktopTheme';
import { useUiShowRequests } from './useUiShowRequests';

function screenFor(id: ScreenId): ReactNode {
  switch (id) {
    case 'dashboard':
      return <DashboardScreen />;
    case 'conversations':
      return <ConversationsScreen />;
    case 'timeline':
      return <TimelineScreen />;
    case 'delivery':
      return <DeliveryScreen />;
    case 'peers':
      return <PeersScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'approvals':
      return <ApprovalsScreen />;
    case 'keys':
      return <KeysScreen />;
    case 'inspector':
      return <InspectorScreen />;
    default:
      return <NotYetScreen title={screens.find((screen) => screen.id === id)?.label ?? id} />;
  }
}

function ConnectionBanner() {
  const state = useConnectionState();
  if (state === 'open' || state === 'connecting') return null;
  if (state === 'unauthorized') {
    return (
      <div role="alert" className="banner banner-error">
        The node refused this console's access token. Open the console link printed by <code>switchboard serve</code> again.
      </div>
    );
  }
  return (
    <div role="status" className="banner banner-warn">
      Lost the connection to the node. Reconnecting…
    </div>
  );
}

/** The app shell: the sidebar of screens (UI.md order) and the open screen. */
export function AppShell() {
  const current = useScreen();
  const { screenSelected } = useUiActions();
  const status = useNodeStatus().data;
  const unseenWakes = status?.counts.unseenWakes ?? 0;
  const paused = status?.receiving.paused ?? false;
  const waiting = useApprovals('pending').data?.pending ?? 0;
  const changedCards = useCardChangeNotices().length;
  useUiShowRequests();
  useDesktopTheme();
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Screens">
        <div className="brand">Switchboard</div>
        <ul>
          {screens.map((screen) => (
            <li key={screen.id}>
              <button
                type="button"
                className="nav-item"
                aria-current={screen.id === current ? 'page' : undefined}
                onClick={() => screenSelected(screen.id)}
              >
                {screen.label}
                {screen.id === 'dashboard' && paused ? (
                  <span className="nav-badge nav-badge-text" title="Receiving is paused">
                    paused
                  </span>
                ) : null}
                {screen.id === 'timeline' && unseenWakes > 0 ? (
                  <span className="nav-badge" aria-label={`${unseenWakes} unseen wake${unseenWakes === 1 ? '' : 's'}`}>
                    {unseenWakes}
                  </span>
                ) : null}
                {screen.id === 'inspector' && changedCards > 0 ? (
                  <span className="nav-badge" aria-label={`${changedCards} watched card${changedCards === 1 ? '' : 's'} changed`}>
                    {changedCards}
                  </span>
                ) : null}
                {screen.id === 'approvals' && waiting > 0 ? (
                  <span className="nav-badge" aria-label={`${waiting} waiting for a decision`}>
                    {waiting}
                  </span>
                ) : null}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content">
        <ConnectionBanner />
        <CardChangeNotices />
        {screenFor(current)}
      </main>
    </div>
  );
}
