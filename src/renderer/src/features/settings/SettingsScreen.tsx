import { useState, type FormEvent } from 'react';
import type { NodeSettings } from '@shared/domain/node';
import type { WakeHook } from '@shared/domain/wake';
import { useControlMutation, useNodeStatus, useProtocols, useSettings } from '../../api/queries';
import { DataKeyKeeper } from '../../components/DataKeyKeeper';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FormActions } from '../../components/FormActions';
import { DesktopSettings } from './DesktopSettings';
import { useRetryPolicyFields } from '../../components/RetryPolicyFields';
import { protocolUi, screenCards } from '../../protocols/registry';
import type { ScreenCard, SettingsSlices } from '../../protocols/types';

/** What peers see of the node; protocols add their own fields of that kind (a2a-secure's card skills). */
function IdentityForm({ settings }: { settings: NodeSettings }) {
  const [name, setName] = useState(settings.name);
  const [publicUrl, setPublicUrl] = useState(settings.publicUrl ?? '');
  const protocols = useProtocols();
  const parts = protocols.flatMap((protocol) => {
    const nodeFields = protocolUi(protocol.id).nodeFields;
    return nodeFields ? [{ id: protocol.id, ...nodeFields }] : [];
  });
  const [edited, setEdited] = useState<Readonly<Record<string, SettingsSlices>>>({});
  const update = useControlMutation('settings.update');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const slices = parts.reduce<SettingsSlices>((all, part) => ({ ...all, ...(edited[part.id] ?? part.initial(settings)) }), {});
    update.mutate({ ...slices, name, publicUrl: publicUrl.trim() ? publicUrl.trim() : null });
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
      {parts.map(({ id, Fields }) => (
        <Fields key={id} settings={settings} onChange={(slices) => setEdited((current) => ({ ...current, [id]: slices }))} />
      ))}
      <FormActions mutation={update} failure="Could not save" />
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

type SettingsCard = ScreenCard<{ settings: NodeSettings }>;

// The node's own cards, placed among the protocols' by order; each form starts over when what it edits changes
// elsewhere (another window, the CLI).
const nodeCards: readonly SettingsCard[] = [
  { id: 'node', order: 0, Card: ({ settings }) => <IdentityForm key={`identity:${settings.name}:${settings.publicUrl}`} settings={settings} /> },
  { id: 'wake-hook', order: 20, Card: ({ settings }) => <WakeHookForm key={JSON.stringify(settings.wakeHook)} hook={settings.wakeHook} /> },
  { id: 'retry-policy', order: 30, Card: ({ settings }) => <RetryPolicyForm key={JSON.stringify(settings.retryPolicy)} settings={settings} /> },
];

function AboutCard() {
  const status = useNodeStatus();
  return (
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
        <dd>
          <DataKeyKeeper />
        </dd>
      </dl>
    </div>
  );
}

/**
 * The node itself (identity, wake hook, retry policy), each protocol's settings, where things live, and in the
 * desktop app its own preferences.
 */
export function SettingsScreen() {
  const settings = useSettings();
  const protocols = useProtocols();
  const cards = screenCards(nodeCards, protocols, (ui) => ui.settingsCards);
  if (settings.isPending) return <p className="muted">Loading settings…</p>;
  if (settings.isError) return <ErrorNotice error={settings.error} action="Could not load settings" />;
  return (
    <section className="screen" aria-labelledby="settings-title">
      <header className="screen-header">
        <h1 id="settings-title">Settings</h1>
      </header>
      <div className="settings-grid">
        {cards.map(({ id, Card }) => (
          <Card key={id} settings={settings.data} />
        ))}
        <AboutCard />
      </div>
      <DesktopSettings />
    </section>
  );
}
