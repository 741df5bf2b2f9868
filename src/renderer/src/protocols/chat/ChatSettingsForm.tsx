import { useState } from 'react';
import type { NodeSettings } from '@shared/domain/node';
import { useControlMutation } from '../../api/queries';
import { FormActions } from '../../components/FormActions';

/** Settings › Chat: this node's agent id, whether it hosts chats, and how long requests and tokens last. */
function ChatForm({ settings }: { settings: NodeSettings }) {
  const chat = settings.chat;
  const [agentId, setAgentId] = useState(chat.agentId);
  const [hosting, setHosting] = useState(chat.hosting);
  const [handshakeMinutes, setHandshakeMinutes] = useState(String(chat.handshakeMinutes));
  const [sessionMinutes, setSessionMinutes] = useState(String(chat.sessionMinutes));
  const update = useControlMutation('settings.update');
  return (
    <form
      className="form card"
      aria-label="Chat"
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate({ chat: { agentId: agentId.trim(), hosting, handshakeMinutes: Number(handshakeMinutes), sessionMinutes: Number(sessionMinutes) } });
      }}
    >
      <h2>Chat (a2achat)</h2>
      <label className="field">
        <span className="field-label">This node's agent id</span>
        <input value={agentId} onChange={(e) => setAgentId(e.target.value)} required maxLength={128} aria-describedby="agent-id-note" />
        <span id="agent-id-note" className="muted small">
          What others put as <code>inviter_agent_id</code> to ask you for a chat, and the id this node uses on other servers.
        </span>
      </label>
      <label className="check">
        <input type="checkbox" checked={hosting} onChange={(e) => setHosting(e.target.checked)} /> Host chats: agents may join this node and request handshakes (each waits for you)
      </label>
      <div className="row">
        <label className="inline">
          requests expire after (min) <input type="number" min={1} max={1440} value={handshakeMinutes} onChange={(e) => setHandshakeMinutes(e.target.value)} aria-label="Handshake expiry in minutes" />
        </label>
        <label className="inline">
          session tokens last (min) <input type="number" min={2} max={1440} value={sessionMinutes} onChange={(e) => setSessionMinutes(e.target.value)} aria-label="Session token lifetime in minutes" />
        </label>
      </div>
      <FormActions mutation={update} failure="Could not save the chat settings" />
    </form>
  );
}

/** Starts over whenever the node's chat settings change, so the form shows what is saved. */
export function ChatSettingsCard({ settings }: { settings: NodeSettings }) {
  return <ChatForm key={JSON.stringify(settings.chat)} settings={settings} />;
}
