import { Field, type FormErrors } from '../../components/FieldErrors';
import { usePartDraft } from '../shared/usePartDraft';
import type { PeerFields } from '../types';

interface Draft {
  remoteAgentId: string;
  inviteToken: string;
  myAgentId: string;
}

function peerFields({ remoteAgentId, inviteToken, myAgentId }: Draft): PeerFields {
  return { chat: { remoteAgentId, inviteToken, ...(myAgentId.trim() ? { myAgentId: myAgentId.trim() } : {}) } };
}

const initialDraft: Draft = { remoteAgentId: '', inviteToken: '', myAgentId: '' };
export const initialChatPeerFields = peerFields(initialDraft);

/** Whom to ask for a handshake on the chat server, with the invite they gave. */
export function ChatAddPeerFields({ onChange, errors }: { onChange: (fields: PeerFields) => void; errors?: FormErrors }) {
  const [draft, change] = usePartDraft(initialDraft, peerFields, onChange);
  return (
    <>
      <Field label="Their agent id" path="chat.remoteAgentId" errors={errors}>
        {(input) => <input {...input} value={draft.remoteAgentId} onChange={(e) => change({ remoteAgentId: e.target.value })} required placeholder="alice-agent" autoComplete="off" />}
      </Field>
      <Field label="Their invite token" path="chat.inviteToken" errors={errors}>
        {(input) => <input {...input} value={draft.inviteToken} onChange={(e) => change({ inviteToken: e.target.value })} required autoComplete="off" />}
      </Field>
      <Field label="Your agent id there (optional)" path="chat.myAgentId" errors={errors}>
        {(input) => <input {...input} value={draft.myAgentId} onChange={(e) => change({ myAgentId: e.target.value })} placeholder="this node's chat agent id" autoComplete="off" />}
      </Field>
    </>
  );
}
