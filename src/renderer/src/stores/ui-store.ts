import { create } from 'zustand';
import type { MessageFilter } from '@shared/domain/message';

/** UI-only state (which screen, which row, which filters). Server data lives in React Query, never here. */
export const screens = [
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'conversations', label: 'Conversations' },
  { id: 'timeline', label: 'Timeline' },
  { id: 'approvals', label: 'Approvals' },
  { id: 'peers', label: 'Peers' },
  { id: 'keys', label: 'Keys' },
  { id: 'delivery', label: 'Delivery' },
  { id: 'inspector', label: 'Inspector' },
  { id: 'settings', label: 'Settings' },
] as const;

export type ScreenId = (typeof screens)[number]['id'];

/** The part of the UI state a URL can name (see app/route.ts for how it is written). */
export type RouteState = Partial<
  Pick<UiState, 'screen' | 'selectedPeerId' | 'timelineFilter' | 'openMessageId' | 'chatPeerId' | 'deliveryTab' | 'openDeadLetterId' | 'focusApprovalId'>
>;

interface UiState {
  screen: ScreenId;
  selectedPeerId: string | null;
  timelineFilter: MessageFilter;
  openMessageId: number | null;
  chatPeerId: string | null;
  deliveryTab: 'outbox' | 'dead';
  openDeadLetterId: number | null;
  /** The approval to bring into view and focus (a notification was clicked). */
  focusApprovalId: string | null;
  /** A peer a link asked for that could not be opened (none has that name or id, or the node did not answer). */
  missingPeer: { ref: string; error: string | null } | null;
  /** The operator's choice for wide windows (remembered by the shell); narrow windows always start collapsed. */
  sidebarCollapsed: boolean;
  paletteOpen: boolean;
  actions: {
    screenSelected(screen: ScreenId): void;
    peerSelected(id: string | null): void;
    /** Jump to the Peers screen with one peer open (a peer just saved from the Inspector). */
    peerShown(id: string): void;
    timelineFiltered(filter: MessageFilter): void;
    messageOpened(id: number | null): void;
    /** Jump to the timeline showing one peer's or one trace's messages. */
    timelineShown(filter: MessageFilter): void;
    chatOpened(peerId: string | null): void;
    deliveryTabSelected(tab: 'outbox' | 'dead'): void;
    /** Jump to a dead letter (from a failed chat bubble). */
    deadLetterShown(id: number | null): void;
    /** Jump to Approvals, focusing one item when given. */
    approvalsShown(id: string | null): void;
    /** Jump to Peers saying that the peer a link named could not be opened (`error` null: there is none). */
    peerMissing(ref: string, error: string | null): void;
    missingPeerDismissed(): void;
    /** The address bar (a reload, Back/Forward, a pasted link) says where to be: only the fields it names change. */
    routeFollowed(route: RouteState): void;
    sidebarCollapsedSet(collapsed: boolean): void;
    paletteToggled(open: boolean): void;
  };
}

/** Exported for tests, which arrange UI state through the same actions the components use. */
export const uiStore = create<UiState>()((set) => ({
  screen: 'dashboard',
  selectedPeerId: null,
  timelineFilter: {},
  openMessageId: null,
  chatPeerId: null,
  deliveryTab: 'outbox',
  openDeadLetterId: null,
  focusApprovalId: null,
  missingPeer: null,
  sidebarCollapsed: false,
  paletteOpen: false,
  actions: {
    // Going anywhere else, or to a peer, answers the notice about a missing one.
    screenSelected: (screen) => set({ screen, missingPeer: null }),
    peerSelected: (selectedPeerId) => set({ selectedPeerId, missingPeer: null }),
    peerShown: (selectedPeerId) => set({ screen: 'peers', selectedPeerId, missingPeer: null }),
    timelineFiltered: (timelineFilter) => set({ timelineFilter }),
    messageOpened: (openMessageId) => set({ openMessageId }),
    timelineShown: (timelineFilter) => set({ screen: 'timeline', timelineFilter, openMessageId: null }),
    chatOpened: (chatPeerId) => set({ screen: 'conversations', chatPeerId }),
    deliveryTabSelected: (deliveryTab) => set({ deliveryTab }),
    deadLetterShown: (openDeadLetterId) => set({ screen: 'delivery', deliveryTab: 'dead', openDeadLetterId }),
    approvalsShown: (focusApprovalId) => set({ screen: 'approvals', focusApprovalId }),
    peerMissing: (ref, error) => set({ screen: 'peers', selectedPeerId: null, missingPeer: { ref, error } }),
    missingPeerDismissed: () => set({ missingPeer: null }),
    routeFollowed: (route) => set({ ...route, missingPeer: null }),
    sidebarCollapsedSet: (sidebarCollapsed) => set({ sidebarCollapsed }),
    paletteToggled: (paletteOpen) => set({ paletteOpen }),
  },
}));

export const useScreen = () => uiStore((state: UiState) => state.screen);
export const useSelectedPeerId = () => uiStore((state: UiState) => state.selectedPeerId);
export const useTimelineFilter = () => uiStore((state: UiState) => state.timelineFilter);
export const useOpenMessageId = () => uiStore((state: UiState) => state.openMessageId);
export const useChatPeerId = () => uiStore((state: UiState) => state.chatPeerId);
export const useDeliveryTab = () => uiStore((state: UiState) => state.deliveryTab);
export const useOpenDeadLetterId = () => uiStore((state: UiState) => state.openDeadLetterId);
export const useFocusApprovalId = () => uiStore((state: UiState) => state.focusApprovalId);
export const useMissingPeer = () => uiStore((state: UiState) => state.missingPeer);
export const useSidebarCollapsed = () => uiStore((state: UiState) => state.sidebarCollapsed);
export const usePaletteOpen = () => uiStore((state: UiState) => state.paletteOpen);
export const useUiActions = () => uiStore((state: UiState) => state.actions);
