import { useState, type FormEvent } from 'react';
import type { NodeSettings } from '@shared/domain/node';
import { useControlMutation } from '../../api/queries';
import { ConfirmDialog } from '../../components/Dialog';
import { Field, FieldError, FieldErrorSummary, useFieldErrors } from '../../components/FieldErrors';
import { FormActions } from '../../components/FormActions';

type SettingsUpdate = ReturnType<typeof useControlMutation<'settings.update'>>;

/**
 * This node's chat agent id, on its own: fixed at the first start (it no longer follows the node's name), and
 * changed only after a warning, because every invite handed out names it.
 */
function AgentIdForm({ agentId, update }: { agentId: string; update: SettingsUpdate }) {
  const [draft, setDraft] = useState(agentId);
  const [confirming, setConfirming] = useState(false);
  const errors = useFieldErrors(update.error, ['chat.agentId']);
  const next = draft.trim();
  const save = () => {
    setConfirming(false);
    update.mutate({ chat: { agentId: next } });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (next !== agentId) setConfirming(true);
  };
  return (
    <form className="form" onSubmit={submit} aria-label="Chat agent id">
      <FieldErrorSummary errors={errors} action="Could not change the agent id" />
      <Field
        label="This node's agent id"
        path="chat.agentId"
        errors={errors}
        note={
          <>
            What others put as <code>inviter_agent_id</code> to ask you for a chat, and the id this node uses on other servers. It stays as it is when you
            rename the node.
          </>
        }
      >
        {(input) => <input {...input} className="mono" value={draft} onChange={(e) => setDraft(e.target.value)} required maxLength={128} autoComplete="off" />}
      </Field>
      <FormActions label="Change agent id…" busyLabel="Changing…" mutation={update} disabled={next === agentId || !next} saved={update.isSuccess && next === agentId} failure="Could not change the agent id" errors={errors} />
      {confirming ? (
        <ConfirmDialog
          title="Change the chat agent id?"
          consequence={
            <>
              Invites you handed out name <code>{agentId}</code>; requesters using it will get 404 until they get a new invite. From now on this node is{' '}
              <code>{next}</code>.
            </>
          }
          confirmLabel="Change agent id"
          onCancel={() => setConfirming(false)}
          onConfirm={save}
        />
      ) : null}
    </form>
  );
}

/** Whether this node hosts chats, and how long requests and tokens last. */
function ChatForm({ settings, update }: { settings: NodeSettings; update: SettingsUpdate }) {
  const chat = settings.chat;
  const [hosting, setHosting] = useState(chat.hosting);
  const [handshakeMinutes, setHandshakeMinutes] = useState(String(chat.handshakeMinutes));
  const [sessionMinutes, setSessionMinutes] = useState(String(chat.sessionMinutes));
  const errors = useFieldErrors(update.error, ['chat.hosting', 'chat.handshakeMinutes', 'chat.sessionMinutes']);
  return (
    <form
      className="form"
      aria-label="Chat"
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate({ chat: { hosting, handshakeMinutes: Number(handshakeMinutes), sessionMinutes: Number(sessionMinutes) } });
      }}
    >
      <FieldErrorSummary errors={errors} action="Could not save the chat settings" />
      <label className="check">
        <input type="checkbox" checked={hosting} onChange={(e) => setHosting(e.target.checked)} {...errors.input('chat.hosting')} /> Host chats: agents may join this node and request
        handshakes (each waits for you)
      </label>
      <FieldError errors={errors} path="chat.hosting" />
      <div className="row">
        <label className="inline">
          requests expire after (min){' '}
          <input type="number" min={1} max={1440} value={handshakeMinutes} onChange={(e) => setHandshakeMinutes(e.target.value)} aria-label="Handshake expiry in minutes" {...errors.input('chat.handshakeMinutes')} />
        </label>
        <label className="inline">
          session tokens last (min){' '}
          <input type="number" min={2} max={1440} value={sessionMinutes} onChange={(e) => setSessionMinutes(e.target.value)} aria-label="Session token lifetime in minutes" {...errors.input('chat.sessionMinutes')} />
        </label>
      </div>
      <FieldError errors={errors} path="chat.handshakeMinutes" />
      <FieldError errors={errors} path="chat.sessionMinutes" />
      <FormActions mutation={update} failure="Could not save the chat settings" errors={errors} />
    </form>
  );
}

/**
 * Settings › Chat. Each form starts over whenever what it edits changes, so it shows what is saved; the saves
 * outlive them, so "Saved" stays beside the button.
 */
export function ChatSettingsCard({ settings }: { settings: NodeSettings }) {
  const agentIdUpdate = useControlMutation('settings.update');
  const update = useControlMutation('settings.update');
  const { agentId, ...rest } = settings.chat;
  return (
    <div className="card" aria-label="Chat settings">
      <h2>Chat (a2achat)</h2>
      <AgentIdForm key={agentId} agentId={agentId} update={agentIdUpdate} />
      <hr className="card-rule" />
      <ChatForm key={JSON.stringify(rest)} settings={settings} update={update} />
    </div>
  );
}
