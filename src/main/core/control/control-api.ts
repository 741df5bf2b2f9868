import { isMethodName, methods, type MethodHandlers, type MethodName } from '../../../shared/contract';
import { ControlError } from '../../../shared/control-error';
import { CoreError } from '../errors';
import type { Logger } from '../logger';
import { formatZodError } from '../validation';
import type { EventBus } from '../event-bus';

export type ControlHandlers = MethodHandlers;

export interface ControlApi {
  /** Validates `input` against the contract, then runs the method. Throws ControlError only. */
  call(method: string, input: unknown): Promise<unknown>;
  readonly events: EventBus;
}


/**
 * Handlers come from the core and from each protocol in the registry, so completeness is checked when the node
 * is built: a contract method nobody answers is a wiring mistake, found at start rather than at the first call.
 */
export function completeHandlers(parts: readonly Partial<ControlHandlers>[]): ControlHandlers {
  const merged: Partial<ControlHandlers> = {};
  for (const part of parts) {
    for (const name of Object.keys(part) as MethodName[]) {
      if (merged[name]) throw new Error(`Two handlers answer the control method ${name}.`);
      (merged as Record<string, unknown>)[name] = part[name];
    }
  }
  const missing = (Object.keys(methods) as MethodName[]).filter((name) => !merged[name]);
  if (missing.length > 0) throw new Error(`No handler answers the control method${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`);
  return merged as ControlHandlers;
}

export function createControlApi(deps: { handlers: ControlHandlers; events: EventBus; logger: Logger }): ControlApi {
  return {
    events: deps.events,
    async call(method, input) {
      if (!isMethodName(method)) throw new ControlError('unknown_method', `There is no control method named "${String(method).slice(0, 80)}".`);
      const parsed = methods[method].input.safeParse(input ?? {});
      if (!parsed.success) throw new ControlError('invalid_input', formatZodError(parsed.error));
      const handler = deps.handlers[method] as (input: unknown) => unknown;
      try {
        return await handler(parsed.data);
      } catch (error) {
        // The core's refusals become the UI's vocabulary here, and only here.
        if (error instanceof CoreError) throw new ControlError(error.code, error.message);
        if (error instanceof ControlError) throw error;
        deps.logger.error(`control method ${method} failed`, { error: error instanceof Error ? error.message : String(error) });
        throw new ControlError('internal_error', `The node could not complete ${method}; see the node's log for details.`);
      }
    },
  };
}
