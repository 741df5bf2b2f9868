import { act, fireEvent } from '@testing-library/react';

/**
 * The keyboard as a browser applies it, for happy-dom, which has no focus navigation and no keyboard activation:
 * Tab walks the sequential focus order, Enter and Space activate buttons, Space toggles checkboxes and radios,
 * arrows move within a radio group. The page's own key handlers run first and may prevent any of it, as in a
 * browser. The same paths are also walked with a real keyboard in Chromium.
 */
const focusable = 'button, input, select, textarea, a[href], [tabindex]';

function hidden(element: Element): boolean {
  return element.closest('[hidden], [aria-hidden="true"]') !== null;
}

/** Elements Tab stops at, in order: not disabled, no negative tabindex, one radio per group (the checked one). */
export function tabOrder(root: ParentNode = document.body): HTMLElement[] {
  const candidates = [...root.querySelectorAll<HTMLElement>(focusable)].filter(
    (element) => !(element as HTMLButtonElement).disabled && element.tabIndex >= 0 && !hidden(element),
  );
  return candidates.filter((element) => {
    if (!(element instanceof HTMLInputElement) || element.type !== 'radio' || !element.name) return true;
    const group = candidates.filter((other): other is HTMLInputElement => other instanceof HTMLInputElement && other.type === 'radio' && other.name === element.name);
    const checked = group.find((radio) => radio.checked);
    return element === (checked ?? group[0]);
  });
}

function active(): HTMLElement {
  return (document.activeElement as HTMLElement | null) ?? document.body;
}

export function tab({ shift = false }: { shift?: boolean } = {}): HTMLElement {
  const from = active();
  if (!fireEvent.keyDown(from, { key: 'Tab', shiftKey: shift })) return active();
  const order = tabOrder();
  const index = order.indexOf(from);
  const next = shift ? (index > 0 ? order[index - 1] : order.at(-1)) : (order[index + 1] ?? order[0]);
  act(() => next?.focus());
  return active();
}

/** Tabs until `matches` holds for the focused element (at most once around the page). */
export function tabUntil(matches: (element: HTMLElement) => boolean): HTMLElement {
  const stops = tabOrder().length;
  for (let i = 0; i <= stops; i++) {
    const focused = tab();
    if (matches(focused)) return focused;
  }
  throw new Error('Tab never reached the element');
}

const isToggle = (element: Element): element is HTMLInputElement => element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio');

export function press(key: 'Enter' | ' ' | 'ArrowDown' | 'ArrowUp' | 'Escape'): void {
  const element = active();
  if (!fireEvent.keyDown(element, { key })) return;
  if (key === 'Enter' && (element instanceof HTMLButtonElement || element instanceof HTMLAnchorElement)) fireEvent.click(element);
  if (key === ' ') {
    fireEvent.keyUp(element, { key });
    if (element instanceof HTMLButtonElement || (isToggle(element) && !(element.type === 'radio' && element.checked))) fireEvent.click(element);
  }
  if ((key === 'ArrowDown' || key === 'ArrowUp') && isToggle(element) && element.type === 'radio') {
    const group = [...document.querySelectorAll<HTMLInputElement>('input[type="radio"]')].filter((radio) => radio.name === element.name && !radio.disabled);
    const index = group.indexOf(element);
    const next = group[(index + (key === 'ArrowDown' ? 1 : group.length - 1)) % group.length];
    if (next) {
      act(() => next.focus());
      fireEvent.click(next);
    }
  }
}
