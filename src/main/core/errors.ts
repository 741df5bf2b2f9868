/**
 * What the core says when it will not do something: a stable code and a sentence for a person. The control API
 * turns it into a ControlError at its boundary; protocols map their own failures to their wire shapes and never
 * use this for a peer's answer.
 */
export type CoreErrorCode = 'invalid_input' | 'not_found' | 'conflict' | 'unavailable';

/** One input field a refusal is about (`baseUrl`, `chat.remoteAgentId`) and what is wrong with it, in words. */
export interface CoreFieldError {
  path: string;
  message: string;
}

export class CoreError extends Error {
  constructor(
    readonly code: CoreErrorCode,
    message: string,
    /** invalid_input: the fields at fault, so a form can mark each one. */
    readonly fields: readonly CoreFieldError[] = [],
  ) {
    super(message);
    this.name = 'CoreError';
  }
}
