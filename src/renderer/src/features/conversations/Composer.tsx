import { useEffect, useImperativeHandle, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { formatBytes } from '@shared/domain/attachment';
import type { Approval } from '@shared/domain/approval';
import type { Peer } from '@shared/domain/peer';
import { useApprovals, useControlMutation } from '../../api/queries';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FieldErrorSummary, useFieldErrors } from '../../components/FieldErrors';
import { RemoteText } from '../../components/RemoteText';
import { protocolUi } from '../../protocols/registry';
import type { SendOptions } from '../../protocols/types';
import { AttachControls, AttachmentDraftView } from './ComposerAttachments';
import { useAttachmentDraft } from './useAttachmentDraft';

/** What the thread asks of its composer: take the operator's answer to the peer (focus, in the same conversation). */
export interface ComposerHandle {
  reply(): void;
  /** Files dropped on the conversation; false when this peer's protocol takes none (the drop is refused). */
  addFiles(files: readonly File[]): boolean;
  /** Whether files can go to this peer now (the thread shows itself as a drop target only then). */
  takesFiles(): boolean;
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
  const canSend = composer?.sendsWithoutBaseUrl === true || Boolean(peer.baseUrl);
  // An answer to a waiting request is text (approvals.decide); files and data go with a new message.
  const draft = useAttachmentDraft(peer, canSend && !answer);
  const [reading, setReading] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
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
    addFiles(files) {
      if (!draft.available) return false;
      draft.add(files);
      return true;
    },
    takesFiles: () => draft.available,
  }));
  const done = () => {
    setText('');
    draft.clear();
    continueOptions();
  };
  const send = useControlMutation('messages.send', { onSuccess: done });
  const reply = useControlMutation('approvals.decide', { onSuccess: done });
  const enabled = Boolean(answer) || canSend;
  const busy = send.isPending || reply.isPending || reading;
  const withFiles = draft.hasContent;
  const fileErrors = useFieldErrors(send.error, draft.available ? ['attachments', ...draft.chosen.map((_, index) => `attachments.${index}`), 'data'] : []);
  const submit = (confirmed = false) => {
    if ((!text.trim() && !withFiles) || busy || !enabled) return;
    if (answer) {
      reply.mutate({ id: answer.id, action: 'reply', text });
      return;
    }
    const input = { ...(composer?.sendInput?.(options, peer) ?? options), peer: peer.id, text: text.trim() ? text : '', ...(answers !== null ? { inReplyTo: answers } : {}) };
    if (!withFiles) {
      send.mutate(input);
      return;
    }
    // Checked here, before anything is read or uploaded: a file over the limit is said at once, in words.
    const check = draft.check();
    if (check.kind === 'problem') return draft.setProblem(check.text);
    if (check.kind === 'confirm' && !confirmed) return draft.setWarning(check.text);
    draft.setWarning(null);
    setReading(true);
    draft
      .read()
      .then((files) => send.mutate({ ...input, ...files }))
      .catch((error: unknown) => draft.setProblem(`Could not read the files (${error instanceof Error ? error.message : 'the browser refused'}). Choose them again.`))
      .finally(() => setReading(false));
  };
  const warning = draft.warning;
  useEffect(() => {
    // The question takes the keyboard: Enter confirms, Tab reaches Cancel.
    if (warning) confirmButton.current?.focus();
  }, [warning]);
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
      <AttachmentDraftView draft={draft} disabled={busy} errors={fileErrors} />
      <div className="row">
        {composer?.Options ? <composer.Options peer={peer} options={options} onChange={setOptions} answering={Boolean(answer)} /> : null}
        <span className="spacer" />
        <AttachControls draft={draft} disabled={busy} />
        <button type="submit" className="button button-primary" disabled={(!text.trim() && !withFiles) || busy || !enabled}>
          {answer ? 'Answer' : 'Send'}
        </button>
      </div>
      {busy && withFiles ? (
        <p className="muted small" role="status" data-testid="sending-files">
          {reading ? 'Reading' : 'Sending'} {draft.chosen.length === 1 ? '1 file' : `${draft.chosen.length} files`} ({formatBytes(draft.totalBytes)})…
        </p>
      ) : null}
      {draft.problem ? (
        <p className="notice notice-error" role="alert" data-testid="attachment-problem">
          {draft.problem}
        </p>
      ) : null}
      {warning ? (
        <div className="notice notice-warn" role="alertdialog" aria-label="Send anyway?" data-testid="input-mode-warning">
          <p>
            <RemoteText text={warning} />
          </p>
          <div className="row">
            <button ref={confirmButton} type="button" className="button button-primary" onClick={() => submit(true)}>
              Send anyway
            </button>
            <button type="button" className="button" onClick={() => draft.setWarning(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      <FieldErrorSummary errors={fileErrors} action="Not queued" />
      {fileErrors.general ? <ErrorNotice error={fileErrors.general} action="Not queued" /> : null}
      {reply.isError ? <ErrorNotice error={reply.error} action="Not answered" /> : null}
    </form>
  );
}
