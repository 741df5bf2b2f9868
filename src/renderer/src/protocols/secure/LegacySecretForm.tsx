import { useState } from 'react';
import type { NodeSettings } from '@shared/domain/node';
import { useControlMutation } from '../../api/queries';
import { ConfirmDialog } from '../../components/Dialog';
import { Field, FieldErrorSummary, useFieldErrors } from '../../components/FieldErrors';
import { FormActions } from '../../components/FormActions';

/** The seed's one secret for everyone: set, replaced or cleared (never shown). */
export function LegacySecretForm({ settings }: { settings: NodeSettings }) {
  const [secret, setSecret] = useState('');
  const [clearing, setClearing] = useState(false);
  const update = useControlMutation('settings.update', { onSuccess: () => setSecret('') });
  const errors = useFieldErrors(update.error, ['legacySecret']);
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
      <FieldErrorSummary errors={errors} action="Could not save the secret" />
      <p className="muted small">
        For peers set up the seed's way, with one secret for everyone. A message carrying it is accepted and attributed to the peer it names — the
        name is only claimed. Prefer a secret per peer.
      </p>
      <p>{settings.legacySecretSet ? <span className="chip chip-warn">set — seed-style senders accepted</span> : <span className="chip chip-neutral">not set</span>}</p>
      <Field label={settings.legacySecretSet ? 'Replace it with' : 'Shared secret'} path="legacySecret" errors={errors}>
        {(input) => <input {...input} type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="new-password" placeholder="8 or more characters, no spaces" />}
      </Field>
      <FormActions label="Set" busyLabel="Setting…" mutation={update} disabled={!secret} failure="Could not save the secret" errors={errors}>
        {settings.legacySecretSet ? (
          <button type="button" className="button" onClick={() => setClearing(true)}>
            Clear…
          </button>
        ) : null}
      </FormActions>
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
