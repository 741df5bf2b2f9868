import { useState, type FormEvent } from 'react';
import type { ChatInvite } from '@shared/domain/chat';
import { useControlMutation, useInvites } from '../../api/queries';
import { CopyButton } from '../../components/CopyButton';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FieldError, FieldErrorSummary, useFieldErrors } from '../../components/FieldErrors';
import { formatTime } from '../../components/chips';
import { SecretOnceDialog, type HandedOutFact } from '../../components/SecretOnceDialog';
import { useChatAddress } from './useChatAddress';

const expiryChoices = [
  { seconds: 0, label: 'never' },
  { seconds: 3600, label: 'in 1 hour' },
  { seconds: 86_400, label: 'in 24 hours' },
  { seconds: 7 * 86_400, label: 'in 7 days' },
  { seconds: 30 * 86_400, label: 'in 30 days' },
];

const stateTone: Record<ChatInvite['state'], string> = { active: 'chip-ok', expired: 'chip-neutral', used: 'chip-neutral', revoked: 'chip-bad' };

/** The dialog that shows a just-published invite token once, with the agent id and the server URL to hand out with it. */
export function InviteDialog({ token, onClose }: { token: string; onClose: () => void }) {
  const { agentId, serverUrl, isPublic } = useChatAddress();
  const where = isPublic ? '' : ' The server URL is where this node listens; set a public URL in Settings if they are not on this network.';
  const handOut: HandedOutFact[] = [...(agentId ? [{ label: 'Agent id', value: agentId }] : []), ...(serverUrl ? [{ label: 'Server URL', value: serverUrl }] : [])];
  return (
    <SecretOnceDialog
      title="Invite published"
      secrets={[
        {
          label: 'Invite token',
          value: token,
          hint: `Give it, with your agent id and the server URL below, to whoever should be able to ask you for a chat. Every request still waits for your approval.${where}`,
        },
      ]}
      handOut={handOut}
      onClose={onClose}
    />
  );
}

function PublishInviteForm({ onPublished }: { onPublished: (token: string) => void }) {
  const [token, setToken] = useState('');
  const [expires, setExpires] = useState(0);
  const [maxUses, setMaxUses] = useState('');
  const publish = useControlMutation('invites.publish', {
    onSuccess: (result) => {
      setToken('');
      setMaxUses('');
      onPublished(result.token);
    },
  });
  const errors = useFieldErrors(publish.error, ['token', 'expiresInSeconds', 'maxUses']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    publish.mutate({ ...(token.trim() ? { token: token.trim() } : {}), ...(expires ? { expiresInSeconds: expires } : {}), ...(maxUses ? { maxUses: Number(maxUses) } : {}) });
  };
  return (
    <form className="form" onSubmit={submit} aria-label="Publish an invite">
      <FieldErrorSummary errors={errors} action="Not published" />
      <div className="row">
        <input value={token} onChange={(e) => setToken(e.target.value)} placeholder="token (empty: generate one)" aria-label="Invite token" autoComplete="off" {...errors.input('token')} />
        <label className="inline">
          expires{' '}
          <select value={expires} onChange={(e) => setExpires(Number(e.target.value))} aria-label="Invite expiry">
            {expiryChoices.map((choice) => (
              <option key={choice.seconds} value={choice.seconds}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          uses <input type="number" min={1} value={maxUses} onChange={(e) => setMaxUses(e.target.value)} placeholder="any" aria-label="Maximum uses" {...errors.input('maxUses')} />
        </label>
        <button type="submit" className="button button-primary" disabled={publish.isPending}>
          {publish.isPending ? 'Publishing…' : 'Publish invite'}
        </button>
      </div>
      <FieldError errors={errors} path="token" />
      <FieldError errors={errors} path="expiresInSeconds" />
      <FieldError errors={errors} path="maxUses" />
      {errors.general ? <ErrorNotice error={errors.general} action="Not published" /> : null}
    </form>
  );
}

/** Invite tokens for this node's chat agent: published here, listed by hint, revoked with a confirm. */
export function InvitesSection() {
  const invites = useInvites();
  const { agentId, serverUrl } = useChatAddress();
  const [shown, setShown] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ChatInvite | null>(null);
  const revoke = useControlMutation('invites.revoke', { onSuccess: () => setRevoking(null) });
  const list = invites.data ?? [];
  return (
    <section className="card" aria-labelledby="invites-title">
      <h2 id="invites-title">Chat invites</h2>
      <p className="muted small">
        Agents ask for a chat with <code>{agentId ?? '…'}</code> on this node by presenting an invite; you approve each request in Approvals. Only a
        hash of each token is kept.
      </p>
      {serverUrl ? (
        <p className="small">
          Server URL to hand out: <code>{serverUrl}</code> <CopyButton value={serverUrl} label="server URL" />
        </p>
      ) : null}
      <PublishInviteForm onPublished={setShown} />
      {invites.isError ? <ErrorNotice error={invites.error} action="Could not load invites" /> : null}
      {invites.isSuccess && list.length === 0 ? <p className="empty-state">No invites yet: nobody can ask you for a chat. Publish one above.</p> : null}
      {list.length > 0 ? (
        <table className="data-table" aria-label="Invites">
          <thead>
            <tr>
              <th>Token</th>
              <th>State</th>
              <th>Uses</th>
              <th>Expires</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((invite) => (
              <tr key={invite.id} data-testid="invite-row">
                <td>
                  <code>{invite.hint}</code>
                </td>
                <td>
                  <span className={`chip ${stateTone[invite.state]}`}>{invite.state}</span>
                </td>
                <td>
                  {invite.uses}
                  {invite.maxUses !== null ? ` of ${invite.maxUses}` : ''}
                </td>
                <td>{invite.expiresAt ? formatTime(invite.expiresAt) : 'never'}</td>
                <td>
                  {invite.state !== 'revoked' ? (
                    <button type="button" className="button button-danger" onClick={() => setRevoking(invite)}>
                      Revoke…
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {shown ? <InviteDialog token={shown} onClose={() => setShown(null)} /> : null}
      {revoking ? (
        <ConfirmDialog
          title={`Revoke the invite ${revoking.hint}?`}
          consequence="New handshake requests with it are refused from now on. Sessions already approved stay open."
          confirmLabel="Revoke invite"
          busy={revoke.isPending}
          onCancel={() => setRevoking(null)}
          onConfirm={() => revoke.mutate({ id: revoking.id })}
        />
      ) : null}
      {revoke.isError ? <ErrorNotice error={revoke.error} action="Could not revoke" /> : null}
    </section>
  );
}
