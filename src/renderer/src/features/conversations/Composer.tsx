import { useImperativeHandle, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import type { Approval } from '@shared/domain/approval';
import type { Peer } from '@shared/domain/peer';
import { useApprovals, useControlMutation } from '../../api/queries';
import { ErrorNotice } from '../../components/ErrorNotice';
import { RemoteText } from '../../components/RemoteText';
import { protocolUi } from '../../protocols/registry';
import type { SendOptions } from '../../protocols/types';

/** What the thread asks of its composer: take the operator's answer to the peer (focus, in the same conversation). */
export interface ComposerHandle {
  reply(): void;
}

/** The oldest item from this peer still waiting for the operator's answer, if any (the chat window can answer it). */
function useWaitingRequest(peerId: string): Approval | null {
  const pending = useApprovals('pending');
  const mine = (pending.data?.approvals ?? []).filter((a) => a.peerId === peerId && a.actions.includes('reply'));
  return mine.at(-1) ?? null;
}

/**
 * Writes to the peer: Enter sends, Shift+Enter is a new line. A request from the peer waiting for an answer is
 * answered from here; `asksForInput` says the peer's task wants more input (the next send continues it).
 * `answering`: the thread ends with this received message, so what is written now answers it (its trace id).
 */
export function Composer({ peer, asksForInput, answering: answers = null, ref }: { peer: Peer; asksForInput: boolean; answering?: number | null; ref?: Ref<ComposerHandle> }) {
  const [text, setText] = useState('');
  const composer = protocolUi(peer.protocol).composer;
  const [options, setOptions] = useState<SendOptions>(composer?.initial ?? {});
  const [answering, setAnswering] = useState(true);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const waiting = useWaitingRequest(peer.id);
  const answer = waiting && answering ? waiting : null;
  // "The options once a message went" continue the conversation (A2A: not a new context), which is what an
  // answer to the peer's question needs: the core then sends it in that task.
  const continueOptions = () => {
    const afterSend = composer?.afterSend;
    if (afterSend) setOptions((current) => afterSend(current));
  };
  useImperativeHandle(ref, () => ({
    reply() {
      continueOptions();
      textarea.current?.focus();
    },
  }));
  const done = () => {
    setText('');
    continueOptions();
  };
  const send = useControlMutation('messages.send', { onSuccess: done });
  const reply = useControlMutation('approvals.decide', { onSuccess: done });
  const canSend = composer?.sendsWithoutBaseUrl === true || Boolean(peer.baseUrl);
  const enabled = Boolean(answer) || canSend;
  const busy = send.isPending || reply.isPending;
  const submit = () => {
    if (!text.trim() || busy || !enabled) return;
    if (answer) reply.mutate({ id: answer.id, action: 'reply', text });
    else send.mutate({ ...(composer?.sendInput?.(options, peer) ?? options), peer: peer.id, text, ...(answers !== null ? { inReplyTo: answers } : {}) });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends; Shift+Enter is a new line (and composing IME text is left alone).
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };
  const continuing = asksForInput && !answer && options.newContext !== true;
  const placeholder = answer
    ? `Your answer to ${peer.name}: it completes their request. Enter sends.`
    : continuing
      ? `Your answer to ${peer.name}'s question: it continues their task. Enter sends.`
      : canSend
        ? `Message ${peer.name} — Enter sends, Shift+Enter for a new line`
        : `${peer.name} has no base URL, so you can only answer its requests. Set one in Peers to write first.`;
  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {waiting ? (
        <div className="notice notice-warn" role="status" data-testid="waiting-request">
          <strong>{peer.name} is waiting for your answer:</strong>{' '}
          <q>
            <RemoteText text={waiting.title} />
          </q>
          <label className="check">
            <input type="checkbox" checked={answering} onChange={(event) => setAnswering(event.target.checked)} /> Send my next message as the answer
          </label>
        </div>
      ) : null}
      {continuing && canSend ? (
        <p className="notice continue-task" role="status" data-testid="continue-task">
          {peer.name} asked for more input: your next message continues its task.
        </p>
      ) : null}
      <textarea
        ref={textarea}
        aria-label={`Message to ${peer.name}`}
        placeholder={placeholder}
        value={text}
        rows={3}
        disabled={!enabled}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="row">
        {composer?.Options ? <composer.Options peer={peer} options={options} onChange={setOptions} answering={Boolean(answer)} /> : null}
        <span className="spacer" />
        <button type="submit" className="button button-primary" disabled={!text.trim() || busy || !enabled}>
          {answer ? 'Answer' : 'Send'}
        </button>
      </div>
      {send.isError ? <ErrorNotice error={send.error} action="Not queued" /> : null}
      {reply.isError ? <ErrorNotice error={reply.error} action="Not answered" /> : null}
    </form>
  );
}
