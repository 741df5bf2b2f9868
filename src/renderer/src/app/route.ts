import { messageStatuses, type MessageFilter, type MessageStatus } from '@shared/domain/message';
import type { InspectTarget } from '../stores/inspector-store';
import { screens, type RouteState, type ScreenId } from '../stores/ui-store';

/**
 * Where the console is, as the address bar shows it: one URL per screen and selection. It lives in the fragment
 * (`#/peers/<id>`) because the desktop app loads a file (`app://…/index.html`) and the web console is served at
 * `/`: neither has paths of its own. The admin token also arrives in the fragment (`#token=…`); it is never
 * part of a route (transport.ts takes it out before the console starts).
 */
export type Route =
  | { screen: 'dashboard' | 'keys' | 'settings' }
  | { screen: 'conversations'; peerId: string | null }
  | { screen: 'timeline'; filter: MessageFilter; messageId: number | null }
  | { screen: 'approvals'; approvalId: string | null }
  | { screen: 'peers'; peerId: string | null }
  | { screen: 'delivery'; tab: 'outbox' | 'dead'; deadLetterId: number | null }
  | { screen: 'inspector'; target: InspectTarget | null };

/** What the UI state says the route is (the stores are the source of truth; the URL follows them). */
export interface RoutedState {
  screen: ScreenId;
  selectedPeerId: string | null;
  chatPeerId: string | null;
  timelineFilter: MessageFilter;
  openMessageId: number | null;
  deliveryTab: 'outbox' | 'dead';
  openDeadLetterId: number | null;
  focusApprovalId: string | null;
}

export function routeOf(state: RoutedState, inspecting: InspectTarget | null): Route {
  switch (state.screen) {
    case 'conversations':
      return { screen: 'conversations', peerId: state.chatPeerId };
    case 'timeline':
      return { screen: 'timeline', filter: state.timelineFilter, messageId: state.openMessageId };
    case 'approvals':
      return { screen: 'approvals', approvalId: state.focusApprovalId };
    case 'peers':
      return { screen: 'peers', peerId: state.selectedPeerId };
    case 'delivery':
      return { screen: 'delivery', tab: state.deliveryTab, deadLetterId: state.deliveryTab === 'dead' ? state.openDeadLetterId : null };
    case 'inspector':
      return { screen: 'inspector', target: inspecting };
    default:
      return { screen: state.screen };
  }
}

/** The timeline filter's fields, by their short names in the query. */
const filterParams = [
  ['peer', 'peerId'],
  ['dir', 'direction'],
  ['status', 'status'],
  ['protocol', 'protocol'],
  ['trace', 'traceId'],
  ['text', 'text'],
] as const;

const segment = (value: string) => `/${encodeURIComponent(value)}`;

function query(params: [string, string][]): string {
  const search = new URLSearchParams(params).toString();
  return search ? `?${search}` : '';
}

export function formatRoute(route: Route): string {
  switch (route.screen) {
    case 'conversations':
    case 'peers':
      return `#/${route.screen}${route.peerId ? segment(route.peerId) : ''}`;
    case 'approvals':
      return `#/approvals${route.approvalId ? segment(route.approvalId) : ''}`;
    case 'delivery':
      return `#/delivery${route.tab === 'dead' ? `/dead${route.deadLetterId !== null ? `/${route.deadLetterId}` : ''}` : ''}`;
    case 'timeline': {
      const params: [string, string][] = [];
      for (const [name, field] of filterParams) {
        const value = route.filter[field];
        if (value) params.push([name, value]);
      }
      if (route.messageId !== null) params.push(['msg', String(route.messageId)]);
      return `#/timeline${query(params)}`;
    }
    case 'inspector': {
      const target = route.target;
      if (!target) return '#/inspector';
      if ('url' in target) return `#/inspector${query([['url', target.url]])}`;
      if ('peer' in target) return `#/inspector${query([['peer', target.peer]])}`;
      return '#/inspector?self=1';
    }
    default:
      return `#/${route.screen}`;
  }
}

const screenIds = new Set<string>(screens.map((screen) => screen.id));
const isScreen = (value: string | undefined): value is ScreenId => value !== undefined && screenIds.has(value);

function positiveInt(value: string | null | undefined): number | null {
  if (!value || !/^[1-9]\d{0,15}$/.test(value)) return null;
  return Number(value);
}

function decoded(value: string | undefined): string | null {
  if (!value) return null;
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

/** The route a fragment names, or null when it names none (empty, the token, or something unknown). */
export function parseRoute(hash: string): Route | null {
  if (!hash.startsWith('#/')) return null;
  const [path = '', search = ''] = hash.slice(2).split('?', 2);
  const params = new URLSearchParams(search);
  const [screen, first, second] = path.split('/');
  if (!isScreen(screen)) return null;
  switch (screen) {
    case 'conversations':
    case 'peers':
      return { screen, peerId: decoded(first) };
    case 'approvals':
      return { screen, approvalId: decoded(first) };
    case 'delivery':
      return first === 'dead' ? { screen, tab: 'dead', deadLetterId: positiveInt(second) } : { screen, tab: 'outbox', deadLetterId: null };
    case 'timeline': {
      const filter: MessageFilter = {};
      for (const [name, field] of filterParams) {
        const value = params.get(name)?.trim();
        if (!value) continue;
        if (field === 'direction') {
          if (value === 'in' || value === 'out') filter.direction = value;
        } else if (field === 'status') {
          if ((messageStatuses as readonly string[]).includes(value)) filter.status = value as MessageStatus;
        } else filter[field] = value;
      }
      return { screen, filter, messageId: positiveInt(params.get('msg')) };
    }
    case 'inspector': {
      const url = params.get('url');
      const peer = params.get('peer');
      if (url) return { screen, target: { url } };
      if (peer) return { screen, target: { peer } };
      if (params.get('self')) return { screen, target: { self: true } };
      return { screen, target: null };
    }
    default:
      return { screen };
  }
}

/** The UI state a route names: its screen and that screen's selection; everything else stays as it is. */
export function routeState(route: Route): RouteState {
  switch (route.screen) {
    case 'conversations':
      return { screen: route.screen, chatPeerId: route.peerId };
    case 'peers':
      return { screen: route.screen, selectedPeerId: route.peerId };
    case 'approvals':
      return { screen: route.screen, focusApprovalId: route.approvalId };
    case 'delivery':
      return { screen: route.screen, deliveryTab: route.tab, openDeadLetterId: route.deadLetterId };
    case 'timeline':
      return { screen: route.screen, timelineFilter: route.filter, openMessageId: route.messageId };
    default:
      return { screen: route.screen };
  }
}

/**
 * Whether going from one address to the next is a step Back should undo. Typing into a filter, inspecting
 * another URL, or an approval losing the focus a notification gave it only replaces the address; a new screen
 * or a new selection (a peer, a message, a dead letter) is a new entry.
 */
export function isNewEntry(from: string, to: string): boolean {
  const before = parseRoute(from);
  const after = parseRoute(to);
  if (!before || !after || before.screen !== after.screen) return true;
  if (before.screen === 'timeline' && after.screen === 'timeline') return before.messageId !== after.messageId;
  if (before.screen === 'inspector') return false;
  if (before.screen === 'approvals' && after.screen === 'approvals') return after.approvalId !== null;
  return true;
}
