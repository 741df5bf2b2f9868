import { useState, type FormEvent } from 'react';
import type { ApiKeyInfo } from '@shared/domain/a2a';
import { useApiKeys, useControlMutation, usePeers } from '../../api/queries';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FieldError, FieldErrorSummary, useFieldErrors } from '../../components/FieldErrors';
import { PeerSelect } from '../../components/PeerSelect';
import { formatTime, timeAgo } from '../../components/chips';
import { useNow } from '../../components/useNow';
import { SecretOnceDialog, type ShownSecret } from '../../components/SecretOnceDialog';

function GenerateKeyForm({ onGenerated }: { onGenerated: (secret: ShownSecret) => void }) {
  const [label, setLabel] = useState('');
  const [peerId, setPeerId] = useState('');
  const peers = usePeers();
  const generate = useControlMutation('keys.generate', {
    onSuccess: ({ key, info }) => {
      setLabel('');
      setPeerId('');
      onGenerated({ label: 'API key', value: key, hint: `For ${info.peerName}: it sends "Authorization: Bearer …" (or "X-A2A-Key: …") with every A2A call.` });
    },
  });
  const errors = useFieldErrors(generate.error, ['label', 'peer']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    generate.mutate({ label, ...(peerId ? { peer: peerId } : {}) });
  };
  return (
    <form className="row" onSubmit={submit} aria-label="Generate an API key">
      <FieldErrorSummary errors={errors} action="No key made" />
      <label className="inline">
        Label <input value={label} onChange={(e) => setLabel(e.target.value)} required maxLength={64} placeholder="partner-agent" aria-label="Key label" {...errors.input('label')} />
      </label>
      <PeerSelect label="For peer" peers={peers.data?.filter((p) => p.protocol === 'a2a')} value={peerId} onChange={setPeerId} allLabel="a new peer named after the label" />
      <button type="submit" className="button button-primary" disabled={!label.trim() || generate.isPending}>
        Generate key
      </button>
      <FieldError errors={errors} path="label" />
      <FieldError errors={errors} path="peer" />
      {errors.general ? <ErrorNotice error={errors.general} action="No key made" /> : null}
    </form>
  );
}

/** Inbound API keys: made here (shown once), listed by label and 4+4 hint, revoked with a confirm. */
export function ApiKeysSection() {
  const keys = useApiKeys();
  const now = useNow();
  const [shown, setShown] = useState<ShownSecret | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyInfo | null>(null);
  const revoke = useControlMutation('keys.revoke', { onSuccess: () => setRevoking(null) });
  const list = keys.data ?? [];
  return (
    <section className="card" aria-labelledby="api-keys-title">
      <h2 id="api-keys-title">Inbound API keys</h2>
      <p className="muted small">
        Agents calling this node over A2A present a key; each key belongs to a peer, so every request has a known caller. Only a hash is kept: a key is
        shown once, when it is made.
      </p>
      <GenerateKeyForm onGenerated={setShown} />
      {keys.isError ? <ErrorNotice error={keys.error} action="Could not load the keys" /> : null}
      {keys.isSuccess && list.length === 0 ? (
        <p className="empty-state">No keys yet, so no agent can call you over A2A. Generate one above and give it to the agent’s operator.</p>
      ) : null}
      {list.length > 0 ? (
        <table className="data-table" aria-label="API keys">
          <thead>
            <tr>
              <th>Label</th>
              <th>Key</th>
              <th>Peer</th>
              <th>Created</th>
              <th>Last used</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((key) => (
              <tr key={key.id} data-testid="api-key-row">
                <td>{key.label}</td>
                <td>
                  <code>{key.hint}</code>
                </td>
                <td>{key.peerName}</td>
                <td title={key.createdAt}>{formatTime(key.createdAt)}</td>
                <td>{timeAgo(key.lastUsedAt, now)}</td>
                <td>
                  <button type="button" className="button button-danger" onClick={() => setRevoking(key)}>
                    Revoke…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {shown ? <SecretOnceDialog title="New API key" secrets={[shown]} onClose={() => setShown(null)} /> : null}
      {revoking ? (
        <ConfirmDialog
          title={`Revoke the key "${revoking.label}"?`}
          consequence={`${revoking.peerName} can no longer call this node with ${revoking.hint}, from this moment. Tasks it started stay as they are.`}
          confirmLabel="Revoke key"
          busy={revoke.isPending}
          onCancel={() => setRevoking(null)}
          onConfirm={() => revoke.mutate({ label: revoking.label })}
        />
      ) : null}
      {revoke.isError ? <ErrorNotice error={revoke.error} action="Could not revoke" /> : null}
    </section>
  );
}
