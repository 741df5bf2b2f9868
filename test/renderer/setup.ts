import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { inspectorStore } from '../../src/renderer/src/stores/inspector-store';
import { uiStore } from '../../src/renderer/src/stores/ui-store';

const initialUi = uiStore.getState();
const initialInspector = inspectorStore.getState();

afterEach(() => {
  cleanup();
  uiStore.setState(initialUi, true);
  inspectorStore.setState(initialInspector, true);
  // The console keeps its place in the address (app/useHashRouter.ts): each test starts at no address.
  window.history.replaceState(null, '', '/');
  window.localStorage.clear();
});
