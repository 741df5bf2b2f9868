import { ErrorNotice } from './ErrorNotice';

/** The foot of an edit form: the submit button, a quiet "Saved." after success, the error as a sentence. */
export function FormActions({
  label = 'Save',
  mutation,
  disabled,
  saved = mutation.isSuccess,
  failure,
}: {
  label?: string;
  mutation: { isPending: boolean; isSuccess: boolean; isError: boolean; error: unknown };
  disabled?: boolean;
  /** Whether to say "Saved." (default: after a success; an edit form says it only while nothing changed since). */
  saved?: boolean;
  /** What could not be done, for the error sentence ("Could not save the hook"). */
  failure: string;
}) {
  return (
    <>
      <div className="row">
        <button type="submit" className="button button-primary" disabled={disabled || mutation.isPending}>
          {label}
        </button>
        {saved ? <span className="muted small">Saved.</span> : null}
      </div>
      {mutation.isError ? <ErrorNotice error={mutation.error} action={failure} /> : null}
    </>
  );
}
