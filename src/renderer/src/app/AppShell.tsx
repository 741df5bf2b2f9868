import { useDeferredValue, type ReactNode } from 'react';
import { useConnectionState } from '../api/TransportContext';
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
import { screens, useScreen, type ScreenId } from '../stores/ui-store';
import { CommandPalette } from './CommandPalette';
import { Sidebar } from './Sidebar';
import { useDesktopTheme } from './useDesktopTheme';
import { useHashRouter } from './useHashRouter';
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
        This console's access token is no longer valid (the node's token was rotated). On the node's machine run <code>switchboard console</code> to print
        the new address, or <code>switchboard console --open</code> to open it.
      </div>
    );
  }
  return (
    <div role="status" className="banner banner-warn">
      Lost the connection to the node. Reconnecting…
    </div>
  );
}

/** The app shell: the sidebar of screens (UI.md order), the open screen, and the command palette. */
export function AppShell() {
  // The sidebar marks the new screen at once (it reads the store itself); the screen swap renders at a lower
  // priority, which React splits into short tasks, so the click is never one long task (issue 15).
  const current = useDeferredValue(useScreen());
  useUiShowRequests();
  useDesktopTheme();
  useHashRouter();
  return (
    <div className="shell">
      <Sidebar />
      <main className="content">
        <ConnectionBanner />
        <CardChangeNotices />
        {screenFor(current)}
      </main>
      <CommandPalette />
    </div>
  );
}
