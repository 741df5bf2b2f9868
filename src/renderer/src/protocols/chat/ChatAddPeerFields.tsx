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
export function ChatAddPeerFields({ onChange }: { onChange: (fields: PeerFields) => void }) {
  const [draft, change] = usePartDraft(initialDraft, peerFields, onChange);
  return (
    <>
      <label className="field">
        <span className="field-label">Their agent id</span>
        <input value={draft.remoteAgentId} onChange={(e) => change({ remoteAgentId: e.target.value })} required placeholder="alice-agent" autoComplete="off" />
      </label>
      <label className="field">
        <span className="field-label">Their invite token</span>
        <input value={draft.inviteToken} onChange={(e) => change({ inviteToken: e.target.value })} required autoComplete="off" />
      </label>
      <label className="field">
        <span className="field-label">Your agent id there (optional)</span>
        <input value={draft.myAgentId} onChange={(e) => change({ myAgentId: e.target.value })} placeholder="this node's chat agent id" autoComplete="off" />
      </label>
    </>
  );
}
