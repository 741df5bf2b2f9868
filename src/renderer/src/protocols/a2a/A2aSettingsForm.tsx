import { useState, type FormEvent } from 'react';
import type { A2aSettings } from '@shared/domain/a2a';
import type { NodeSettings } from '@shared/domain/node';
import { useControlMutation } from '../../api/queries';
import { Field, FieldError, FieldErrorSummary, useFieldErrors } from '../../components/FieldErrors';
import { FormActions } from '../../components/FormActions';
import { KnownCallersOnlyChecks } from './KnownCallersOnlyChecks';
import { ATTACHMENT_LIMIT_PATHS, AttachmentLimitFields, useAttachmentLimitsDraft } from './AttachmentLimitFields';

type SettingsUpdate = ReturnType<typeof useControlMutation<'settings.update'>>;

/** Card skills as the operator writes them: one per line, "Name: what it does"; `knownOnly` holds the private ones' ids. */
function skillsFromText(text: string, knownOnly: ReadonlySet<string> = new Set()): A2aSettings['skills'] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const colon = line.indexOf(':');
      const name = (colon > 0 ? line.slice(0, colon) : line).trim().slice(0, 100);
      const id = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64) || 'skill';
      return { id, name, description: colon > 0 ? line.slice(colon + 1).trim().slice(0, 1000) : '', tags: [id], knownCallersOnly: knownOnly.has(id) };
    });
}

/** Settings › A2A: the agent card, the local agent, and how long requests and tasks are kept. */
function A2aForm({ settings, update }: { settings: NodeSettings; update: SettingsUpdate }) {
  const a2a = settings.a2a;
  const [description, setDescription] = useState(a2a.description);
  const [skills, setSkills] = useState(a2a.skills.map((skill) => (skill.description ? `${skill.name}: ${skill.description}` : skill.name)).join('\n'));
  const [knownOnly, setKnownOnly] = useState<ReadonlySet<string>>(() => new Set(a2a.skills.filter((skill) => skill.knownCallersOnly).map((skill) => skill.id)));
  const [localAgentUrl, setLocalAgentUrl] = useState(a2a.localAgentUrl ?? '');
  const [blockingWait, setBlockingWait] = useState(String(a2a.blockingWaitSeconds));
  const [approvalHours, setApprovalHours] = useState(String(a2a.approvalHours));
  const [maxAgeDays, setMaxAgeDays] = useState(String(a2a.taskRetention.maxAgeDays));
  const [maxTasks, setMaxTasks] = useState(String(a2a.taskRetention.maxTasks));
  const limits = useAttachmentLimitsDraft(a2a.attachments);
  const [invalidLimits, setInvalidLimits] = useState<unknown>(null);
  const errors = useFieldErrors(invalidLimits ?? update.error, [
    ...ATTACHMENT_LIMIT_PATHS,
    'a2a.description',
    'a2a.skills',
    'a2a.localAgentUrl',
    'a2a.blockingWaitSeconds',
    'a2a.approvalHours',
    'a2a.taskRetention.maxAgeDays',
    'a2a.taskRetention.maxTasks',
  ]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsedLimits = limits.parse();
    setInvalidLimits('error' in parsedLimits ? parsedLimits.error : null);
    if ('error' in parsedLimits) return;
    update.mutate({
      a2a: {
        description,
        skills: skillsFromText(skills, knownOnly),
        localAgentUrl: localAgentUrl.trim() ? localAgentUrl.trim() : null,
        blockingWaitSeconds: Number(blockingWait),
        approvalHours: Number(approvalHours),
        taskRetention: { maxAgeDays: Number(maxAgeDays), maxTasks: Number(maxTasks) },
        attachments: parsedLimits.limits,
      },
    });
  };
  return (
    <form className="form card" onSubmit={submit} aria-label="A2A">
      <h2>A2A</h2>
      <FieldErrorSummary errors={errors} action="Could not save the A2A settings" />
      <Field label="Description on the agent card" path="a2a.description" errors={errors}>
        {(input) => <textarea {...input} rows={2} value={description} onChange={(e) => setDescription(e.target.value)} required maxLength={2000} />}
      </Field>
      <Field label="Skills on the agent card, one per line (Name: what it does)" path="a2a.skills" errors={errors}>
        {(input) => <textarea {...input} rows={3} value={skills} onChange={(e) => setSkills(e.target.value)} aria-label="A2A skills" />}
      </Field>
      <KnownCallersOnlyChecks skills={skillsFromText(skills)} selected={knownOnly} onChange={setKnownOnly} />
      <Field
        label="Local agent (A2A base URL)"
        path="a2a.localAgentUrl"
        errors={errors}
        note="Your own agent: requests you approve (or from peers set to forward) go there. Its credentials are outbound credentials in Keys."
      >
        {(input) => <input {...input} value={localAgentUrl} onChange={(e) => setLocalAgentUrl(e.target.value)} placeholder="http://127.0.0.1:18789" />}
      </Field>
      <div className="row">
        <label className="inline">
          blocking calls wait (s) <input type="number" min={0} max={600} value={blockingWait} onChange={(e) => setBlockingWait(e.target.value)} aria-label="Blocking wait in seconds" {...errors.input('a2a.blockingWaitSeconds')} />
        </label>
        <label className="inline">
          requests expire after (h) <input type="number" min={0.01} max={2160} step="any" value={approvalHours} onChange={(e) => setApprovalHours(e.target.value)} aria-label="Approval expiry in hours" {...errors.input('a2a.approvalHours')} />
        </label>
      </div>
      <FieldError errors={errors} path="a2a.blockingWaitSeconds" />
      <FieldError errors={errors} path="a2a.approvalHours" />
      <div className="row">
        <label className="inline">
          keep finished tasks (days) <input type="number" min={1} max={3650} value={maxAgeDays} onChange={(e) => setMaxAgeDays(e.target.value)} aria-label="Task retention in days" {...errors.input('a2a.taskRetention.maxAgeDays')} />
        </label>
        <label className="inline">
          at most <input type="number" min={10} max={1000000} value={maxTasks} onChange={(e) => setMaxTasks(e.target.value)} aria-label="Maximum tasks kept" {...errors.input('a2a.taskRetention.maxTasks')} /> tasks
        </label>
      </div>
      <FieldError errors={errors} path="a2a.taskRetention.maxAgeDays" />
      <FieldError errors={errors} path="a2a.taskRetention.maxTasks" />
      <AttachmentLimitFields draft={limits} errors={errors} />
      <FormActions mutation={update} failure="Could not save the A2A settings" errors={errors} />
    </form>
  );
}

/** Starts over whenever the node's A2A settings change, so the form shows what is saved; the save outlives it ("Saved" stays). */
export function A2aSettingsCard({ settings }: { settings: NodeSettings }) {
  const update = useControlMutation('settings.update');
  return <A2aForm key={JSON.stringify(settings.a2a)} settings={settings} update={update} />;
}
