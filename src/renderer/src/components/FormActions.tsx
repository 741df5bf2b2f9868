import { useEffect, useState, type ReactNode } from 'react';
import { ErrorNotice } from './ErrorNotice';
import type { FieldErrorsState } from './FieldErrors';
import { CheckIcon } from './icons';

/** How long "Saved" stays beside the button after a save is submitted (it fades out over the last second). */
export const SAVED_NOTE_MS = 4000;

/**
 * Whether to say "Saved" for the save submitted at `submittedAt`: from its success until SAVED_NOTE_MS after it
 * was submitted. Timed from the submit, not from this form's mount: a settings form is made anew by the change it
 * saved and goes on saying so, while one made anew later (another window changed something) does not.
 */
function useSavedNote(saved: boolean, submittedAt: number): boolean {
  const [expiredFor, setExpiredFor] = useState(() => (Date.now() - submittedAt >= SAVED_NOTE_MS ? submittedAt : -1));
  useEffect(() => {
    if (!saved) return;
    const timer = setTimeout(() => setExpiredFor(submittedAt), Math.max(0, submittedAt + SAVED_NOTE_MS - Date.now()));
    return () => clearTimeout(timer);
  }, [saved, submittedAt]);
  return saved && expiredFor !== submittedAt;
}

/**
 * The foot of an edit form: the submit button (disabled while saving), "Saved" beside it for a few seconds after
 * a success (announced politely), and the failure as a sentence. Given the form's field errors, it says only
 * what no field shows: those stand beside their inputs.
 */
export function FormActions({
  label = 'Save',
  busyLabel = 'Saving…',
  mutation,
  disabled,
  saved = mutation.isSuccess,
  failure,
  errors,
  children,
}: {
  label?: string;
  busyLabel?: string;
  mutation: { isPending: boolean; isSuccess: boolean; isError: boolean; error: unknown; submittedAt?: number };
  disabled?: boolean;
  /** Whether the last save stands (default: after a success; an edit form says it only while nothing changed since). */
  saved?: boolean;
  /** What could not be done, for the error sentence ("Could not save the hook"). */
  failure: string;
  errors?: FieldErrorsState;
  /** Other buttons of the form, after the submit button. */
  children?: ReactNode;
}) {
  const showSaved = useSavedNote(saved, mutation.submittedAt ?? 0);
  const failed = errors ? errors.general : mutation.isError ? mutation.error : null;
  return (
    <>
      <div className="row form-actions">
        <button type="submit" className="button button-primary" disabled={disabled || mutation.isPending}>
          {mutation.isPending ? busyLabel : label}
        </button>
        {children}
        <span className="save-status small" role="status" aria-live="polite">
          {showSaved ? (
            <span className="saved-note" style={{ animationDuration: `${SAVED_NOTE_MS}ms` }}>
              <CheckIcon /> Saved
            </span>
          ) : null}
        </span>
      </div>
      {failed ? <ErrorNotice error={failed} action={failure} /> : null}
    </>
  );
}
