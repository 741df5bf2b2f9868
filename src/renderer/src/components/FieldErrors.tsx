import { useEffect, useId, type ReactElement, type ReactNode } from 'react';
import type { FieldError as PathError } from '@shared/control-error';
import { AlertIcon } from './icons';
import { fieldErrorsOf, fieldFor, inWords, pathInWords } from './field-errors';

/** What a form's inputs need to show a refusal beside themselves; protocol fields receive it from their form. */
export interface FormErrors {
  /** What is wrong with the input at `path`, in words (null when nothing is). */
  message(path: string): string | null;
  /** Props for that input: `aria-invalid` and `aria-describedby` (after `hintId`, the input's own note) when it is at fault. */
  input(path: string, hintId?: string): { 'aria-invalid'?: true; 'aria-describedby'?: string; 'data-field-error'?: string };
  /** The id of the message under the input at `path`. */
  messageId(path: string): string;
}

export interface FieldErrorsState extends FormErrors {
  /** Field errors no input of the form shows: the summary line at the top says them. */
  unplaced: PathError[];
  /** The failure when it is not about fields (a conflict, the node unreachable): said as a sentence. */
  general: unknown;
}

/**
 * Maps a failed call's field errors to the form's inputs. `placed` lists the input paths the form shows (the
 * protocol's fields included); an error under one of them lands beside it, the rest go to the summary. After each
 * failure the first input at fault takes focus, so the keyboard is where the problem is.
 */
export function useFieldErrors(error: unknown, placed: readonly string[]): FieldErrorsState {
  const formId = useId();
  const byField = new Map<string, string>();
  const unplaced: PathError[] = [];
  for (const fieldError of fieldErrorsOf(error)) {
    const field = fieldFor(fieldError.path, placed);
    if (field === null) unplaced.push(fieldError);
    else if (!byField.has(field)) byField.set(field, inWords(fieldError.message));
  }
  const first = placed.find((path) => byField.has(path)) ?? null;
  const messageId = (path: string) => `${formId}-error-${path}`;
  useEffect(() => {
    if (!error || first === null) return;
    document.querySelector<HTMLElement>(`[data-field-error="${formId}-error-${first}"]`)?.focus();
  }, [error, first, formId]);
  return {
    message: (path) => byField.get(path) ?? null,
    messageId,
    input: (path, hintId) => {
      if (!byField.has(path)) return hintId ? { 'aria-describedby': hintId } : {};
      return { 'aria-invalid': true, 'aria-describedby': [hintId, messageId(path)].filter(Boolean).join(' '), 'data-field-error': messageId(path) };
    },
    unplaced,
    general: error && byField.size === 0 && unplaced.length === 0 ? error : null,
  };
}

/** The red line under an input at fault (nothing when it is fine). */
export function FieldError({ errors, path }: { errors: FormErrors | undefined; path: string }) {
  const message = errors?.message(path);
  if (!message) return null;
  return (
    <span id={errors!.messageId(path)} className="field-error">
      <AlertIcon /> {message}
    </span>
  );
}

/** What `Field` hands its input: the id its label points at, and the error marking. */
export interface FieldInputProps {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
  'data-field-error'?: string;
}

/**
 * A labelled input with, under it, the error about it (when a refusal names `path`) and its note. Only the label
 * names the input; the error and the note describe it (aria-describedby), so neither is read as part of its name.
 */
export function Field({ label, path, errors, note, children }: { label: ReactNode; path?: string; errors?: FormErrors; note?: ReactNode; children: (input: FieldInputProps) => ReactElement }) {
  const id = useId();
  const noteId = note ? `${id}-note` : undefined;
  const marking = path && errors ? errors.input(path, noteId) : noteId ? { 'aria-describedby': noteId } : {};
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {children({ id, ...marking })}
      {path ? <FieldError errors={errors} path={path} /> : null}
      {note ? (
        <span id={noteId} className="muted small">
          {note}
        </span>
      ) : null}
    </div>
  );
}

/** The one line at the top of a form for field errors it has no input for ("Could not save: Timeout ms must be …"). */
export function FieldErrorSummary({ errors, action }: { errors: FieldErrorsState; action: string }) {
  if (errors.unplaced.length === 0) return null;
  const sentences = errors.unplaced.map(({ path, message }) => {
    const name = pathInWords(path);
    return name ? `${name} ${message.trim()}` : inWords(message);
  });
  return (
    <div role="alert" className="notice notice-error field-error-summary">
      <p>
        {action}: {sentences.join('; ')}
      </p>
    </div>
  );
}
