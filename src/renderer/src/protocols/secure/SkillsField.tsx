import type { NodeSettings } from '@shared/domain/node';
import { usePartDraft } from '../shared/usePartDraft';
import type { SettingsSlices } from '../types';

function skillsSlice(text: string): SettingsSlices {
  return { skills: text.split(',').map((s) => s.trim()).filter(Boolean) };
}

export const initialSkillsSlice = (settings: NodeSettings): SettingsSlices => skillsSlice(settings.skills.join(', '));

/** The skills on the a2a-secure capability card, saved with the node's name (both are what peers see). */
export function SkillsField({ settings, onChange }: { settings: NodeSettings; onChange: (slices: SettingsSlices) => void }) {
  const [draft, change] = usePartDraft({ skills: settings.skills.join(', ') }, ({ skills }) => skillsSlice(skills), onChange);
  return (
    <label className="field">
      <span className="field-label">Skills on the a2a-secure card (comma-separated)</span>
      <input value={draft.skills} onChange={(e) => change({ skills: e.target.value })} placeholder="research, coding" />
    </label>
  );
}
