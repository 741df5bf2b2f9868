/**
 * The control API: every call the UI (or CLI) can make into the node core, and every event the core pushes.
 * Both transports (Electron IPC and loopback HTTP + WebSocket) are derived from this one file, so the renderer
 * cannot tell which one it is on. Inputs are zod schemas, validated by the core at the boundary; results are
 * plain TypeScript types (the core produces them, nothing outside needs to validate them).
 */
import { z } from 'zod';
import type { MessageDetail, MessageSummary } from './domain/message';
import { messageStatuses } from './domain/message';
import type { AuditEntry, NodeCounts, NodeSettings, NodeStatus } from './domain/node';
import { peerProtocols, type Peer } from './domain/peer';
import type { WakeNotice } from './domain/wake';

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

/** A peer named by id or by name (the CLI uses names, the UI ids). */
const peerRef = z.string().min(1).max(200);
/** Secrets travel in `Authorization: Bearer …`: printable ASCII without spaces. */
export const secretValue = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(512)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');
export const aesKeyHex = z
  .string()
  .trim()
  .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hexadecimal characters (as `openssl rand -hex 32` writes)')
  .transform((value) => value.toLowerCase());
export const baseUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .refine((value) => !/^[a-z]+:\/\/[^/]*@/i.test(value), 'must not contain credentials')
  .transform((value) => value.replace(/\/+$/, ''));
export const nodeName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  // eslint-disable-next-line no-control-regex -- the point is to reject control characters
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'must not contain control characters');
export const peerName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._@-]*$/u, 'may contain letters, digits, spaces and . _ @ -');
/** `"generate"` asks the node to make one; anything else must be a valid value (one clear message, not a union's). */
function orGenerate<T extends z.ZodType<string, string>>(schema: T) {
  return z.string().superRefine((value, context) => {
    if (value === 'generate') return;
    const parsed = schema.safeParse(value);
    if (!parsed.success) context.addIssue({ code: 'custom', message: parsed.error.issues[0]?.message ?? 'is not valid' });
  }).transform((value) => (value === 'generate' ? ('generate' as const) : (schema.parse(value) as string)));
}
const traceIdFilter = z.string().trim().min(1).max(128);
const wakeHook = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('command'), argv: z.array(z.string().min(1).max(4096)).min(1).max(64), timeoutMs: z.number().int().min(100).max(120_000).default(15_000) }).strict(),
  z.object({ kind: z.literal('webhook'), url: z.url({ protocol: /^https?$/ }), timeoutMs: z.number().int().min(100).max(120_000).default(15_000) }).strict(),
]);

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
  'settings.get': method<NodeSettings>()(empty),
  'settings.update': method<NodeSettings>()(
    z
      .object({
        name: nodeName.optional(),
        publicUrl: baseUrl.nullable().optional(),
        skills: z.array(z.string().trim().min(1).max(64)).max(50).optional(),
        legacySecret: secretValue.nullable().optional(),
        wakeHook: wakeHook.nullable().optional(),
      })
      .strict(),
  ),

  'peers.list': method<{ peers: Peer[] }>()(z.object({ search: z.string().max(200).optional() }).strict()),
  'peers.get': method<Peer>()(z.object({ peer: peerRef }).strict()),
  'peers.add': method<{ peer: Peer; generated: { inboundSecret?: string; aesKey?: string } }>()(
    z
      .object({
        name: peerName,
        baseUrl,
        protocol: z.enum(peerProtocols).default('secure'),
        notes: z.string().max(2000).optional(),
        inboundSecret: orGenerate(secretValue).optional(),
        outboundSecret: secretValue.optional(),
        aesKey: orGenerate(aesKeyHex).optional(),
      })
      .strict(),
  ),
  'peers.update': method<Peer>()(
    z.object({ peer: peerRef, name: peerName.optional(), baseUrl: baseUrl.optional(), notes: z.string().max(2000).optional() }).strict(),
  ),
  'peers.remove': method<{ removed: Peer }>()(z.object({ peer: peerRef }).strict()),
  'peers.rotateInboundSecret': method<{ peer: Peer; inboundSecret: string }>()(
    z
      .object({
        peer: peerRef,
        /** How long the previous secret keeps working; 0 revokes it at once. */
        graceSeconds: z.number().int().min(0).max(30 * 86_400).default(86_400),
        secret: secretValue.optional(),
      })
      .strict(),
  ),
  'peers.revokeInboundSecret': method<Peer>()(z.object({ peer: peerRef, secretId: z.number().int().positive() }).strict()),
  'peers.setOutboundSecret': method<Peer>()(z.object({ peer: peerRef, secret: secretValue.nullable() }).strict()),
  'peers.setAesKey': method<{ peer: Peer; aesKey?: string }>()(
    z.object({ peer: peerRef, key: orGenerate(aesKeyHex).nullable() }).strict(),
  ),
  /** The one way a secret reaches the UI: an explicit, audited reveal. */
  'peers.revealCredential': method<{ value: string }>()(z.object({ peer: peerRef, kind: z.enum(['outbound_secret', 'aes_key']) }).strict()),

  'messages.list': method<{ messages: MessageSummary[]; total: number; hasMore: boolean }>()(
    z
      .object({
        peerId: z.string().max(200).optional(),
        direction: z.enum(['in', 'out']).optional(),
        status: z.enum(messageStatuses as [string, ...string[]]).optional(),
        protocol: z.enum(peerProtocols).optional(),
        traceId: traceIdFilter.optional(),
        text: z.string().max(500).optional(),
        beforeId: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
  ),
  'messages.get': method<MessageDetail>()(z.object({ id: z.number().int().positive() }).strict()),
  'messages.markWakesSeen': method<{ changed: number }>()(
    z.union([z.object({ ids: z.array(z.number().int().positive()).min(1).max(1000) }).strict(), z.object({ all: z.literal(true) }).strict()]),
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
  'settings.changed': NodeSettings;
  'peers.changed': { peerId: string | null };
  'message.added': MessageSummary;
  'message.updated': MessageSummary;
  'message.wake': WakeNotice;
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
