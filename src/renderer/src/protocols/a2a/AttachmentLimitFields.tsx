import { useState } from 'react';
import { ControlError } from '@shared/control-error';
import { DEFAULT_ATTACHMENT_LIMITS, MAX_ATTACHMENT_LIMIT_BYTES, type AttachmentLimits } from '@shared/domain/attachment';
import { FieldError, type FormErrors } from '../../components/FieldErrors';

const MB = 1024 * 1024;
/** The core's floor (1024 bytes) in the form's unit, rounded up so what passes here passes there. */
const MIN_MB = 0.001;
const MAX_MB = MAX_ATTACHMENT_LIMIT_BYTES / MB;

export const ATTACHMENT_LIMIT_PATHS = ['a2a.attachments.maxPartBytes', 'a2a.attachments.maxMessageBytes'] as const;

function inMb(bytes: number): string {
  return String(Number((bytes / MB).toFixed(3)));
}

function toBytes(text: string): number | null {
  const mb = Number(text);
  if (!text.trim() || !Number.isFinite(mb) || mb < MIN_MB || mb > MAX_MB) return null;
  return Math.max(1024, Math.round(mb * MB));
}

/** The two file limits as the operator writes them (MB), checked here so a refusal says MB, not bytes. */
export function useAttachmentLimitsDraft(saved: AttachmentLimits | undefined) {
  const limits = saved ?? DEFAULT_ATTACHMENT_LIMITS;
  const [part, setPart] = useState(inMb(limits.maxPartBytes));
  const [message, setMessage] = useState(inMb(limits.maxMessageBytes));
  const parse = (): { limits: AttachmentLimits } | { error: ControlError } => {
    const maxPartBytes = toBytes(part);
    const maxMessageBytes = toBytes(message);
    const range = `must be a number of MB from ${MIN_MB} to ${MAX_MB}`;
    const fields = [
      ...(maxPartBytes === null ? [{ path: ATTACHMENT_LIMIT_PATHS[0], message: range }] : []),
      ...(maxMessageBytes === null ? [{ path: ATTACHMENT_LIMIT_PATHS[1], message: range }] : []),
    ];
    if (maxPartBytes === null || maxMessageBytes === null) return { error: new ControlError('invalid_input', 'The file limits are not valid.', fields) };
    return { limits: { maxPartBytes, maxMessageBytes } };
  };
  return { part, setPart, message, setMessage, parse };
}

/** Settings › A2A: how large a file may be, alone and with the rest of its message, both ways. */
export function AttachmentLimitFields({ draft, errors }: { draft: ReturnType<typeof useAttachmentLimitsDraft>; errors: FormErrors }) {
  return (
    <>
      <div className="row">
        <label className="inline">
          files up to (MB){' '}
          <input type="number" min={MIN_MB} max={MAX_MB} step="any" value={draft.part} onChange={(e) => draft.setPart(e.target.value)} aria-label="Largest file in MB" {...errors.input(ATTACHMENT_LIMIT_PATHS[0])} />
        </label>
        <label className="inline">
          all files of a message up to (MB){' '}
          <input type="number" min={MIN_MB} max={MAX_MB} step="any" value={draft.message} onChange={(e) => draft.setMessage(e.target.value)} aria-label="Largest message in MB" {...errors.input(ATTACHMENT_LIMIT_PATHS[1])} />
        </label>
      </div>
      <span className="muted small">Both ways: larger files are refused when they arrive, and the composer will not send them.</span>
      <FieldError errors={errors} path={ATTACHMENT_LIMIT_PATHS[0]} />
      <FieldError errors={errors} path={ATTACHMENT_LIMIT_PATHS[1]} />
    </>
  );
}
