/**
 * One "Known callers only" box per skill on the card. Those skills are left off the public card and listed on the
 * extended card, which only callers with a key can read.
 */
export function KnownCallersOnlyChecks({ skills, selected, onChange }: { skills: readonly { id: string; name: string }[]; selected: ReadonlySet<string>; onChange: (next: Set<string>) => void }) {
  if (skills.length === 0) return null;
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    onChange(next);
  };
  return (
    <fieldset className="plain-fieldset">
      <legend>Skills only callers with a key see (on the extended card)</legend>
      {skills.map((skill, index) => (
        <label className="check" key={`${skill.id}-${index}`}>
          <input type="checkbox" checked={selected.has(skill.id)} onChange={(event) => toggle(skill.id, event.target.checked)} aria-label={`Known callers only: ${skill.name}`} />
          {skill.name}: known callers only
        </label>
      ))}
    </fieldset>
  );
}
