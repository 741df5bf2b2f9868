import { useState } from 'react';
import type { NodeSettings } from '@shared/domain/node';
import { useControlMutation } from '../../api/queries';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';

/** The seed's one secret for everyone: set, replaced or cleared (never shown). */
export function LegacySecretForm({ settings }: { settings: NodeSettings }) {
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
