import { useRef } from 'react';
import { formatBytes } from '@shared/domain/attachment';
import { FieldError, type FormErrors } from '../../components/FieldErrors';
import { RemoteText } from '../../components/RemoteText';
import type { AttachmentDraft } from './useAttachmentDraft';

/** The Attach button and the "JSON data" switch, beside Send (the picker itself is a hidden file input). */
export function AttachControls({ draft, disabled }: { draft: AttachmentDraft; disabled: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  if (!draft.available) return null;
  return (
    <>
      <button type="button" className="button" disabled={disabled} onClick={() => input.current?.click()} title="Attach files (or drop them on the conversation)">
        Attach…
      </button>
      <input
        ref={input}
        type="file"
        multiple
        className="visually-hidden"
        tabIndex={-1}
        aria-label="Files to attach"
        data-testid="attach-input"
        disabled={disabled}
        onChange={(event) => {
          draft.add([...(event.target.files ?? [])]);
          // The same file chosen again after removing it is a change too.
          event.target.value = '';
        }}
      />
      <label className="check" title="Send a JSON value as an A2A data part">
        <input type="checkbox" checked={draft.dataOn} disabled={disabled} onChange={(event) => draft.setDataOn(event.target.checked)} /> JSON data
      </label>
    </>
  );
}

/** What goes with the message: a chip per file (name, size, remove) and the JSON data being written. */
export function AttachmentDraftView({ draft, disabled, errors }: { draft: AttachmentDraft; disabled: boolean; errors: FormErrors }) {
  if (!draft.available || (!draft.hasContent && !draft.problem)) return null;
  return (
    <div className="composer-attachments">
      {draft.chosen.length > 0 ? (
        <ul className="file-chips" aria-label="Files to send">
          {draft.chosen.map(({ key, file }, index) => (
            <li key={key} className="file-chip" data-testid="file-chip">
              <span className="file-chip-name">
                <RemoteText text={file.name} />
              </span>
              <span className="muted small">{formatBytes(file.size)}</span>
              <button type="button" className="icon-button" aria-label={`Remove ${file.name}`} disabled={disabled} onClick={() => draft.remove(key)}>
                ✕
              </button>
              <FieldError errors={errors} path={`attachments.${index}`} />
            </li>
          ))}
          {draft.chosen.length > 1 ? <li className="muted small file-chips-total">{formatBytes(draft.totalBytes)} in all</li> : null}
        </ul>
      ) : null}
      <FieldError errors={errors} path="attachments" />
      {draft.dataOn ? (
        <>
          <textarea
            className="composer-data"
            aria-label="JSON data to send"
            placeholder='{"kind": "report", "week": 48}'
            rows={4}
            spellCheck={false}
            value={draft.dataText}
            disabled={disabled}
            onChange={(event) => draft.setDataText(event.target.value)}
            {...errors.input('data')}
          />
          <FieldError errors={errors} path="data" />
        </>
      ) : null}
    </div>
  );
}
