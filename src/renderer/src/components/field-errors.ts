import { ControlError, type FieldError } from '@shared/control-error';

/** One part of the core's refusal sentence: `baseUrl: must be …`, `a2a.taskRetention.maxTasks: …`, `wakeHook.argv.0: …`. */
const PART = /^([A-Za-z_$][\w$]*(?:\.[\w$]+|\[\d+\])*): ([\s\S]+)$/;
/** Where the sentence joins two parts: "; " followed by the next path and its colon. */
const JOINT = /; (?=[A-Za-z_$][\w$.[\]]*: )/;

/**
 * The fields a refusal is about. The core lists them in `fields`; a core that does not yet only has the sentence
 * it writes for the CLI ("path: message; path: message"), which is read back here. A refusal that is not about
 * fields (a conflict, a sentence of another shape) has none: the form shows it as a sentence.
 */
export function fieldErrorsOf(error: unknown): FieldError[] {
  if (!(error instanceof ControlError) || error.code !== 'invalid_input') return [];
  if (error.fields.length > 0) return error.fields;
  const parts = error.message.split(JOINT).map((part) => PART.exec(part.trim()));
  if (parts.length === 0 || parts.some((part) => part === null)) return [];
  return parts.map((part) => ({ path: part![1]!, message: part![2]! }));
}

/** The field of a form that shows an error: its own path, or the nearest enclosing one (`wakeHook.argv` for `wakeHook.argv.0`). */
export function fieldFor(errorPath: string, placed: readonly string[]): string | null {
  let best: string | null = null;
  for (const path of placed) {
    const owns = errorPath === path || errorPath.startsWith(`${path}.`) || errorPath.startsWith(`${path}[`);
    if (owns && (best === null || path.length > best.length)) best = path;
  }
  return best;
}

/** "must be an http:// or https:// URL" as it reads under an input: "Must be an http:// or https:// URL". */
export function inWords(message: string): string {
  const text = message.trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A path no input shows, named for people: `wakeHook.timeoutMs` → "Timeout ms" (the whole input: ""). */
export function pathInWords(path: string): string {
  const last = path.split(/[.[\]]/).filter((segment) => segment && !/^\d+$/.test(segment) && segment !== 'input').at(-1);
  if (!last) return '';
  const words = last.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
