/**
 * Errors crossing the control API carry a stable code; transports map codes to their own shape
 * (HTTP status on the loopback API, a `{ ok: false }` envelope over IPC).
 */
export const controlErrorCodes = [
  'invalid_input',
  'unknown_method',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'unavailable',
  'internal_error',
] as const;

export type ControlErrorCode = (typeof controlErrorCodes)[number];

/** One field a refusal is about: its path in the input (`baseUrl`, `chat.remoteAgentId`) and what is wrong, in words. */
export interface FieldError {
  path: string;
  message: string;
}

export interface ControlErrorBody {
  code: ControlErrorCode;
  message: string;
  /** invalid_input: the fields at fault, so a form can mark each one beside its input. */
  fields?: FieldError[];
}

export class ControlError extends Error {
  readonly code: ControlErrorCode;
  readonly fields: FieldError[];

  constructor(code: ControlErrorCode, message: string, fields: FieldError[] = []) {
    super(message);
    this.name = 'ControlError';
    this.code = code;
    this.fields = fields;
  }

  toBody(): ControlErrorBody {
    return { code: this.code, message: this.message, ...(this.fields.length > 0 ? { fields: this.fields } : {}) };
  }
}

export function isControlErrorCode(value: unknown): value is ControlErrorCode {
  return typeof value === 'string' && (controlErrorCodes as readonly string[]).includes(value);
}

/** The result envelope used where exceptions cannot cross (Electron IPC serialises Error poorly). */
export type CallOutcome<R> = { ok: true; result: R } | { ok: false; error: ControlErrorBody };

export function controlErrorFromBody(body: unknown): ControlError {
  if (body && typeof body === 'object') {
    const { code, message, fields } = body as Record<string, unknown>;
    if (isControlErrorCode(code) && typeof message === 'string') return new ControlError(code, message, fieldErrorsOf(fields));
  }
  return new ControlError('internal_error', 'The node answered with an error it did not describe.');
}

function fieldErrorsOf(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is FieldError => !!item && typeof item === 'object' && typeof (item as FieldError).path === 'string' && typeof (item as FieldError).message === 'string').slice(0, 50);
}
