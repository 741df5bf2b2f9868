import { useState, type FormEvent } from 'react';
import type { ChatLinkInfo } from '@shared/domain/chat';
import type { Peer } from '@shared/domain/peer';
import { useControlMutation } from '../../api/queries';
import { Field, FieldErrorSummary, useFieldErrors } from '../../components/FieldErrors';
import { FormActions } from '../../components/FormActions';

type PeerUpdate = ReturnType<typeof useControlMutation<'peers.update'>>;

function IdentityFields({ peer, link, update }: { peer: Peer; link: ChatLinkInfo; update: PeerUpdate }) {
  const [remoteAgentId, setRemoteAgentId] = useState(link.remoteAgentId);
  const [myAgentId, setMyAgentId] = useState(link.myAgentId);
  const [inviteToken, setInviteToken] = useState('');
  const errors = useFieldErrors(update.error, ['chat.remoteAgentId', 'chat.myAgentId', 'chat.inviteToken']);
  const changes = {
    ...(remoteAgentId.trim() !== link.remoteAgentId ? { remoteAgentId: remoteAgentId.trim() } : {}),
    ...(myAgentId.trim() !== link.myAgentId ? { myAgentId: myAgentId.trim() } : {}),
    ...(inviteToken.trim() ? { inviteToken: inviteToken.trim() } : {}),
  };
  const dirty = Object.keys(changes).length > 0;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (dirty) update.mutate({ peer: peer.id, chat: changes });
  };
  return (
    <form className="form" onSubmit={submit} aria-label="Agent ids">
      <FieldErrorSummary errors={errors} action="Could not save the agent ids" />
      <Field label="Their agent id" path="chat.remoteAgentId" errors={errors}>
        {(input) => <input {...input} className="mono" value={remoteAgentId} onChange={(e) => setRemoteAgentId(e.target.value)} required maxLength={128} autoComplete="off" />}
      </Field>
      <Field label="Your agent id on their server" path="chat.myAgentId" errors={errors}>
        {(input) => <input {...input} className="mono" value={myAgentId} onChange={(e) => setMyAgentId(e.target.value)} required maxLength={128} autoComplete="off" />}
      </Field>
      <Field
        label="New invite token (if they gave you one)"
        path="chat.inviteToken"
        errors={errors}
        note={`Saving a change asks ${link.remoteAgentId} for a new handshake: the current session names the old ids.`}
      >
        {(input) => <input {...input} value={inviteToken} onChange={(e) => setInviteToken(e.target.value)} autoComplete="off" placeholder="keep the current one" />}
      </Field>
      <FormActions mutation={update} disabled={!dirty} saved={update.isSuccess && !dirty} failure="Could not save the agent ids" errors={errors} />
    </form>
  );
}

/** The agent ids of a link to another chat server, editable: theirs, and the one this node uses there. */
export function ChatIdentityForm({ peer, link }: { peer: Peer; link: ChatLinkInfo }) {
  // Outlives the fields, which start over with the ids as saved.
  const update = useControlMutation('peers.update');
  return <IdentityFields key={`${link.remoteAgentId}\n${link.myAgentId}`} peer={peer} link={link} update={update} />;
}
