import type { z } from 'zod';
import {
  isMethodName,
  methods,
  type MethodName,
  type MethodParsedInput,
  type MethodResult,
} from '../../../shared/contract';
import { ControlError } from '../../../shared/control-error';
import type { Logger } from '../logger';
import type { EventBus } from './event-bus';

export type ControlHandlers = {
  [M in MethodName]: (input: MethodParsedInput<M>) => MethodResult<M> | Promise<MethodResult<M>>;
};

export interface ControlApi {
  /** Validates `input` against the contract, then runs the method. Throws ControlError only. */
  call(method: string, input: unknown): Promise<unknown>;
  readonly events: EventBus;
}

export function formatZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'input'}: ${issue.message}`)
    .join('; ');
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
        if (error instanceof ControlError) throw error;
        deps.logger.error(`control method ${method} failed`, { error: error instanceof Error ? error.message : String(error) });
        throw new ControlError('internal_error', `The node could not complete ${method}; see the node's log for details.`);
      }
    },
  };
}
