import { useId, useState } from 'react';
import type { MessageFilter } from '@shared/domain/message';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useTimelineExport, type ExportFormat } from './useTimelineExport';

const formats: { id: ExportFormat; label: string; note: string }[] = [
  { id: 'jsonl', label: 'JSON lines (.jsonl)', note: 'One message a line, for jq and scripts.' },
  { id: 'csv', label: 'CSV (.csv)', note: 'For spreadsheets. A cell that starts like a formula (= + - @) gets a leading apostrophe, so it never runs.' },
];

const count = (value: number) => value.toLocaleString();

/**
 * Exports the timeline as filtered now, as JSON lines or CSV: every matching message with its whole text,
 * oldest first, paged from the node with progress and a Cancel, then downloaded as one file.
 */
export function ExportDialog({ filter, total, upToId, onClose }: { filter: MessageFilter; total: number; upToId: number | null; onClose: () => void }) {
  const [format, setFormat] = useState<ExportFormat>('jsonl');
  const noteId = useId();
  const { state, start, cancel } = useTimelineExport(filter, upToId);
  const filtered = Object.values(filter).some((value) => value !== undefined && value !== '');
  const running = state.phase === 'running';
  const close = () => {
    cancel();
    onClose();
  };
  return (
    <Dialog
      title="Export messages"
      onClose={close}
      footer={
        running ? (
          <button type="button" className="button" onClick={cancel}>
            Cancel
          </button>
        ) : (
          <>
            <button type="button" className={state.phase === 'done' ? 'button button-primary' : 'button'} onClick={onClose}>
              {state.phase === 'done' ? 'Close' : 'Cancel'}
            </button>
            <button type="button" className={state.phase === 'done' ? 'button' : 'button button-primary'} onClick={() => start(format)} disabled={total === 0}>
              {state.phase === 'idle' ? 'Export' : 'Export again'}
            </button>
          </>
        )
      }
    >
      <p>
        {filtered ? `The ${count(total)} message${total === 1 ? '' : 's'} that match the current filters` : `All ${count(total)} message${total === 1 ? '' : 's'}`}, oldest first,
        with their whole texts.
      </p>
      <fieldset className="export-formats" disabled={running}>
        <legend>Format</legend>
        {formats.map((option) => (
          <label key={option.id} className="export-format">
            <input type="radio" name="export-format" value={option.id} checked={format === option.id} onChange={() => setFormat(option.id)} aria-describedby={`${noteId}-${option.id}`} />
            <span>{option.label}</span>
            <span id={`${noteId}-${option.id}`} className="muted small export-note">
              {option.note}
            </span>
          </label>
        ))}
      </fieldset>
      {running ? (
        <div className="export-progress" role="status" aria-label="Export progress">
          <progress max={Math.max(total, state.written, 1)} value={state.written} />
          <span data-testid="export-progress">
            {count(state.written)} of {count(Math.max(total, state.written))} messages…
          </span>
        </div>
      ) : null}
      {state.phase === 'done' ? (
        <p role="status" className="export-done" data-testid="export-summary">
          Saved {count(state.written)} message{state.written === 1 ? '' : 's'} as <code>{state.fileName}</code>.
        </p>
      ) : null}
      {state.phase === 'cancelled' ? (
        <p role="status" data-testid="export-summary">
          Cancelled after {count(state.written)} message{state.written === 1 ? '' : 's'}; nothing was saved.
        </p>
      ) : null}
      {state.phase === 'failed' ? <ErrorNotice error={state.error} action={`Could not export (after ${count(state.written)} messages)`} /> : null}
    </Dialog>
  );
}
