/**
 * The control API: every call the UI (or CLI) can make into the node core, and every event the core pushes.
 * Both transports (Electron IPC and loopback HTTP + WebSocket) are derived from this one file, so the renderer
 * cannot tell which one it is on. Inputs are zod schemas, validated by the core at the boundary; results are
 * plain TypeScript types (the core produces them, nothing outside needs to validate them).
 */
import { z } from 'zod';
import type { AuditEntry, NodeCounts, NodeStatus } from './domain/node';

import type { eventNames } from './contract-wire';

export { eventNames, isEventName, ipcChannels, loopbackPaths } from './contract-wire';

declare const resultType: unique symbol;

export interface MethodSpec<I extends z.ZodType, R> {
  readonly input: I;
  /** Phantom: carries the result type, never set at run time. */
  readonly [resultType]?: R;
}

function method<R>() {
  return <I extends z.ZodType>(input: I): MethodSpec<I, R> => ({ input });
}

const empty = z.object({}).strict();

export const methods = {
  'node.status': method<NodeStatus>()(empty),
  'audit.list': method<{ entries: AuditEntry[] }>()(
    z
      .object({
        limit: z.number().int().min(1).max(500).default(100),
        beforeId: z.number().int().positive().optional(),
      })
      .strict(),
  ),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
/** What a caller passes (defaults may be omitted). */
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
/** What the core receives after validation (defaults applied). */
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodResult<M extends MethodName> = Methods[M] extends MethodSpec<z.ZodType, infer R> ? R : never;

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(methods, value);
}

/** Events the core pushes to every connected UI. Payloads say what changed; queries refetch or patch. */
export interface EventMap {
  'node.countsChanged': { counts: NodeCounts };
  'audit.appended': AuditEntry;
}

export type EventName = keyof EventMap;
export type EventPayload<E extends EventName> = EventMap[E];

/** The one shape both transports present to the renderer (`window.switchboard` on the desktop). */
export interface ControlTransport {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>>;
  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void;
}

// Every event in EventMap must be listed in eventNames (the preload and WebSocket filter on it).
type UnlistedEvents = Exclude<EventName, (typeof eventNames)[number]>;
const everyEventListed: [UnlistedEvents] extends [never] ? true : false = true;
void everyEventListed;
