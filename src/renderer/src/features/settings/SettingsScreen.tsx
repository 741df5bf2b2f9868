import { useState, type FormEvent } from 'react';
import type { A2aSettings } from '@shared/domain/a2a';
import type { NodeSettings } from '@shared/domain/node';
import type { WakeHook } from '@shared/domain/wake';
import { useControlMutation, useNodeStatus, useSettings } from '../../api/queries';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FormActions } from '../../components/FormActions';
import { useRetryPolicyFields } from '../../components/RetryPolicyFields';

function IdentityForm({ settings }: { settings: NodeSettings }) {
  const [name, setName] = useState(settings.name);
  const [publicUrl, setPublicUrl] = useState(settings.publicUrl ?? '');
  const [skills, setSkills] = useState(settings.skills.join(', '));
  const update = useControlMutation('settings.update');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({
      name,
      publicUrl: publicUrl.trim() ? publicUrl.trim() : null,
      skills: skills.split(',').map((s) => s.trim()).filter(Boolean),
    });
  };
  return (
    <form className="form card" onSubmit={submit} aria-label="Node identity">
      <h2>Node</h2>
      <label className="field">
        <span className="field-label">Name (what peers see)</span>
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={64} />
      </label>
      <label className="field">
        <span className="field-label">Public URL</span>
        <input value={publicUrl} onChange={(e) => setPublicUrl(e.target.value)} placeholder="https://switchboard.example.net" />
        <span className="muted small">How peers reach this node: a forwarded port, a tunnel, or a tailnet address. Used in links this node hands out.</span>
      </label>
      <label className="field">
        <span className="field-label">Skills on the a2a-secure card (comma-separated)</span>
        <input value={skills} onChange={(e) => setSkills(e.target.value)} placeholder="research, coding" />
      </label>
      <FormActions mutation={update} failure="Could not save" />
    </form>
  );
}

function LegacySecretForm({ settings }: { settings: NodeSettings }) {
  const [secret, setSecret] = useState('');
  const [clearing, setClearing] = useState(false);
  const update = useControlMutation('settings.update', { onSuccess: () => setSecret('') });
  return (
    <form
      className="form card"
      aria-label="Legacy shared secret"
      onSubmit={(event) => {
        event.preventDefault();
        if (secret) update.mutate({ legacySecret: secret });
      }}
    >
      <h2>Legacy shared secret</h2>
      <p className="muted small">
        For peers set up the seed's way, with one secret for everyone. A message carrying it is accepted and attributed to the peer it names — the
        name is only claimed. Prefer a secret per peer.
      </p>
      <p>{settings.legacySecretSet ? <span className="chip chip-warn">set — seed-style senders accepted</span> : <span className="chip chip-neutral">not set</span>}</p>
      <div className="row">
        <input type="password" aria-label="Legacy shared secret" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="new-password" placeholder="mysecret2026" />
        <button type="submit" className="button" disabled={!secret || update.isPending}>
          Set
        </button>
        {settings.legacySecretSet ? (
          <button type="button" className="button" onClick={() => setClearing(true)}>
            Clear…
          </button>
        ) : null}
      </div>
      {update.isError ? <ErrorNotice error={update.error} action="Could not save the secret" /> : null}
      {clearing ? (
        <ConfirmDialog
          title="Stop accepting the legacy secret?"
          consequence="Peers that still send the shared secret get 401 Unauthorized from now on."
          confirmLabel="Clear"
          onCancel={() => setClearing(false)}
          onConfirm={() => update.mutate({ legacySecret: null }, { onSettled: () => setClearing(false) })}
        />
      ) : null}
    </form>
  );
}

function WakeHookForm({ hook }: { hook: WakeHook | null }) {
  const [kind, setKind] = useState<'none' | 'command' | 'webhook'>(hook?.kind ?? 'none');
  const [argv, setArgv] = useState(hook?.kind === 'command' ? hook.argv.join('\n') : '');
  const [url, setUrl] = useState(hook?.kind === 'webhook' ? hook.url : '');
  const [timeout, setTimeoutMs] = useState(String(hook?.timeoutMs ?? 15000));
  const update = useControlMutation('settings.update');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const timeoutMs = Number(timeout) || 15000;
    const next: WakeHook | null =
      kind === 'command' ? { kind, argv: argv.split('\n').filter((line) => line.length > 0), timeoutMs } : kind === 'webhook' ? { kind, url: url.trim(), timeoutMs } : null;
    update.mutate({ wakeHook: next });
  };
  return (
    <form className="form card" onSubmit={submit} aria-label="Wake hook">
      <h2>Wake hook</h2>
      <p className="muted small">
        When a message asks to wake, the desktop notifies you; this also runs for every wake. A command runs without a shell, one argument per line;
        <code> {'{text}'}</code>, <code>{'{peer}'}</code>, <code>{'{trace_id}'}</code>, <code>{'{message_id}'}</code> and <code>{'{json}'}</code> are
        replaced. Failures are recorded in the audit log and never refuse the message.
      </p>
      <div className="row">
        {(['none', 'command', 'webhook'] as const).map((option) => (
          <label key={option} className="check">
            <input type="radio" name="wake-kind" checked={kind === option} onChange={() => setKind(option)} /> {option === 'none' ? 'Nothing' : option === 'command' ? 'Run a command' : 'Call a webhook'}
          </label>
        ))}
      </div>
      {kind === 'command' ? (
        <label className="field">
          <span className="field-label">Command, one argument per line</span>
          <textarea className="mono" rows={5} value={argv} onChange={(e) => setArgv(e.target.value)} placeholder={'openclaw\ngateway\ncall\nwake\n--params\n{json}'} />
        </label>
      ) : null}
      {kind === 'webhook' ? (
        <label className="field">
          <span className="field-label">Webhook URL (receives a JSON POST)</span>
          <input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="http://127.0.0.1:18789/hooks/wake" />
        </label>
      ) : null}
      {kind !== 'none' ? (
        <label className="field">
          <span className="field-label">Timeout (ms)</span>
          <input type="number" min={100} max={120000} value={timeout} onChange={(e) => setTimeoutMs(e.target.value)} />
        </label>
      ) : null}
      <FormActions mutation={update} failure="Could not save the hook" />
    </form>
  );
}

function RetryPolicyForm({ settings }: { settings: NodeSettings }) {
  const retry = useRetryPolicyFields(settings.retryPolicy);
  const update = useControlMutation('settings.update');
  return (
    <form
      className="form card"
      aria-label="Default retry policy"
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate({ retryPolicy: retry.policy() });
      }}
    >
      <h2>Default retry policy</h2>
      <p className="muted small">
        For peers without their own. Connection errors, timeouts, 5xx and 429 are retried, waiting the first wait, then twice as long each time (±20 %);
        other refusals go straight to dead letters.
      </p>
      {retry.fields}
      <FormActions mutation={update} failure="Could not save the policy" />
    </form>
  );
}

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

function ChatForm({ settings }: { settings: NodeSettings }) {
  const chat = settings.chat;
  const [agentId, setAgentId] = useState(chat.agentId);
  const [hosting, setHosting] = useState(chat.hosting);
  const [handshakeMinutes, setHandshakeMinutes] = useState(String(chat.handshakeMinutes));
  const [sessionMinutes, setSessionMinutes] = useState(String(chat.sessionMinutes));
  const update = useControlMutation('settings.update');
  return (
    <form
      className="form card"
      aria-label="Chat"
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate({ chat: { agentId: agentId.trim(), hosting, handshakeMinutes: Number(handshakeMinutes), sessionMinutes: Number(sessionMinutes) } });
      }}
    >
      <h2>Chat (a2achat)</h2>
      <label className="field">
        <span className="field-label">This node's agent id</span>
        <input value={agentId} onChange={(e) => setAgentId(e.target.value)} required maxLength={128} aria-describedby="agent-id-note" />
        <span id="agent-id-note" className="muted small">
          What others put as <code>inviter_agent_id</code> to ask you for a chat, and the id this node uses on other servers.
        </span>
      </label>
      <label className="check">
        <input type="checkbox" checked={hosting} onChange={(e) => setHosting(e.target.checked)} /> Host chats: agents may join this node and request handshakes (each waits for you)
      </label>
      <div className="row">
        <label className="inline">
          requests expire after (min) <input type="number" min={1} max={1440} value={handshakeMinutes} onChange={(e) => setHandshakeMinutes(e.target.value)} aria-label="Handshake expiry in minutes" />
        </label>
        <label className="inline">
          session tokens last (min) <input type="number" min={2} max={1440} value={sessionMinutes} onChange={(e) => setSessionMinutes(e.target.value)} aria-label="Session token lifetime in minutes" />
        </label>
      </div>
      <FormActions mutation={update} failure="Could not save the chat settings" />
    </form>
  );
}

/** The node itself: identity, the legacy secret, the wake hook, and where things live. */
export function SettingsScreen() {
  const settings = useSettings();
  const status = useNodeStatus();
  if (settings.isPending) return <p className="muted">Loading settings…</p>;
  if (settings.isError) return <ErrorNotice error={settings.error} action="Could not load settings" />;
  return (
    <section className="screen" aria-labelledby="settings-title">
      <header className="screen-header">
        <h1 id="settings-title">Settings</h1>
      </header>
      <div className="settings-grid">
        <IdentityForm key={`identity:${settings.data.name}:${settings.data.publicUrl}`} settings={settings.data} />
        <LegacySecretForm settings={settings.data} />
        <WakeHookForm key={JSON.stringify(settings.data.wakeHook)} hook={settings.data.wakeHook} />
        <RetryPolicyForm key={JSON.stringify(settings.data.retryPolicy)} settings={settings.data} />
        <A2aForm key={JSON.stringify(settings.data.a2a)} settings={settings.data} />
        <ChatForm key={JSON.stringify(settings.data.chat)} settings={settings.data} />
        <div className="card">
          <h2>About</h2>
          <dl className="facts">
            <dt>Version</dt>
            <dd>{status.data?.version}</dd>
            <dt>Data folder</dt>
            <dd>
              <code>{status.data?.dataDir}</code>
            </dd>
            <dt>Secrets sealed by</dt>
            <dd>{status.data?.vaultBackend}</dd>
          </dl>
        </div>
      </div>
    </section>
  );
}
