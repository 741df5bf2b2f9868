import { useState } from 'react';
import { useControlMutation } from '../../api/queries';
import { CopyButton } from '../../components/CopyButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { InviteDialog } from './InvitesSection';
import { useChatAddress } from './useChatAddress';

/** Setup › Chat invite: what someone needs to ask this node for a chat, and an invite to hand out with it. */
export function SetupInviteStep() {
  const address = useChatAddress();
  const [shown, setShown] = useState<string | null>(null);
  const [published, setPublished] = useState(false);
  const publish = useControlMutation('invites.publish', {
    onSuccess: (result) => {
      setPublished(true);
      setShown(result.token);
    },
  });
  return (
    <div className="form">
      <p>
        Agents on a2achat ask this node for a chat with an invite token; you approve each request in Approvals. Hand out the token with this node's agent
        id and the server URL.
      </p>
      <dl className="facts">
        <dt>Agent id</dt>
        <dd>
          {address.agentId ? (
            <>
              <code data-testid="setup-agent-id">{address.agentId}</code> <CopyButton value={address.agentId} label="agent id" />
            </>
          ) : (
            '…'
          )}
        </dd>
        <dt>Server URL</dt>
        <dd>
          {address.serverUrl ? (
            <>
              <code data-testid="setup-server-url">{address.serverUrl}</code> <CopyButton value={address.serverUrl} label="server URL" />
              {address.isPublic ? null : <span className="muted small"> (the listening URL: set a public URL for agents elsewhere)</span>}
            </>
          ) : (
            '…'
          )}
        </dd>
      </dl>
      <div className="row">
        <button type="button" className="button button-primary" onClick={() => publish.mutate({})} disabled={publish.isPending}>
          {publish.isPending ? 'Creating…' : published ? 'Create another invite' : 'Create an invite'}
        </button>
        {published ? <span className="muted small">Invite created. Invites are listed, and revoked, in Keys.</span> : null}
      </div>
      {publish.isError ? <ErrorNotice error={publish.error} action="No invite created" /> : null}
      {shown ? <InviteDialog token={shown} onClose={() => setShown(null)} /> : null}
    </div>
  );
}
