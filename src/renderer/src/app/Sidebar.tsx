import { useLayoutEffect, useState, useSyncExternalStore } from 'react';
import { useApprovals, useNodeStatus, useUnreadTotal } from '../api/queries';
import { formatUnread } from '../features/conversations/unread';
import { useCardChangeNotices } from '../stores/inspector-store';
import { screens, uiStore, useScreen, useSidebarCollapsed, useUiActions, type ScreenId } from '../stores/ui-store';
import { ScreenIcon } from './ScreenIcon';

const COLLAPSED_KEY = 'switchboard.sidebarCollapsed';
/** Below this width the sidebar is a rail of icons, and opening it lays it over the screen. */
const NARROW = '(max-width: 959px)';

function useNarrowWindow(): boolean {
  return useSyncExternalStore(
    (changed) => {
      const query = window.matchMedia(NARROW);
      query.addEventListener('change', changed);
      return () => query.removeEventListener('change', changed);
    },
    () => window.matchMedia(NARROW).matches,
  );
}

function storedCollapsed(): boolean {
  try {
    return window.localStorage.getItem(COLLAPSED_KEY) === 'true';
  } catch {
    return false;
  }
}

function storeCollapsed(collapsed: boolean): void {
  try {
    window.localStorage.setItem(COLLAPSED_KEY, String(collapsed));
  } catch {
    // Storage may be unavailable (a locked-down profile): the choice then lasts this session.
  }
}

interface Badge {
  text: string;
  label: string;
  /** A word ("paused") rather than a count: it is part of the button's name, and the label is its title. */
  word?: boolean;
}

/** The counts beside the screens' names, each with a name of its own. */
function useNavBadges(): Partial<Record<ScreenId, Badge>> {
  const status = useNodeStatus().data;
  const unseenWakes = status?.counts.unseenWakes ?? 0;
  const waiting = useApprovals('pending').data?.pending ?? 0;
  const changedCards = useCardChangeNotices().length;
  const unread = useUnreadTotal();
  const dead = status?.delivery.dead ?? 0;
  const counted = (count: number, label: string) => (count > 0 ? { text: String(count), label } : undefined);
  return {
    dashboard: status?.storage.full
      ? { text: 'disk full', label: 'The disk is full: messages are refused until space returns', word: true }
      : status?.receiving.paused
        ? { text: 'paused', label: 'Receiving is paused', word: true }
        : undefined,
    timeline: counted(unseenWakes, `${unseenWakes} unseen wake${unseenWakes === 1 ? '' : 's'}`),
    inspector: counted(changedCards, `${changedCards} watched card${changedCards === 1 ? '' : 's'} changed`),
    approvals: counted(waiting, `${waiting} waiting for a decision`),
    conversations: unread > 0 ? { text: formatUnread(unread), label: `${unread} unread message${unread === 1 ? '' : 's'}` } : undefined,
    delivery: counted(dead, `${dead} dead letter${dead === 1 ? '' : 's'}`),
  };
}

function NavBadge({ badge }: { badge: Badge | undefined }) {
  if (!badge) return null;
  if (badge.word) {
    return (
      <span className="nav-badge nav-badge-text" title={badge.label}>
        {badge.text}
      </span>
    );
  }
  return (
    <span className="nav-badge" aria-label={badge.label}>
      {badge.text}
    </span>
  );
}

/**
 * The screens (UI.md order) with their counts. It stays in view however long the screen is; it folds to a rail
 * of icons by the operator's choice (remembered) or, below 960 px, always, where opening it covers the screen
 * for a moment instead of squeezing it.
 */
export function Sidebar() {
  const current = useScreen();
  const { screenSelected, timelineShown, sidebarCollapsedSet, paletteToggled } = useUiActions();
  const badges = useNavBadges();
  const narrow = useNarrowWindow();
  const chosen = useSidebarCollapsed();
  const [peeking, setPeeking] = useState(false);
  const [wasNarrow, setWasNarrow] = useState(narrow);
  if (wasNarrow !== narrow) {
    setWasNarrow(narrow);
    setPeeking(false);
  }
  useLayoutEffect(() => sidebarCollapsedSet(storedCollapsed()), [sidebarCollapsedSet]);
  const collapsed = narrow ? !peeking : chosen;

  const toggle = () => {
    if (narrow) return setPeeking((open) => !open);
    const next = !uiStore.getState().sidebarCollapsed;
    sidebarCollapsedSet(next);
    storeCollapsed(next);
  };
  const go = (screen: ScreenId) => {
    setPeeking(false);
    // From the sidebar the Timeline starts over: a filter set elsewhere (a peer's Messages, a trace chip) is dropped.
    if (screen === 'timeline') timelineShown({});
    else screenSelected(screen);
  };

  return (
    // The slot keeps the rail's width while the sidebar is opened over a narrow window, so the screen stays put.
    <div className={`sidebar-slot${narrow || collapsed ? ' collapsed' : ''}`}>
      <nav
        id="sidebar"
        className={`sidebar${collapsed ? ' collapsed' : ''}${narrow && peeking ? ' peeking' : ''}`}
        aria-label="Screens"
        onKeyDown={(event) => event.key === 'Escape' && peeking && setPeeking(false)}
      >
        <div className="brand">
          <span className="brand-name">Switchboard</span>
          <button
            type="button"
            className="icon-button sidebar-toggle"
            aria-label={collapsed ? 'Expand the sidebar' : 'Collapse the sidebar'}
            aria-expanded={!collapsed}
            aria-controls="sidebar"
            title={collapsed ? 'Expand the sidebar' : 'Collapse the sidebar'}
            onClick={toggle}
          >
            <ScreenIcon screen="sidebar" />
          </button>
        </div>
        <button type="button" className="nav-item palette-button" title="Command palette (Ctrl+K)" onClick={() => paletteToggled(true)}>
          <ScreenIcon screen="palette" />
          <span className="nav-label">Search…</span>
          <kbd className="nav-kbd" aria-hidden="true">
            Ctrl K
          </kbd>
        </button>
        <ul>
          {screens.map((screen) => (
            <li key={screen.id}>
              <button
                type="button"
                className="nav-item"
                aria-current={screen.id === current ? 'page' : undefined}
                title={collapsed ? screen.label : undefined}
                onClick={() => go(screen.id)}
              >
                <ScreenIcon screen={screen.id} />
                <span className="nav-label">{screen.label}</span>
                <NavBadge badge={badges[screen.id]} />
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {narrow && peeking ? <div className="sidebar-scrim" aria-hidden="true" onClick={() => setPeeking(false)} /> : null}
    </div>
  );
}
