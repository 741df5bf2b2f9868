import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { uiStore } from '../../src/renderer/src/stores/ui-store';

const initialUi = uiStore.getState();

afterEach(() => {
  cleanup();
  uiStore.setState(initialUi, true);
});
