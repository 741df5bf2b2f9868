import { useState, type FormEvent } from 'react';
import type { ApiKeyInfo } from '@shared/domain/a2a';
import { useApiKeys, useControlMutation } from '../../api/queries';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FieldError, FieldErrorSummary, useFieldErrors } from '../../components/FieldErrors';
import { SecretOnceDialog, type ShownSecret } from '../../components/SecretOnceDialog';

/** Setup › A2A key: a key for the agent that will call this node, shown once (more are made in Keys). */
export function SetupKeyStep() {
  const keys = useApiKeys();
  const [label, setLabel] = useState('my-agent');
  const [shown, setShown] = useState<ShownSecret | null>(null);
  const [made, setMade] = useState<ApiKeyInfo | null>(null);
  const generate = useControlMutation('keys.generate', {
    onSuccess: ({ key, info }) => {
      setMade(info);
      setShown({ label: 'API key', value: key, hint: `For ${info.peerName}: it sends "Authorization: Bearer …" (or "X-A2A-Key: …") with every A2A call to this node.` });
    },
  });
  const errors = useFieldErrors(generate.error, ['label']);
  const existing = (keys.data ?? []).filter((key) => key.id !== made?.id);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    generate.mutate({ label: label.trim() });
  };
  return (
    <div className="form">
      <p>
        Agents calling this node over A2A present a key; each key belongs to a peer, so every request has a known caller. Make one for the agent that
        will call you and give it to its operator. It is shown once: only a hash is kept.
      </p>
      {existing.length > 0 ? (
        <p className="muted small">
          Already made: {existing.map((key) => `${key.label} (${key.hint})`).join(', ')}
          {existing.some((key) => key.label === 'default') ? ' — the “default” key was printed once in the terminal at the first start.' : '.'}
        </p>
      ) : null}
      {made ? (
        <p className="notice" data-testid="setup-key-made">
          Key “{made.label}” made for the peer {made.peerName} ({made.hint}). Make more, or revoke one, in Keys.
        </p>
      ) : (
        <form className="form" onSubmit={submit} aria-label="Generate an API key">
          <FieldErrorSummary errors={errors} action="No key made" />
          <div className="field">
            <label className="field-label" htmlFor="setup-key-label">
              Label (a peer of that name is made for it)
            </label>
            <div className="row">
              <input id="setup-key-label" value={label} onChange={(e) => setLabel(e.target.value)} required maxLength={64} autoComplete="off" {...errors.input('label')} />
              <button type="submit" className="button button-primary" disabled={!label.trim() || generate.isPending}>
                {generate.isPending ? 'Generating…' : 'Generate key'}
              </button>
            </div>
            <FieldError errors={errors} path="label" />
          </div>
          {errors.general ? <ErrorNotice error={errors.general} action="No key made" /> : null}
        </form>
      )}
      {shown ? <SecretOnceDialog title="New API key" secrets={[shown]} onClose={() => setShown(null)} /> : null}
    </div>
  );
}
