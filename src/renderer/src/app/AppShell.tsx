import { useEffect, type ReactNode } from 'react';
import { useConnectionState, useTransport } from '../api/TransportContext';
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
import { useCardChangeNotices, useInspectorActions } from '../stores/inspector-store';
import { screens, useScreen, useUiActions, type ScreenId } from '../stores/ui-store';

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
  const unseenWakes = useNodeStatus().data?.counts.unseenWakes ?? 0;
  const waiting = useApprovals('pending').data?.pending ?? 0;
  const transport = useTransport();
  const { approvalsShown } = useUiActions();
  const changedCards = useCardChangeNotices().length;
  const { opened: cardOpened } = useInspectorActions();
  // The desktop shell asks for a screen when its notification is clicked.
  useEffect(
    () =>
      transport.on('ui.show', ({ screen, approvalId, card }) => {
        if (screen === 'approvals') approvalsShown(approvalId ?? null);
        else if (screen === 'inspector' && card) cardOpened(card.peerId ? { peer: card.peerId } : { url: card.url }, { tab: 'history', versions: { from: card.from, to: card.to } });
        else screenSelected(screen);
      }),
    [transport, approvalsShown, screenSelected, cardOpened],
  );
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
