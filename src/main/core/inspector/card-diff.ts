import type { CardChange } from '../../../shared/domain/inspector';
import { jsonPath } from '../validation';

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * What changed between two cards, by JSON path (`$.skills[1].tags`), not by text: objects compare key by key,
 * arrays index by index, anything else by value. `sensitive` marks changes an operator must look at.
 */
export function diffCards(before: unknown, after: unknown, sensitive: (path: string) => boolean = () => false): CardChange[] {
  const changes: CardChange[] = [];
  const push = (path: string, kind: CardChange['kind'], from: unknown, to: unknown) => changes.push({ path, kind, before: from, after: to, warning: sensitive(path) });
  const walk = (a: unknown, b: unknown, path: string) => {
    if (isObject(a) && isObject(b)) {
      for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
        const at = `${path}${jsonPath([name]).slice(1)}`;
        if (!(name in b)) push(at, 'removed', a[name], undefined);
        else if (!(name in a)) push(at, 'added', undefined, b[name]);
        else walk(a[name], b[name], at);
      }
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
        const at = `${path}[${index}]`;
        if (index >= b.length) push(at, 'removed', a[index], undefined);
        else if (index >= a.length) push(at, 'added', undefined, b[index]);
        else walk(a[index], b[index], at);
      }
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) push(path, 'changed', a, b);
  };
  walk(before, after, '$');
  return changes;
}
