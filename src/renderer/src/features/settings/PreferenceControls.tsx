import { useId, useState } from 'react';

/** Saves a change; resolves to whether the desktop took it (a failure is shown by whoever saved it). */
export type Save<V> = (value: V) => Promise<boolean>;

/**
 * What a control shows: the operator's choice at once, until the desktop's answer is on screen. A controlled
 * input whose value changed only once the answer arrived would flick back to the old value meanwhile; after a
 * failure it shows what the desktop has.
 */
function useChosenValue<V>(value: V, save: Save<V>): [V, (next: V) => void] {
  const [chosen, setChosen] = useState<{ value: V; over: V } | null>(null);
  // The desktop's value moved (the answer, or a change from elsewhere): that is what to show now.
  if (chosen && !Object.is(chosen.over, value)) setChosen(null);
  const choose = (next: V) => {
    setChosen({ value: next, over: value });
    void save(next).then((saved) => {
      // Saved as it was (nothing to move to), or refused: the cache holds what the desktop has, after this render.
      if (saved) setTimeout(() => setChosen(null), 0);
      else setChosen(null);
    });
  };
  return [chosen ? chosen.value : value, choose];
}

export function Choice<V extends string | boolean>({ legend, options, value, onChange }: { legend: string; options: readonly { value: V; label: string; hint?: string }[]; value: V; onChange: Save<V> }) {
  const name = useId();
  const [shown, choose] = useChosenValue(value, onChange);
  return (
    <fieldset className="field choice">
      <legend className="field-label">{legend}</legend>
      {options.map((option) => (
        <label key={String(option.value)} className="check">
          <input
            type="radio"
            name={name}
            checked={shown === option.value}
            onChange={() => choose(option.value)}
          />
          <span>
            {option.label}
            {option.hint ? <span className="muted small"> — {option.hint}</span> : null}
          </span>
        </label>
      ))}
    </fieldset>
  );
}

export function Check({ label, checked, disabled, onChange, hint }: { label: string; checked: boolean; disabled?: boolean; onChange: Save<boolean>; hint?: string }) {
  const hintId = useId();
  const [shown, choose] = useChosenValue(checked, onChange);
  return (
    <div className="check-field">
      <label className="check">
        <input
          type="checkbox"
          checked={shown}
          disabled={disabled}
          aria-describedby={hint ? hintId : undefined}
          onChange={(event) => choose(event.target.checked)}
        />
        {label}
      </label>
      {hint ? (
        <span id={hintId} className="muted small check-hint">
          {hint}
        </span>
      ) : null}
    </div>
  );
}
