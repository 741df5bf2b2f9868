import { useState, type FormEvent } from 'react';
import type { A2aSettings } from '@shared/domain/a2a';
import type { NodeSettings } from '@shared/domain/node';
import { useControlMutation } from '../../api/queries';
import { FormActions } from '../../components/FormActions';

/** Card skills as the operator writes them: one per line, "Name: what it does". */
function skillsFromText(text: string): A2aSettings['skills'] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const colon = line.indexOf(':');
      const name = (colon > 0 ? line.slice(0, colon) : line).trim().slice(0, 100);
      const id = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64) || 'skill';
      return { id, name, description: colon > 0 ? line.slice(colon + 1).trim().slice(0, 1000) : '', tags: [id] };
    });
}

/** Settings › A2A: the agent card, the local agent, and how long requests and tasks are kept. */
function A2aForm({ settings }: { settings: NodeSettings }) {
  const a2a = settings.a2a;
  const [description, setDescription] = useState(a2a.description);
  const [skills, setSkills] = useState(a2a.skills.map((skill) => (skill.description ? `${skill.name}: ${skill.description}` : skill.name)).join('\n'));
  const [localAgentUrl, setLocalAgentUrl] = useState(a2a.localAgentUrl ?? '');
  const [blockingWait, setBlockingWait] = useState(String(a2a.blockingWaitSeconds));
  const [approvalHours, setApprovalHours] = useState(String(a2a.approvalHours));
  const [maxAgeDays, setMaxAgeDays] = useState(String(a2a.taskRetention.maxAgeDays));
  const [maxTasks, setMaxTasks] = useState(String(a2a.taskRetention.maxTasks));
  const update = useControlMutation('settings.update');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({
      a2a: {
        description,
        skills: skillsFromText(skills),
        localAgentUrl: localAgentUrl.trim() ? localAgentUrl.trim() : null,
        blockingWaitSeconds: Number(blockingWait),
        approvalHours: Number(approvalHours),
        taskRetention: { maxAgeDays: Number(maxAgeDays), maxTasks: Number(maxTasks) },
      },
    });
  };
  return (
    <form className="form card" onSubmit={submit} aria-label="A2A">
      <h2>A2A</h2>
      <label className="field">
        <span className="field-label">Description on the agent card</span>
        <textarea rows={2} value={description} onChange={(e) => setDescription(e.target.value)} required maxLength={2000} />
      </label>
      <label className="field">
        <span className="field-label">Skills on the agent card, one per line (Name: what it does)</span>
        <textarea rows={3} value={skills} onChange={(e) => setSkills(e.target.value)} aria-label="A2A skills" />
      </label>
      <label className="field">
        <span className="field-label">Local agent (A2A base URL)</span>
        <input value={localAgentUrl} onChange={(e) => setLocalAgentUrl(e.target.value)} placeholder="http://127.0.0.1:18789" aria-describedby="local-agent-note" />
        <span id="local-agent-note" className="muted small">
          Your own agent: requests you approve (or from peers set to forward) go there. Its credentials are outbound credentials in Keys.
        </span>
      </label>
      <div className="row">
        <label className="inline">
          blocking calls wait (s) <input type="number" min={0} max={600} value={blockingWait} onChange={(e) => setBlockingWait(e.target.value)} aria-label="Blocking wait in seconds" />
        </label>
        <label className="inline">
          requests expire after (h) <input type="number" min={0.01} max={2160} step="any" value={approvalHours} onChange={(e) => setApprovalHours(e.target.value)} aria-label="Approval expiry in hours" />
        </label>
      </div>
      <div className="row">
        <label className="inline">
          keep finished tasks (days) <input type="number" min={1} max={3650} value={maxAgeDays} onChange={(e) => setMaxAgeDays(e.target.value)} aria-label="Task retention in days" />
        </label>
        <label className="inline">
          at most <input type="number" min={10} max={1000000} value={maxTasks} onChange={(e) => setMaxTasks(e.target.value)} aria-label="Maximum tasks kept" /> tasks
        </label>
      </div>
      <FormActions mutation={update} failure="Could not save the A2A settings" />
    </form>
  );
}

/** Starts over whenever the node's A2A settings change, so the form shows what is saved. */
export function A2aSettingsCard({ settings }: { settings: NodeSettings }) {
  return <A2aForm key={JSON.stringify(settings.a2a)} settings={settings} />;
}
