import { useEffect, useRef, useState, type ComponentType, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { NodeSettings } from '@shared/domain/node';
import { useControlMutation, useNodeStatus, useProtocols, useSettings } from '../../api/queries';
import { queryKeys } from '../../api/query-keys';
import { CopyButton } from '../../components/CopyButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field, FieldErrorSummary, useFieldErrors } from '../../components/FieldErrors';
import { protocolUi } from '../../protocols/registry';

type SettingsSave = ReturnType<typeof useControlMutation<'settings.update'>>;

/** The form a node step submits with the setup's Next button. */
const STEP_FORM = 'setup-step-form';

interface NodeStepProps {
  settings: NodeSettings;
  save: SettingsSave;
  /** Saved (or nothing to save): on to the next step. */
  next: () => void;
}

interface SetupStep {
  id: string;
  title: string;
  /** A step of the node's own saves its field when Next is pressed; a protocol's step offers its own actions. */
  NodeStep?: ComponentType<NodeStepProps>;
  Step?: ComponentType<{ settings: NodeSettings }>;
}

function NameStep({ settings, save, next }: NodeStepProps) {
  const [name, setName] = useState(settings.name);
  const errors = useFieldErrors(save.error, ['name']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === settings.name) next();
    else save.mutate({ name: name.trim() }, { onSuccess: next });
  };
  return (
    <form id={STEP_FORM} className="form" onSubmit={submit}>
      <FieldErrorSummary errors={errors} action="Could not save the name" />
      <p>What peers see: on this node's cards and beside its messages.</p>
      <Field
        label="Node name"
        path="name"
        errors={errors}
        note={
          <>
            Renaming later is fine: the chat agent id (<code>{settings.chat.agentId}</code>) stays as it is, so invites you hand out keep working.
          </>
        }
      >
        {(input) => <input {...input} value={name} onChange={(e) => setName(e.target.value)} required maxLength={64} autoComplete="off" />}
      </Field>
      {errors.general ? <ErrorNotice error={errors.general} action="Could not save the name" /> : null}
    </form>
  );
}

function PortStep({ settings, save, next }: NodeStepProps) {
  const listening = useNodeStatus().data;
  const [port, setPort] = useState(String(settings.port ?? listening?.port ?? ''));
  const errors = useFieldErrors(save.error, ['port']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const wanted = Number(port);
    if (port.trim() === '' || wanted === settings.port) next();
    else save.mutate({ port: wanted }, { onSuccess: next });
  };
  return (
    <form id={STEP_FORM} className="form" onSubmit={submit}>
      <FieldErrorSummary errors={errors} action="Could not save the port" />
      <p>The port peers connect to (the public listener; the console has its own).</p>
      <Field
        label="Port"
        path="port"
        errors={errors}
        note={
          <>
            {listening ? `Listening on ${listening.port} now. ` : ''}A new port takes effect at the next start of the node — restart it to move. A <code>--port</code> flag
            overrides it for one run.
          </>
        }
      >
        {(input) => <input {...input} type="number" min={1} max={65535} value={port} onChange={(e) => setPort(e.target.value)} className="port-input" />}
      </Field>
      {errors.general ? <ErrorNotice error={errors.general} action="Could not save the port" /> : null}
    </form>
  );
}

function PublicUrlStep({ settings, save, next }: NodeStepProps) {
  const status = useNodeStatus().data;
  const [publicUrl, setPublicUrl] = useState(settings.publicUrl ?? '');
  const errors = useFieldErrors(save.error, ['publicUrl']);
  // What reaches the node now; a new port (step 2) applies from the next start, and so do these then.
  const port = status?.port ?? settings.port;
  const later = settings.port !== undefined && status !== undefined && settings.port !== status.port ? settings.port : null;
  const local = status?.listeningUrl ?? `http://127.0.0.1:${port}`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const wanted = publicUrl.trim() ? publicUrl.trim() : null;
    if (wanted === settings.publicUrl) next();
    else save.mutate({ publicUrl: wanted }, { onSuccess: next });
  };
  const command = (text: string, label: string) => (
    <>
      <code>{text}</code> <CopyButton value={text} label={label} />
    </>
  );
  return (
    <form id={STEP_FORM} className="form" onSubmit={submit}>
      <FieldErrorSummary errors={errors} action="Could not save the public URL" />
      <p>
        This node listens at <code data-testid="setup-listening-url">{local}</code> <CopyButton value={local} label="listening URL" />
        {status ? <span className="muted"> (bound to {status.bindHost}:{status.port})</span> : null}. Peers elsewhere need a URL that reaches it; it goes into
        this node's cards and the links it hands out.
        {later !== null ? <span className="muted"> From the next start it listens on {later}: use that port below then.</span> : null}
      </p>
      <ul className="expose-ways">
        <li>
          <strong>Forward a port</strong> on your router: TCP {port} to this machine. The URL is then <code>http://&lt;your public IP&gt;:{port}</code> (put
          https in front of it if you can).
        </li>
        <li>
          <strong>A tunnel</strong> gives an https URL without opening a port: {command(`cloudflared tunnel --url ${local}`, 'cloudflared command')} or{' '}
          {command(`ngrok http ${port}`, 'ngrok command')}; paste the URL it prints.
        </li>
        <li>
          <strong>A tailnet</strong> such as Tailscale: {command(`tailscale serve ${port}`, 'tailscale serve command')} gives your tailnet{' '}
          <code>https://&lt;machine&gt;.&lt;tailnet&gt;.ts.net</code>; {command(`tailscale funnel ${port}`, 'tailscale funnel command')} opens it to the internet.
        </li>
      </ul>
      <Field label="Public URL" path="publicUrl" errors={errors} note="Leave it empty while only this machine or your network reaches the node; set it later in Settings.">
        {(input) => <input {...input} value={publicUrl} onChange={(e) => setPublicUrl(e.target.value)} placeholder="https://switchboard.example.net" autoComplete="off" />}
      </Field>
      {errors.general ? <ErrorNotice error={errors.general} action="Could not save the public URL" /> : null}
    </form>
  );
}

const nodeSteps: readonly SetupStep[] = [
  { id: 'name', title: 'Name', NodeStep: NameStep },
  { id: 'port', title: 'Port', NodeStep: PortStep },
  { id: 'public-url', title: 'Public URL', NodeStep: PublicUrlStep },
];

/**
 * The first run: name the node, confirm its port and public URL (with how to expose it), then what its protocols
 * offer (an A2A key shown once, a chat invite). It stands in for the Dashboard, not in front of everything: the
 * sidebar stays, "Skip for now" is always there, and Settings opens it again.
 */
export function SetupScreen({ settings }: { settings: NodeSettings }) {
  const client = useQueryClient();
  const protocols = useProtocols();
  const steps: SetupStep[] = [
    ...nodeSteps,
    ...protocols
      .flatMap((protocol) => (protocolUi(protocol.id).setupSteps ?? []).map((step) => ({ ...step, id: `${protocol.id}.${step.id}` })))
      .sort((a, b) => a.order - b.order),
  ];
  const [index, setIndex] = useState(0);
  const save = useControlMutation('settings.update', { onSuccess: (saved) => client.setQueryData(queryKeys.settings, saved) });
  const done = useControlMutation('settings.update', { onSuccess: (saved) => client.setQueryData(queryKeys.settings, saved) });
  const heading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  useEffect(() => {
    // A new step takes focus at its heading (not on arrival: the sidebar keeps it then).
    if (moved.current) heading.current?.focus();
  }, [index]);

  const step = steps[Math.min(index, steps.length - 1)]!;
  const last = index >= steps.length - 1;
  const go = (to: number) => {
    moved.current = true;
    save.reset();
    setIndex(to);
  };
  const finish = () => done.mutate({ setupDone: true });
  const next = () => (last ? finish() : go(index + 1));

  return (
    <section className="screen setup-screen" aria-labelledby="setup-title">
      <header className="screen-header row">
        <h1 id="setup-title">Set up this node</h1>
        <span className="spacer" />
        <button type="button" className="link-button" onClick={finish} disabled={done.isPending}>
          Skip for now
        </button>
      </header>
      <p className="muted setup-intro">A few steps to be reachable and recognisable. Everything here can be changed later in Settings and Keys.</p>
      {done.isError ? <ErrorNotice error={done.error} action="Could not leave the setup" /> : null}
      <div className="setup-layout">
        <ol className="setup-steps" aria-label="Setup steps">
          {steps.map((item, position) => (
            <li key={item.id}>
              <button type="button" className="setup-step-link" aria-current={position === index ? 'step' : undefined} onClick={() => go(position)}>
                <span className="setup-step-number" aria-hidden="true">
                  {position + 1}
                </span>
                {item.title}
              </button>
            </li>
          ))}
        </ol>
        <div className="card setup-step" aria-labelledby="setup-step-title">
          <h2 id="setup-step-title" className="setup-step-title" ref={heading} tabIndex={-1}>
            <span className="muted">
              Step {index + 1} of {steps.length}:
            </span>{' '}
            {step.title}
          </h2>
          {step.NodeStep ? <step.NodeStep key={step.id} settings={settings} save={save} next={next} /> : step.Step ? <step.Step key={step.id} settings={settings} /> : null}
          <div className="row setup-nav">
            {index > 0 ? (
              <button type="button" className="button" onClick={() => go(index - 1)}>
                Back
              </button>
            ) : null}
            <span className="spacer" />
            {step.NodeStep ? (
              <button type="submit" form={STEP_FORM} className="button button-primary" disabled={save.isPending || done.isPending}>
                {save.isPending ? 'Saving…' : last ? 'Save and finish' : 'Save and continue'}
              </button>
            ) : (
              <button type="button" className="button button-primary" onClick={next} disabled={done.isPending}>
                {last ? 'Finish' : 'Next'}
              </button>
            )}
          </div>
        </div>
      </div>
    </section>
  );
}

/** The settings while the first-run setup stands in for the Dashboard (neither finished nor skipped); else null. */
export function useFirstRunSettings(): NodeSettings | null {
  const settings = useSettings().data;
  // `=== false`: a node from before the setup existed does not say, and is set up already.
  return settings?.setupDone === false ? settings : null;
}
