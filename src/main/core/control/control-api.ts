import { isMethodName, methods, type MethodHandlers, type MethodName } from '../../../shared/contract';
import { ControlError } from '../../../shared/control-error';
import { CoreError } from '../errors';
import type { Logger } from '../logger';
import { fieldErrors, formatZodError } from '../validation';
import type { EventBus } from '../event-bus';

export type ControlHandlers = MethodHandlers;

export interface ControlApi {
  /** Validates `input` against the contract, then runs the method. Throws ControlError only. */
  call(method: string, input: unknown): Promise<unknown>;
  readonly events: EventBus;
  /** Contract methods no part of this node answers (they say "unavailable"). */
  readonly unanswered: readonly MethodName[];
}


/**
 * Handlers come from the core and from each protocol in the registry. Two answering one method is a wiring
 * mistake, found at start. A method nobody answers (a node built without the protocol it belongs to) is answered
 * "unavailable" with a sentence, and listed in `unanswered` so a test can insist that a full node answers all.
 */
export function completeHandlers(parts: readonly Partial<ControlHandlers>[]): { handlers: ControlHandlers; unanswered: MethodName[] } {
  const merged: Partial<Record<MethodName, unknown>> = {};
  for (const part of parts) {
    for (const name of Object.keys(part) as MethodName[]) {
      if (merged[name]) throw new Error(`Two handlers answer the control method ${name}.`);
      merged[name] = part[name];
    }
  }
  const unanswered = (Object.keys(methods) as MethodName[]).filter((name) => !merged[name]);
  for (const name of unanswered) {
    merged[name] = () => {
      throw new CoreError('unavailable', name.startsWith('desktop.') ? `${name} belongs to the desktop app; this node runs without it (headless).` : `This node does not answer ${name}: none of the protocols it speaks provides it.`);
    };
  }
  return { handlers: merged as ControlHandlers, unanswered };
}

export function createControlApi(deps: { handlers: ControlHandlers; unanswered?: readonly MethodName[]; events: EventBus; logger: Logger }): ControlApi {
  return {
    events: deps.events,
    unanswered: deps.unanswered ?? [],
    async call(method, input) {
      if (!isMethodName(method)) throw new ControlError('unknown_method', `There is no control method named "${String(method).slice(0, 80)}".`);
      const parsed = methods[method].input.safeParse(input ?? {});
      if (!parsed.success) throw new ControlError('invalid_input', formatZodError(parsed.error), fieldErrors(parsed.error));
      const handler = deps.handlers[method] as (input: unknown) => unknown;
      try {
        return await handler(parsed.data);
      } catch (error) {
        // The core's refusals become the UI's vocabulary here, and only here.
        if (error instanceof CoreError) throw new ControlError(error.code, error.message, [...error.fields]);
        if (error instanceof ControlError) throw error;
        deps.logger.error(`control method ${method} failed`, { error: error instanceof Error ? error.message : String(error) });
        throw new ControlError('internal_error', `The node could not complete ${method}; see the node's log for details.`);
      }
    },
  };
}
