import { useState } from 'react';

/**
 * A protocol's draft inside a shared form, reported as its part of the form's input on every change. Reporting
 * from the change itself (not from an effect) means the form never submits a part one render behind.
 */
export function usePartDraft<Draft extends object, Part>(initial: Draft | (() => Draft), toPart: (draft: Draft) => Part, onChange: (part: Part) => void) {
  const [draft, setDraft] = useState(initial);
  const change = (patch: Partial<Draft>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    onChange(toPart(next));
  };
  return [draft, change] as const;
}
