import { create } from 'zustand';
import type { MethodInput } from '@shared/contract';
import { uiStore } from './ui-store';

/** What the Inspector looks at: a URL, a peer, or this node itself (the contract's target). */
export type InspectTarget = MethodInput<'inspector.inspect'>['target'];

export type InspectorTab = 'overview' | 'findings' | 'probes' | 'http' | 'raw' | 'history' | 'tryit';

/**
 * The inspection the operator asked for. `run` 0 shows what is already known (a peer's latest inspection) without
 * fetching anything; every press of Inspect is a new run, so its report is a new query and never a stale one.
 */
export interface InspectionRequest {
  target: InspectTarget;
  probe: boolean;
  run: number;
}

/** A watched card changed (from `inspector.cardChanged`), until the operator looks or dismisses it. */
export interface CardChangeNotice {
  key: string;
  url: string;
  peerId: string | null;
  peerName: string | null;
  versionId: number;
  previousVersionId: number;
  changes: number;
  needLook: number;
}

interface InspectorState {
  /** The target bar as typed: a URL or a peer (one at a time). */
  draft: { url: string; peerId: string };
  probe: boolean;
  request: InspectionRequest | null;
  runs: number;
  tab: InspectorTab;
  /** The two versions the History tab compares (null: the newest two). */
  versions: { from: number; to: number } | null;
  notices: CardChangeNotice[];
  actions: {
    draftChanged(draft: { url: string; peerId: string }): void;
    probeToggled(probe: boolean): void;
    /** Inspect now (a fresh fetch, with probes if ticked). */
    inspected(target: InspectTarget): void;
    /**
     * Go to the Inspector and inspect a URL a link named (the node checks it, as it does a typed one). Never with
     * probes: following a link is not the operator asking to send requests to that agent.
     */
    linkInspected(url: string): void;
    /** Go to the Inspector showing what is known about a target (the peer page, a card-change notice). */
    opened(target: InspectTarget, view?: { tab?: InspectorTab; versions?: { from: number; to: number } }): void;
    tabSelected(tab: InspectorTab): void;
    versionsPicked(versions: { from: number; to: number }): void;
    noticeAdded(notice: CardChangeNotice): void;
    noticeDismissed(key: string): void;
  };
}

function draftOf(target: InspectTarget): { url: string; peerId: string } {
  if ('peer' in target) return { url: '', peerId: target.peer };
  if ('url' in target) return { url: target.url, peerId: '' };
  return { url: '', peerId: '' };
}

const sameTarget = (a: InspectTarget | undefined, b: InspectTarget) => JSON.stringify(a) === JSON.stringify(b);

/** Exported for tests, which arrange state through the same actions the components use. */
export const inspectorStore = create<InspectorState>()((set) => ({
  draft: { url: '', peerId: '' },
  probe: false,
  request: null,
  runs: 0,
  tab: 'overview',
  versions: null,
  notices: [],
  actions: {
    draftChanged: (draft) => set({ draft }),
    probeToggled: (probe) => set({ probe }),
    inspected: (target) =>
      set((state) => ({
        draft: draftOf(target),
        request: { target, probe: state.probe, run: state.runs + 1 },
        runs: state.runs + 1,
        versions: sameTarget(state.request?.target, target) ? state.versions : null,
      })),
    linkInspected: (url) => {
      set((state) => ({
        draft: { url, peerId: '' },
        probe: false,
        request: { target: { url }, probe: false, run: state.runs + 1 },
        runs: state.runs + 1,
        tab: 'overview',
        versions: null,
      }));
      uiStore.getState().actions.screenSelected('inspector');
    },
    opened: (target, view = {}) => {
      set((state) => ({
        draft: draftOf(target),
        request: { target, probe: state.probe, run: 0 },
        tab: view.tab ?? 'overview',
        versions: view.versions ?? null,
      }));
      uiStore.getState().actions.screenSelected('inspector');
    },
    tabSelected: (tab) => set({ tab }),
    versionsPicked: (versions) => set({ versions }),
    noticeAdded: (notice) => set((state) => ({ notices: [notice, ...state.notices.filter((n) => n.key !== notice.key)] })),
    noticeDismissed: (key) => set((state) => ({ notices: state.notices.filter((n) => n.key !== key) })),
  },
}));

export const useInspectorDraft = () => inspectorStore((state: InspectorState) => state.draft);
export const useInspectorProbe = () => inspectorStore((state: InspectorState) => state.probe);
export const useInspectionRequest = () => inspectorStore((state: InspectorState) => state.request);
export const useInspectorTab = () => inspectorStore((state: InspectorState) => state.tab);
export const useComparedVersions = () => inspectorStore((state: InspectorState) => state.versions);
export const useCardChangeNotices = () => inspectorStore((state: InspectorState) => state.notices);
export const useInspectorActions = () => inspectorStore((state: InspectorState) => state.actions);
