import type { NodeSettings } from '@shared/domain/node';
import { Field, type FormErrors } from '../../components/FieldErrors';
import { usePartDraft } from '../shared/usePartDraft';
import type { SettingsSlices } from '../types';

function skillsSlice(text: string): SettingsSlices {
  return { skills: text.split(',').map((s) => s.trim()).filter(Boolean) };
}

export const initialSkillsSlice = (settings: NodeSettings): SettingsSlices => skillsSlice(settings.skills.join(', '));

/** The skills on the a2a-secure capability card, saved with the node's name (both are what peers see). */
export function SkillsField({ settings, onChange, errors }: { settings: NodeSettings; onChange: (slices: SettingsSlices) => void; errors?: FormErrors }) {
  const [draft, change] = usePartDraft({ skills: settings.skills.join(', ') }, ({ skills }) => skillsSlice(skills), onChange);
  return (
    <Field label="Skills on the a2a-secure card (comma-separated)" path="skills" errors={errors}>
      {(input) => <input {...input} value={draft.skills} onChange={(e) => change({ skills: e.target.value })} placeholder="research, coding" />}
    </Field>
  );
}
