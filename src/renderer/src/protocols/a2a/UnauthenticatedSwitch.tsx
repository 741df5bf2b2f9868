import { useState } from 'react';
import { useControlMutation, useSettings } from '../../api/queries';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';

/** The explicit, warned-about way to let A2A callers in without a key. */
export function UnauthenticatedSwitch() {
  const settings = useSettings();
  const [confirming, setConfirming] = useState(false);
  const update = useControlMutation('settings.update');
  const allowed = settings.data?.a2a.allowUnauthenticated ?? false;
  return (
    <section className="card" aria-labelledby="unauth-title">
      <h2 id="unauth-title">Calls without a key</h2>
      {allowed ? (
        <p role="alert" className="notice notice-warn">
          Anyone who can reach this node can send A2A requests without a key. Keep this on only behind another layer of authentication (a tailnet, an
          authenticating proxy).
        </p>
      ) : (
        <p className="muted small">A2A callers must present an API key (secure by default).</p>
      )}
      <label className="check">
        <input
          type="checkbox"
          checked={allowed}
          disabled={!settings.data || update.isPending}
          onChange={(event) => (event.target.checked ? setConfirming(true) : update.mutate({ a2a: { allowUnauthenticated: false } }))}
        />
        Allow unauthenticated A2A calls
      </label>
      {confirming ? (
        <ConfirmDialog
          title="Accept A2A calls without a key?"
          consequence="Anyone who can reach this node's public port can then send it requests, and they land in your Approvals inbox as an anonymous caller. A wrong key is still refused."
          confirmLabel="Allow without a key"
          busy={update.isPending}
          onCancel={() => setConfirming(false)}
          onConfirm={() => update.mutate({ a2a: { allowUnauthenticated: true } }, { onSettled: () => setConfirming(false) })}
        />
      ) : null}
      {update.isError ? <ErrorNotice error={update.error} action="Not changed" /> : null}
    </section>
  );
}
