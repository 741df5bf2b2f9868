import { create } from 'zustand';

/** UI-only state (which screen is open). Server data lives in React Query, never here. */
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

interface UiState {
  screen: ScreenId;
  actions: { screenSelected(screen: ScreenId): void };
}

const useUi = create<UiState>()((set) => ({
  screen: 'dashboard',
  actions: { screenSelected: (screen) => set({ screen }) },
}));

export const useScreen = () => useUi((state) => state.screen);
export const useUiActions = () => useUi((state) => state.actions);
