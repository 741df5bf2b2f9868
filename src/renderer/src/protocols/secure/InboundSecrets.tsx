import { useState } from 'react';
import type { Peer } from '@shared/domain/peer';
import { useControlMutation } from '../../api/queries';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SecretOnceDialog, type ShownSecret } from '../../components/SecretOnceDialog';
import { formatTime } from '../../components/chips';

const graceChoices = [
  { seconds: 0, label: 'now' },
  { seconds: 3600, label: 'in 1 hour' },
  { seconds: 86_400, label: 'in 24 hours' },
  { seconds: 7 * 86_400, label: 'in 7 days' },
];

/** Inbound secrets: only hints are ever shown; a rotation shows the new secret once. */
export function InboundSecrets({ peer }: { peer: Peer }) {
  const [grace, setGrace] = useState(86_400);
  const [shown, setShown] = useState<ShownSecret[] | null>(null);
  const [revoking, setRevoking] = useState<number | null>(null);
  const rotate = useControlMutation('peers.rotateInboundSecret', {
    onSuccess: ({ inboundSecret }) => setShown([{ label: 'New inbound secret', value: inboundSecret, hint: `Give this to ${peer.name}.` }]),
  });
  const revoke = useControlMutation('peers.revokeInboundSecret', { onSuccess: () => setRevoking(null) });
  return (
    <section className="credential" aria-label="Inbound secrets">
      <h3>Inbound secrets</h3>
      <p className="muted small">What {peer.name} presents to you. Stored only as a digest; shown once when made.</p>
      {peer.inboundSecrets.length === 0 ? <p className="notice">None yet: {peer.name} cannot send to you until it has one.</p> : null}
      <ul className="plain-list">
        {peer.inboundSecrets.map((secret) => (
          <li key={secret.id}>
            <code>{secret.hint}</code> <span className="muted small">made {formatTime(secret.createdAt)}</span>{' '}
            {secret.expiresAt ? <span className="chip chip-warn">stops working {formatTime(secret.expiresAt)}</span> : <span className="chip chip-ok">current</span>}{' '}
            <button type="button" className="link-button" onClick={() => setRevoking(secret.id)}>
              Revoke
            </button>
          </li>
        ))}
      </ul>
      <div className="row">
        <button type="button" className="button" onClick={() => rotate.mutate({ peer: peer.id, graceSeconds: grace })} disabled={rotate.isPending}>
          {peer.inboundSecrets.length ? 'Rotate' : 'Generate'}
        </button>
        {peer.inboundSecrets.length ? (
          <label className="inline">
            old secret stops working{' '}
            <select value={grace} onChange={(e) => setGrace(Number(e.target.value))}>
              {graceChoices.map((choice) => (
                <option key={choice.seconds} value={choice.seconds}>
                  {choice.label}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      {rotate.isError ? <ErrorNotice error={rotate.error} action="Could not rotate the secret" /> : null}
      {shown ? <SecretOnceDialog title={`Inbound secret for ${peer.name}`} secrets={shown} onClose={() => setShown(null)} /> : null}
      {revoking !== null ? (
        <ConfirmDialog
          title="Revoke this inbound secret?"
          consequence={`${peer.name} can no longer authenticate with it, starting now.`}
          confirmLabel="Revoke"
          busy={revoke.isPending}
          onCancel={() => setRevoking(null)}
          onConfirm={() => revoke.mutate({ peer: peer.id, secretId: revoking })}
        />
      ) : null}
    </section>
  );
}
