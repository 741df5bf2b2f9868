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

export interface ControlErrorBody {
  code: ControlErrorCode;
  message: string;
}

export class ControlError extends Error {
  readonly code: ControlErrorCode;

  constructor(code: ControlErrorCode, message: string) {
    super(message);
    this.name = 'ControlError';
    this.code = code;
  }

  toBody(): ControlErrorBody {
    return { code: this.code, message: this.message };
  }
}

export function isControlErrorCode(value: unknown): value is ControlErrorCode {
  return typeof value === 'string' && (controlErrorCodes as readonly string[]).includes(value);
}

/** The result envelope used where exceptions cannot cross (Electron IPC serialises Error poorly). */
export type CallOutcome<R> = { ok: true; result: R } | { ok: false; error: ControlErrorBody };

export function controlErrorFromBody(body: unknown): ControlError {
  if (body && typeof body === 'object') {
    const { code, message } = body as Record<string, unknown>;
    if (isControlErrorCode(code) && typeof message === 'string') return new ControlError(code, message);
  }
  return new ControlError('internal_error', 'The node answered with an error it did not describe.');
}
