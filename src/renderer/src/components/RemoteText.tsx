import { Fragment, type ReactNode } from 'react';

/**
 * The Unicode bidirectional controls (UAX #9): embeddings, overrides, isolates and the implicit marks. In text
 * from a peer they can reorder what the operator reads ("\u202Eevil" renders as "live"; the Trojan Source
 * attacks, CVE-2021-42574), so they are shown as labelled markers and never applied.
 */
const BIDI_CONTROLS: Readonly<Record<string, { label: string; name: string }>> = {
  '\u202A': { label: 'LRE', name: 'left-to-right embedding' },
  '\u202B': { label: 'RLE', name: 'right-to-left embedding' },
  '\u202C': { label: 'PDF', name: 'pop directional formatting' },
  '\u202D': { label: 'LRO', name: 'left-to-right override' },
  '\u202E': { label: 'RLO', name: 'right-to-left override' },
  '\u2066': { label: 'LRI', name: 'left-to-right isolate' },
  '\u2067': { label: 'RLI', name: 'right-to-left isolate' },
  '\u2068': { label: 'FSI', name: 'first strong isolate' },
  '\u2069': { label: 'PDI', name: 'pop directional isolate' },
  '\u200E': { label: 'LRM', name: 'left-to-right mark' },
  '\u200F': { label: 'RLM', name: 'right-to-left mark' },
  '\u061C': { label: 'ALM', name: 'Arabic letter mark' },
};

const BIDI_PATTERN = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The text with every bidi control replaced by its marker (⟨RLO⟩): for places that take a string (titles, copies of a preview). */
export function showBidiControls(text: string): string {
  return text.replace(BIDI_PATTERN, (char) => `⟨${BIDI_CONTROLS[char]?.label ?? codePoint(char)}⟩`);
}

export function hasBidiControls(text: string): boolean {
  return new RegExp(BIDI_PATTERN.source).test(text);
}

/**
 * Text from another party (a peer's message, a caller's request): rendered as text, never markup, with bidi
 * controls shown as small labelled markers instead of being applied. The markers are text, so what is selected
 * and copied is what was shown.
 */
export function RemoteText({ text }: { text: string }) {
  if (!hasBidiControls(text)) return <>{text}</>;
  const pieces: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(BIDI_PATTERN)) {
    const index = match.index;
    if (index > last) pieces.push(<Fragment key={`t${last}`}>{text.slice(last, index)}</Fragment>);
    const char = match[0];
    const control = BIDI_CONTROLS[char];
    const label = control?.label ?? codePoint(char);
    pieces.push(
      <span key={`m${index}`} className="bidi-marker" title={`${control?.name ?? 'bidi control'} (${codePoint(char)}) in the text: shown, not applied`}>
        ⟨{label}⟩
      </span>,
    );
    last = index + char.length;
  }
  if (last < text.length) pieces.push(<Fragment key={`t${last}`}>{text.slice(last)}</Fragment>);
  return <>{pieces}</>;
}
