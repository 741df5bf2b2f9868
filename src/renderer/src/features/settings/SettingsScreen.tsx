import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { NodeSettings } from '@shared/domain/node';
import type { WakeHook } from '@shared/domain/wake';
import { useControlMutation, useNodeStatus, useProtocols, useSettings } from '../../api/queries';
import { queryKeys } from '../../api/query-keys';
import { DataKeyKeeper } from '../../components/DataKeyKeeper';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field, FieldError, FieldErrorSummary, useFieldErrors } from '../../components/FieldErrors';
import { FormActions } from '../../components/FormActions';
import { DesktopSettings } from './DesktopSettings';
import { BackupsForm } from './BackupsForm';
import { LimitsForm } from './LimitsForm';
import { useRedrivePolicyFields } from '../../components/RedrivePolicyFields';
import { useRetryPolicyFields } from '../../components/RetryPolicyFields';
import { protocolUi, screenCards } from '../../protocols/registry';
import type { ScreenCard, SettingsSlices } from '../../protocols/types';
import { useUiActions } from '../../stores/ui-store';

type SettingsUpdate = ReturnType<typeof useControlMutation<'settings.update'>>;

/** The port as typed, as `settings.update` takes it (undefined: left empty). */
function portOf(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

/** What peers see of the node and where it listens; protocols add their own fields of that kind (a2a-secure's card skills). */
function IdentityForm({ settings, update }: { settings: NodeSettings; update: SettingsUpdate }) {
  const [name, setName] = useState(settings.name);
  const [port, setPort] = useState(settings.port === undefined ? '' : String(settings.port));
  const [publicUrl, setPublicUrl] = useState(settings.publicUrl ?? '');
  const listeningPort = useNodeStatus().data?.port;
  const protocols = useProtocols();
  const parts = protocols.flatMap((protocol) => {
    const nodeFields = protocolUi(protocol.id).nodeFields;
    return nodeFields ? [{ id: protocol.id, ...nodeFields }] : [];
  });
  const [edited, setEdited] = useState<Readonly<Record<string, SettingsSlices>>>({});
  const errors = useFieldErrors(update.error, ['name', 'port', 'publicUrl', ...parts.flatMap((part) => part.fieldPaths ?? [])]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const slices = parts.reduce<SettingsSlices>((all, part) => ({ ...all, ...(edited[part.id] ?? part.initial(settings)) }), {});
    const nextPort = portOf(port);
    update.mutate({ ...slices, name, publicUrl: publicUrl.trim() ? publicUrl.trim() : null, ...(nextPort !== settings.port ? { port: nextPort } : {}) });
  };
  return (
    <form className="form card" onSubmit={submit} aria-label="Node identity">
      <h2>Node</h2>
      <FieldErrorSummary errors={errors} action="Could not save" />
      <Field label="Name (what peers see)" path="name" errors={errors}>
        {(input) => <input {...input} value={name} onChange={(e) => setName(e.target.value)} required maxLength={64} />}
      </Field>
      <Field
        label="Port"
        path="port"
        errors={errors}
        note={
          <>
            {listeningPort !== undefined && settings.port !== undefined && listeningPort !== settings.port ? `Listening on ${listeningPort} now; ${settings.port} from the next start. ` : ''}A new port
            takes effect at the next start (a --port flag overrides it for one run).
          </>
        }
      >
        {(input) => <input {...input} type="number" min={1} max={65535} value={port} onChange={(e) => setPort(e.target.value)} className="port-input" />}
      </Field>
      <Field label="Public URL" path="publicUrl" errors={errors} note="How peers reach this node: a forwarded port, a tunnel, or a tailnet address. Used in links this node hands out.">
        {(input) => <input {...input} value={publicUrl} onChange={(e) => setPublicUrl(e.target.value)} placeholder="https://switchboard.example.net" />}
      </Field>
      {parts.map(({ id, Fields }) => (
        <Fields key={id} settings={settings} errors={errors} onChange={(slices) => setEdited((current) => ({ ...current, [id]: slices }))} />
      ))}
      <FormActions mutation={update} failure="Could not save" errors={errors} />
    </form>
  );
}

function WakeHookForm({ hook, update }: { hook: WakeHook | null; update: SettingsUpdate }) {
  const [kind, setKind] = useState<'none' | 'command' | 'webhook'>(hook?.kind ?? 'none');
  const [argv, setArgv] = useState(hook?.kind === 'command' ? hook.argv.join('\n') : '');
  const [url, setUrl] = useState(hook?.kind === 'webhook' ? hook.url : '');
  const [timeout, setTimeoutMs] = useState(String(hook?.timeoutMs ?? 15000));
  const errors = useFieldErrors(update.error, ['wakeHook.argv', 'wakeHook.url', 'wakeHook.timeoutMs', 'wakeHook']);
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
      <FieldErrorSummary errors={errors} action="Could not save the hook" />
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
      <FieldError errors={errors} path="wakeHook" />
      {kind === 'command' ? (
        <Field label="Command, one argument per line" path="wakeHook.argv" errors={errors}>
          {(input) => <textarea {...input} className="mono" rows={5} value={argv} onChange={(e) => setArgv(e.target.value)} placeholder={'openclaw\ngateway\ncall\nwake\n--params\n{json}'} />}
        </Field>
      ) : null}
      {kind === 'webhook' ? (
        <Field label="Webhook URL (receives a JSON POST)" path="wakeHook.url" errors={errors}>
          {(input) => <input {...input} value={url} onChange={(e) => setUrl(e.target.value)} placeholder="http://127.0.0.1:18789/hooks/wake" />}
        </Field>
      ) : null}
      {kind !== 'none' ? (
        <Field label="Timeout (ms)" path="wakeHook.timeoutMs" errors={errors}>
          {(input) => <input {...input} type="number" min={100} max={120000} value={timeout} onChange={(e) => setTimeoutMs(e.target.value)} />}
        </Field>
      ) : null}
      <FormActions mutation={update} failure="Could not save the hook" errors={errors} />
    </form>
  );
}

function RetryPolicyForm({ settings, update }: { settings: NodeSettings; update: SettingsUpdate }) {
  const errors = useFieldErrors(update.error, ['retryPolicy.maxAttempts', 'retryPolicy.baseDelayMs', 'retryPolicy']);
  const retry = useRetryPolicyFields(settings.retryPolicy, errors);
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
      <FieldErrorSummary errors={errors} action="Could not save the policy" />
      <p className="muted small">
        For peers without their own. Connection errors, timeouts, 5xx and 429 are retried, waiting the first wait, then twice as long each time (±20 %);
        other refusals go straight to dead letters.
      </p>
      {retry.fields}
      <FormActions mutation={update} failure="Could not save the policy" errors={errors} />
    </form>
  );
}

/** Dead letters with a passing cause, sent again by themselves: the node's policy (peers may have their own). */
function RedriveForm({ settings, update }: { settings: NodeSettings; update: SettingsUpdate }) {
  const errors = useFieldErrors(update.error, ['redrive.enabled', 'redrive.intervalMinutes', 'redrive.forHours', 'redrive']);
  const redrive = useRedrivePolicyFields(settings.redrive, errors);
  return (
    <form
      className="form card"
      aria-label="Dead letters that heal"
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate({ redrive: redrive.policy() });
      }}
    >
      <h2>Dead letters that heal</h2>
      <FieldErrorSummary errors={errors} action="Could not save the redrive policy" />
      <p className="muted small">
        A message that died of a passing cause (connection error, timeout, 5xx, 429) is sent again by itself, and at once when its peer is seen again. Refusals
        wait for you. For peers without their own policy.
      </p>
      {redrive.fields}
      <FormActions mutation={update} failure="Could not save the redrive policy" errors={errors} />
    </form>
  );
}

function MetricsForm({ settings, update }: { settings: NodeSettings; update: SettingsUpdate }) {
  const [publicMetrics, setPublicMetrics] = useState(settings.metricsPublic);
  const errors = useFieldErrors(update.error, ['metricsPublic']);
  return (
    <form
      className="form card"
      aria-label="Metrics"
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate({ metricsPublic: publicMetrics });
      }}
    >
      <h2>Metrics</h2>
      <FieldErrorSummary errors={errors} action="Could not save" />
      <label className="check">
        <input type="checkbox" role="switch" checked={publicMetrics} onChange={(event) => setPublicMetrics(event.target.checked)} {...errors.input('metricsPublic')} /> Metrics
        on the public port
      </label>
      <FieldError errors={errors} path="metricsPublic" />
      <p className="muted small">
        <code>/metrics</code> (Prometheus text) is always on the control port, with the admin token. On, it is also served on the public port without a token, to anyone
        who can reach it (it names your peers).
      </p>
      <FormActions mutation={update} failure="Could not save" errors={errors} />
    </form>
  );
}

type SettingsCard = ScreenCard<{ settings: NodeSettings }>;

function IdentityCard({ settings }: { settings: NodeSettings }) {
  const update = useControlMutation('settings.update');
  return <IdentityForm key={`identity:${settings.name}:${settings.publicUrl}:${settings.port}`} settings={settings} update={update} />;
}

function WakeHookCard({ settings }: { settings: NodeSettings }) {
  const update = useControlMutation('settings.update');
  return <WakeHookForm key={JSON.stringify(settings.wakeHook)} hook={settings.wakeHook} update={update} />;
}

function RetryPolicyCard({ settings }: { settings: NodeSettings }) {
  const update = useControlMutation('settings.update');
  return <RetryPolicyForm key={JSON.stringify(settings.retryPolicy)} settings={settings} update={update} />;
}

function RedriveCard({ settings }: { settings: NodeSettings }) {
  const update = useControlMutation('settings.update');
  return <RedriveForm key={JSON.stringify(settings.redrive)} settings={settings} update={update} />;
}

function MetricsCard({ settings }: { settings: NodeSettings }) {
  const update = useControlMutation('settings.update');
  return <MetricsForm key={String(settings.metricsPublic)} settings={settings} update={update} />;
}

function BackupsCard({ settings }: { settings: NodeSettings }) {
  const update = useControlMutation('settings.update');
  // A core from before scheduled backups has no such slice: nothing to offer then.
  if ((settings.backups as NodeSettings['backups'] | undefined) === undefined) return null;
  return <BackupsForm key={JSON.stringify(settings.backups)} settings={settings} update={update} />;
}

function LimitsCard({ settings }: { settings: NodeSettings }) {
  const update = useControlMutation('settings.update');
  // A core from before Settings › Limits has no such slice: nothing to offer then.
  if ((settings.limits as NodeSettings['limits'] | undefined) === undefined) return null;
  return <LimitsForm key={JSON.stringify(settings.limits)} settings={settings} update={update} />;
}

/** The first-run setup, again: it takes the Dashboard's place until finished or skipped. */
function RunSetupAgain() {
  const { screenSelected } = useUiActions();
  const client = useQueryClient();
  const reopen = useControlMutation('settings.update', {
    onSuccess: (saved) => {
      // The answer is the settings as saved: the Dashboard shows the setup from it, without waiting for the event.
      client.setQueryData(queryKeys.settings, saved);
      screenSelected('dashboard');
    },
  });
  return (
    <>
      <button type="button" className="link-button" onClick={() => reopen.mutate({ setupDone: false })} disabled={reopen.isPending}>
        Run setup again
      </button>
      <span className="muted small"> (name, port, public URL, an A2A key, a chat invite)</span>
      {reopen.isError ? <ErrorNotice error={reopen.error} action="Could not open the setup" /> : null}
    </>
  );
}

// The node's own cards, placed among the protocols' by order. Each form starts over when what it edits changes
// (its own save, another window, the CLI); its save lives in the card around it, so "Saved" outlasts the form.
const nodeCards: readonly SettingsCard[] = [
  { id: 'node', order: 0, Card: IdentityCard },
  { id: 'wake-hook', order: 20, Card: WakeHookCard },
  { id: 'retry-policy', order: 30, Card: RetryPolicyCard },
  { id: 'redrive', order: 31, Card: RedriveCard },
  { id: 'metrics', order: 35, Card: MetricsCard },
  { id: 'backups', order: 36, Card: BackupsCard },
  { id: 'limits', order: 37, Card: LimitsCard },
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
        <dt>First-run setup</dt>
        <dd>
          <RunSetupAgain />
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
