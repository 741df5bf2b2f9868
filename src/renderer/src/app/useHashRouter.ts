import { useLayoutEffect } from 'react';
import { inspectorStore } from '../stores/inspector-store';
import { uiStore } from '../stores/ui-store';
import { formatRoute, isNewEntry, parseRoute, routeOf, routeState, type Route } from './route';

/** The address the UI state stands for right now. */
export function currentAddress(): string {
  return formatRoute(routeOf(uiStore.getState(), inspectorStore.getState().request?.target ?? null));
}

const sameTarget = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function follow(route: Route): void {
  const ui = uiStore.getState().actions;
  if (route.screen !== 'inspector') return ui.routeFollowed(routeState(route));
  const target = route.target;
  const inspector = inspectorStore.getState().actions;
  // A URL in the address is inspected as a followed link is (never with probes); a peer shows what is known.
  if (target && !sameTarget(target, inspectorStore.getState().request?.target)) {
    if ('url' in target) inspector.linkInspected(target.url);
    else if ('peer' in target) inspector.opened(target);
    else inspector.inspected(target);
  }
  ui.routeFollowed({ screen: 'inspector' });
}

/**
 * Keeps the address bar and the UI state in step, both ways. The stores stay the source of truth: a change there
 * writes the address (a new history entry for a new screen or selection, a replaced one for filter typing); Back,
 * Forward, a reload or an edited address is read into the stores through their actions.
 */
export function useHashRouter(): void {
  useLayoutEffect(() => {
    let following = false;
    const read = () => {
      const route = parseRoute(window.location.hash);
      if (route && formatRoute(route) !== currentAddress()) {
        following = true;
        try {
          follow(route);
        } finally {
          following = false;
        }
      }
      // An address that names nothing (none yet, an unknown screen) is replaced by where the console is.
      const address = currentAddress();
      if (window.location.hash !== address) window.history.replaceState(window.history.state, '', address);
    };
    const write = () => {
      if (following) return;
      const address = currentAddress();
      const shown = window.location.hash;
      if (address === shown) return;
      if (isNewEntry(shown, address)) window.history.pushState(null, '', address);
      else window.history.replaceState(window.history.state, '', address);
    };
    read();
    const stopUi = uiStore.subscribe(write);
    const stopInspector = inspectorStore.subscribe(write);
    // Both: Back/Forward between entries fires popstate; an address edited by hand fires hashchange.
    window.addEventListener('popstate', read);
    window.addEventListener('hashchange', read);
    return () => {
      stopUi();
      stopInspector();
      window.removeEventListener('popstate', read);
      window.removeEventListener('hashchange', read);
    };
  }, []);
}
