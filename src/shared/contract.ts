/**
 * The control API: every call the UI (or CLI) can make into the node core, and every event the core pushes.
 * Both transports (Electron IPC and loopback HTTP + WebSocket) are derived from this one file, so the renderer
 * cannot tell which one it is on. Inputs are zod schemas, validated by the core at the boundary; results are
 * plain TypeScript types (the core produces them, nothing outside needs to validate them).
 */
import { z } from 'zod';
import { jsonDepth } from './json-depth';
import { gatewayPolicies, type ApiKeyInfo, type OutboundCredential } from './domain/a2a';
import { approvalStatuses, type Approval } from './domain/approval';
import type { ChatInvite, ChatPeerStatus } from './domain/chat';
import { MAX_ATTACHMENT_LIMIT_BYTES, MAX_OUTGOING_FILES, type AttachmentInfo } from './domain/attachment';
import type { PeerDeliveryState } from './domain/delivery';
import type { CardChange, CardVersion, CardWatch, CredentialUse, InspectionReport, TryItExchange } from './domain/inspector';
import type { Conversation, ExportRow, MessageDetail, MessageSummary } from './domain/message';
import type { DashboardData } from './domain/metrics';
import { messageStatuses } from './domain/message';
import { desktopSettingsPatch, type DesktopState, type UpdateStatus } from './domain/desktop';
import type { AuditEntry, BackupInfo, NodeCounts, NodeSettings, NodeStatus, ReceivingState, StorageState } from './domain/node';
import type { Peer } from './domain/peer';
import type { WakeNotice } from './domain/wake';
import { DEFAULT_PROTOCOL, PROTOCOL_ID, type ProtocolInfo } from './protocols';

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

/** Any JSON value, nested no deeper than a person would write (a data part). */
const jsonValue = z.json().refine((value) => jsonDepth(value, 32) <= 32, 'must nest no deeper than 32 levels');

export { MAX_OUTGOING_FILES };
/** A file the operator sends: its name, its declared type, its bytes as base64 (sizes are checked against the peer's protocol). */
const outgoingFile = z
  .object({
    name: z.string().trim().min(1, 'must have a name').max(255),
    mediaType: z.string().max(127).regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a media type such as application/pdf').optional(),
    base64: z.string().max(Math.ceil((MAX_ATTACHMENT_LIMIT_BYTES * 4) / 3) + 4).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
  })
  .strict();

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
export function orGenerate<T extends z.ZodType<string, string>>(schema: T) {
  return z.string().superRefine((value, context) => {
    if (value === 'generate') return;
    const parsed = schema.safeParse(value);
    if (!parsed.success) context.addIssue({ code: 'custom', message: parsed.error.issues[0]?.message ?? 'is not valid' });
  }).transform((value) => (value === 'generate' ? ('generate' as const) : (schema.parse(value) as string)));
}
const traceIdFilter = z.string().trim().min(1).max(128);
/** Trace ids travel in headers, logs and file names of other tools: the seed-compatible safe alphabet. */
const traceId = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be 1–128 characters of A–Z a–z 0–9 . _ : -');
export const redrivePolicySchema = z
  .object({
    enabled: z.boolean(),
    intervalMinutes: z.number().int().min(1, 'must be at least 1 minute').max(24 * 60, 'must be at most a day'),
    forHours: z.number().int().min(1, 'must be at least 1 hour').max(30 * 24, 'must be at most 30 days'),
  })
  .strict();
export const retryPolicySchema = z
  .object({ maxAttempts: z.number().int().min(1).max(20), baseDelayMs: z.number().int().min(100).max(3_600_000) })
  .strict();
/** A protocol id; which ones exist is the node's registry's to say (a clear error names them). */
export const protocolId = z.string().regex(PROTOCOL_ID, 'must be a protocol id such as secure, a2a or chat');
const messageIds = z.array(z.number().int().positive()).min(1).max(10_000);
export const wakeHookSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('command'), argv: z.array(z.string().min(1).max(4096)).min(1).max(64), timeoutMs: z.number().int().min(100).max(120_000).default(15_000) }).strict(),
  z.object({ kind: z.literal('webhook'), url: z.url({ protocol: /^https?$/ }), timeoutMs: z.number().int().min(100).max(120_000).default(15_000) }).strict(),
]);

/** What the inspector looks at: any http(s) URL, a peer, or this node as its peers see it. */
const inspectorTarget = z.union([z.object({ url: baseUrl }).strict(), z.object({ peer: peerRef }).strict(), z.object({ self: z.literal(true) }).strict()]);
const tryItInput = z
  .object({
    target: z.union([z.object({ url: baseUrl }).strict(), z.object({ peer: peerRef }).strict()]),
    text: z.string().min(1, 'must not be empty').max(100_000),
    /** Sent as the message's `metadata` (a JSON object). */
    metadata: z.record(z.string().max(200), z.unknown()).optional(),
    contextId: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/).optional(),
  })
  .strict();

/** The Timeline's filters, the same for a page (`messages.list`) and an export (`messages.export`). */
const messageFilter = {
  peerId: z.string().max(200).optional(),
  direction: z.enum(['in', 'out']).optional(),
  status: z.enum(messageStatuses as [string, ...string[]]).optional(),
  protocol: protocolId.optional(),
  traceId: traceIdFilter.optional(),
  text: z.string().max(500).optional(),
};

export const methods = {
  'node.status': method<NodeStatus>()(empty),
  /**
   * A new admin token for the web console and CLI: open consoles are disconnected (they say how to get the new
   * address), control.json is rewritten. The answer is the new console URL, token in its fragment.
   */
  'console.rotateToken': method<{ consoleUrl: string }>()(empty),
  /** Pause or resume receiving: while paused, the public listener answers writes with 503 and Retry-After. */
  'receiving.set': method<ReceivingState>()(z.object({ paused: z.boolean() }).strict()),
  /**
   * A full backup (database, consistent while the node runs, and the vault's data key sealed by the passphrase)
   * written by the node to an absolute path that does not exist yet. The passphrase is never stored or logged.
   */
  'backups.create': method<BackupInfo>()(z.object({ path: z.string().min(1).max(4096), passphrase: z.string().min(1, 'must not be empty').max(1024) }).strict()),
  /** The scheduled backups in the data dir's backups folder, newest first. */
  'backups.list': method<{ dir: string; backups: BackupInfo[] }>()(empty),
  /** The desktop app's own state and preferences (the headless face answers "unavailable"). */
  'desktop.get': method<DesktopState>()(empty),
  'desktop.update': method<DesktopState>()(desktopSettingsPatch),
  /** Looks for a newer release now (GitHub Releases); the answer says what is new. */
  'desktop.checkForUpdates': method<UpdateStatus>()(empty),
  /** Restarts into the downloaded update (the operator chose when). */
  'desktop.installUpdate': method<{ restarting: boolean }>()(empty),
  /** The protocols this node speaks (its registry), for labels and the add-peer choice. */
  'protocols.list': method<{ protocols: ProtocolInfo[] }>()(empty),
  'audit.list': method<{ entries: AuditEntry[] }>()(
    z
      .object({
        limit: z.number().int().min(1).max(500).default(100),
        beforeId: z.number().int().positive().optional(),
      })
      .strict(),
  ),
  'settings.get': method<NodeSettings>()(empty),
  /**
   * The node's own fields are checked here; every other key is a settings slice owned by a protocol (`a2a`,
   * `chat`, a2a-secure's `skills` and `legacySecret`, …) and is checked by its owner in the core, so a new
   * protocol brings its settings without a change to this file. Unknown keys are refused there.
   */
  'settings.update': method<NodeSettings>()(
    z
      .object({
        name: nodeName.optional(),
        publicUrl: baseUrl.nullable().optional(),
        port: z.number().int().min(1, 'must be a port from 1 to 65535').max(65535, 'must be a port from 1 to 65535').optional(),
        setupDone: z.boolean().optional(),
        wakeHook: wakeHookSchema.nullable().optional(),
        retryPolicy: retryPolicySchema.optional(),
      })
      .catchall(z.unknown()),
  ),

  'peers.list': method<{ peers: Peer[] }>()(z.object({ search: z.string().max(200).optional() }).strict()),
  'peers.get': method<Peer>()(z.object({ peer: peerRef }).strict()),
  /**
   * The fields every peer has are checked here; the rest belong to the peer's protocol (a2a-secure's
   * `inboundSecret`, `outboundSecret` and `aesKey`, A2A's `outboundSecret`, chat's `chat`) and are checked by
   * that protocol in the core. `generated` holds secrets the node made, by field name, shown once.
   */
  'peers.add': method<{ peer: Peer; generated: Record<string, string> }>()(
    z
      .object({
        name: peerName,
        baseUrl,
        protocol: protocolId.default(DEFAULT_PROTOCOL),
        notes: z.string().max(2000).optional(),
      })
      .catchall(z.unknown()),
  ),
  /** Like peers.add: the common fields here, a protocol's own (chat's `chat.remoteAgentId`, …) checked by it. */
  'peers.update': method<Peer>()(
    z.object({ peer: peerRef, name: peerName.optional(), baseUrl: baseUrl.optional(), notes: z.string().max(2000).optional() }).catchall(z.unknown()),
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

  /** `total` is exact unless `totalIsLowerBound`: a wide filter is counted up to a cap ("10,000+"), not to the end. */
  'messages.list': method<{ messages: MessageSummary[]; total: number; totalIsLowerBound?: boolean; hasMore: boolean }>()(
    z
      .object({
        ...messageFilter,
        beforeId: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
  ),
  'messages.send': method<MessageSummary>()(
    z
      .object({
        peer: peerRef,
        /** May be empty when files or data go with it. */
        text: z.string().max(1_000_000).default(''),
        /** Files to send with it (A2A peers): their bytes, base64. */
        attachments: z.array(outgoingFile).max(MAX_OUTGOING_FILES).optional(),
        /** JSON to send as a data part (A2A peers). */
        data: jsonValue.optional(),
        encrypt: z.boolean().default(false),
        wake: z.boolean().default(true),
        traceId: traceId.optional(),
        idempotencyKey: z.string().min(1).max(512).optional(),
        context: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be 1–128 characters of A–Z a–z 0–9 . _ : -').optional(),
        newContext: z.boolean().optional(),
        /** The message this one answers: it travels with that message's trace id, so the exchange reads as one. */
        inReplyTo: z.number().int().positive().optional(),
      })
      .strict()
      .refine((input) => input.text.length > 0 || (input.attachments?.length ?? 0) > 0 || input.data !== undefined, { message: 'must not be empty', path: ['text'] }),
  ),
  /** The files of a message: name, type, size, sha256 (their bytes with `attachments.content`). */
  'messages.attachments': method<{ attachments: AttachmentInfo[] }>()(z.object({ id: z.number().int().positive() }).strict()),
  /** A file's bytes (base64), to save or preview; a URL file must be fetched first (`attachments.fetch`). */
  'attachments.content': method<{ attachment: AttachmentInfo; base64: string }>()(z.object({ id: z.number().int().positive() }).strict()),
  /** The operator asks for a file the sender only named by URL: fetched once, through the guarded fetcher, and kept. */
  'attachments.fetch': method<AttachmentInfo>()(z.object({ id: z.number().int().positive() }).strict()),
  /**
   * The timeline for export, a page at a time, oldest first, whole texts: pass the last page's `nextAfterId` as
   * `afterId` until it is null. `since`/`until` are ISO times (since inclusive, until exclusive).
   */
  'messages.export': method<{ rows: ExportRow[]; nextAfterId: number | null }>()(
    z
      .object({
        ...messageFilter,
        since: z.iso.datetime({ offset: true, error: 'must be an ISO time such as 2026-11-30T14:00:00Z' }).optional(),
        until: z.iso.datetime({ offset: true, error: 'must be an ISO time such as 2026-11-30T14:00:00Z' }).optional(),
        afterId: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(500),
      })
      .strict(),
  ),
  /** The Dashboard: an hour of per-minute activity, dead letters and their top reasons, approvals waiting, last errors. */
  'metrics.dashboard': method<DashboardData>()(empty),
  /** Every peer's conversation: latest message, unread count, newest activity first. */
  'conversations.list': method<{ conversations: Conversation[] }>()(empty),
  /** The operator read a conversation up to a message (received messages after it stay unread). */
  'conversations.markRead': method<{ unread: number }>()(z.object({ peerId: z.string().min(1).max(200), upToId: z.number().int().positive() }).strict()),
  'messages.get': method<MessageDetail>()(z.object({ id: z.number().int().positive() }).strict()),
  'messages.markWakesSeen': method<{ changed: number }>()(
    z.union([z.object({ ids: z.array(z.number().int().positive()).min(1).max(1000) }).strict(), z.object({ all: z.literal(true) }).strict()]),
  ),

  'deadLetters.list': method<{ deadLetters: MessageSummary[] }>()(
    z.object({ peerId: z.string().max(200).optional(), beforeId: z.number().int().positive().optional(), limit: z.number().int().min(1).max(1000).default(200) }).strict(),
  ),
  /** Replays keep each message's trace id and idempotency key, so a receiver that already has it applies it once. */
  'deadLetters.replay': method<{ replayed: number[]; skipped: { id: number; reason: string }[] }>()(
    z.union([z.object({ ids: messageIds }).strict(), z.object({ all: z.literal(true), peerId: z.string().max(200).optional() }).strict()]),
  ),
  'deadLetters.discard': method<{ discarded: number }>()(z.object({ ids: messageIds }).strict()),
  'deadLetters.editAndReplay': method<MessageSummary>()(
    z.object({ id: z.number().int().positive(), text: z.string().min(1).max(1_000_000).optional(), peer: peerRef.optional() }).strict(),
  ),
  'outbox.list': method<{ items: MessageSummary[]; peers: PeerDeliveryState[] }>()(empty),
  'outbox.retryNow': method<{ changed: number }>()(z.union([z.object({ ids: messageIds }).strict(), z.object({ peer: peerRef }).strict()])),
  'outbox.setPaused': method<{ peers: PeerDeliveryState[] }>()(z.object({ peer: peerRef, paused: z.boolean() }).strict()),
  /** Strict order for a peer whose protocol would otherwise have several of its messages in flight at once. */
  'outbox.setOrdered': method<{ peer: string; ordered: boolean }>()(z.object({ peer: peerRef, ordered: z.boolean() }).strict()),
  'peers.setRetryPolicy': method<Peer>()(z.object({ peer: peerRef, policy: retryPolicySchema.nullable() }).strict()),
  /** A peer's own redrive policy for dead letters with a transient cause (null: the node's). */
  'peers.setRedrive': method<Peer>()(z.object({ peer: peerRef, policy: redrivePolicySchema.nullable() }).strict()),
  'peers.setGatewayPolicy': method<Peer>()(z.object({ peer: peerRef, policy: z.enum(gatewayPolicies) }).strict()),

  'keys.list': method<{ keys: ApiKeyInfo[] }>()(empty),
  /** A new inbound A2A key, returned once. Without `peer`, a peer named after the label is created for it. */
  'keys.generate': method<{ key: string; info: ApiKeyInfo }>()(
    z.object({ label: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9 ._@-]{0,63}$/, 'may contain letters, digits, spaces and . _ @ - (up to 64)'), peer: peerRef.optional() }).strict(),
  ),
  'keys.revoke': method<ApiKeyInfo>()(z.object({ label: z.string().min(1).max(64) }).strict()),
  'credentials.list': method<{ credentials: OutboundCredential[] }>()(empty),
  'credentials.add': method<OutboundCredential>()(
    z.object({ prefix: z.string().min(1).max(2048), headers: z.record(z.string().min(1).max(100), z.string().min(1).max(8192)) }).strict(),
  ),
  'credentials.remove': method<{ removed: number }>()(z.object({ id: z.number().int().positive() }).strict()),

  'approvals.list': method<{ approvals: Approval[]; pending: number }>()(
    z.object({ status: z.enum(approvalStatuses).optional(), limit: z.number().int().min(1).max(1000).default(200) }).strict(),
  ),
  'approvals.get': method<Approval>()(z.object({ id: z.string().min(1).max(64) }).strict()),
  /** reply: answer by hand; forward: to the local agent; askBack: input-required; approve/reject. */
  'approvals.decide': method<Approval>()(
    z
      .object({ id: z.string().min(1).max(64), action: z.enum(['reply', 'forward', 'askBack', 'approve', 'reject']), text: z.string().min(1).max(100_000).optional() })
      .strict()
      .refine((input) => !['reply', 'askBack'].includes(input.action) || input.text !== undefined, { message: 'reply and askBack need a text', path: ['text'] }),
  ),
  /** Publishes an invite token for this node's agent (given, or generated and returned once). */
  'invites.publish': method<{ invite: ChatInvite; token: string }>()(
    z
      .object({
        token: z.string().min(8, 'must be at least 8 characters').max(256).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces').optional(),
        expiresInSeconds: z.number().int().min(60).max(365 * 86_400).optional(),
        maxUses: z.number().int().min(1).max(1_000_000).optional(),
      })
      .strict(),
  ),
  'invites.list': method<{ invites: ChatInvite[] }>()(empty),
  'invites.revoke': method<ChatInvite>()(z.union([z.object({ id: z.number().int().positive() }).strict(), z.object({ token: z.string().min(1).max(256) }).strict()])),
  'chat.status': method<ChatPeerStatus>()(z.object({ peer: peerRef }).strict()),
  /** Ends the peer's sessions: hosted ones stop taking its tokens; a link forgets its token. */
  'chat.endSession': method<ChatPeerStatus>()(z.object({ peer: peerRef }).strict()),
  'chat.retryHandshake': method<ChatPeerStatus>()(z.object({ peer: peerRef }).strict()),
  /** A key for this node's own agent, to answer handshakes over the API from elsewhere (returned once). */
  'chat.issueInviterKey': method<{ agentId: string; apiKey: string }>()(empty),
  /** Inspects what an agent publishes: a URL, a peer of the address book, or this node itself. */
  'inspector.inspect': method<InspectionReport>()(z.object({ target: inspectorTarget, probe: z.boolean().default(false) }).strict()),
  /** The last inspection of a peer (made when it was added, when its URL changed, or by a watch). */
  'inspector.latest': method<{ report: InspectionReport | null }>()(z.object({ peer: peerRef }).strict()),
  /** Starts, changes or stops watching a URL's card (conditional re-fetch every interval; versions kept). */
  'inspector.watch': method<CardWatch>()(
    z.object({ target: z.union([z.object({ url: baseUrl }).strict(), z.object({ peer: peerRef }).strict()]), enabled: z.boolean(), intervalSeconds: z.number().int().min(1).max(86_400).default(300) }).strict(),
  ),
  'inspector.watches': method<{ watches: CardWatch[] }>()(empty),
  /** The distinct cards a URL has published, newest first. */
  'inspector.versions': method<{ versions: CardVersion[] }>()(z.object({ url: baseUrl }).strict()),
  /** What changed between two versions of a card, by JSON path. */
  'inspector.diff': method<{ changes: CardChange[] }>()(z.object({ from: z.number().int().positive(), to: z.number().int().positive() }).strict()),
  /** The JSON-RPC request "Try it" would send, and the credentials that would go with it (masked), before sending. */
  'inspector.preview': method<{ url: string; request: unknown; credentials: CredentialUse[] }>()(tryItInput),
  /** Sends a test message to an A2A agent; streamed answers are pushed as `inspector.exchange` while it runs. */
  'inspector.send': method<TryItExchange>()(tryItInput.extend({ save: z.enum(['conversation', 'scratch']).default('scratch'), clientId: z.string().max(64).optional() })),
  'inspector.exchanges': method<{ exchanges: TryItExchange[] }>()(z.object({ url: baseUrl.optional(), limit: z.number().int().min(1).max(200).default(50) }).strict()),
  /** Asks an A2A peer to cancel a task this node started. */
  'a2a.cancelTask': method<{ state: string }>()(z.object({ peer: peerRef, taskId: z.string().min(1).max(200) }).strict()),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
/** What a caller passes (defaults may be omitted). */
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
/** What the core receives after validation (defaults applied). */
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodResult<M extends MethodName> = Methods[M] extends MethodSpec<z.ZodType, infer R> ? R : never;

/** What answers each method in the core (the control API checks that every method has one). */
export type MethodHandlers = {
  [M in MethodName]: (input: MethodParsedInput<M>) => MethodResult<M> | Promise<MethodResult<M>>;
};

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
  /** A peer's delivery was paused, resumed or given another retry policy. */
  'delivery.changed': { peerId: string | null };
  /** An approval was created or decided; `pending` is the count for badges. */
  'approvals.changed': { approval: Approval; pending: number };
  /** Something new needs a decision (the desktop notifies). */
  'approval.requested': Approval;
  'keys.changed': Record<string, never>;
  /** A conversation was read (its unread count changed) in some console. */
  'conversations.changed': { peerId: string };
  /** A chat peer's handshake, session or stream changed. */
  'chat.changed': { peerId: string | null };
  /** A URL was inspected (by a watch, a new peer, or on request): its latest report and watch changed. */
  'inspector.checked': { url: string; peerId: string | null };
  /** A watched card changed: what changed, and whether any change needs a look (security, interfaces). */
  'inspector.cardChanged': { url: string; peerId: string | null; peerName: string | null; versionId: number; previousVersionId: number; changes: CardChange[] };
  /** One answer of a running "Try it" (a streamed event, or the reply), for the `clientId` that sent it. */
  'inspector.exchange': { clientId: string; response: unknown };
  /** Receiving was paused or resumed. */
  'receiving.changed': ReceivingState;
  /** The disk filled up or has room again, or a scheduled backup was made. */
  'storage.changed': StorageState;
  /** The desktop's preferences, keychain, login item or update status changed. */
  'desktop.changed': DesktopState;
  /**
   * From the desktop shell to its own window only: show a screen (a notification, the tray menu or a
   * `switchboard://` link asked for it), optionally on one item.
   */
  'ui.show': {
    screen: 'dashboard' | 'approvals' | 'timeline' | 'keys' | 'inspector' | 'peers' | 'delivery' | 'settings';
    approvalId?: string;
    /** A peer by name or id (peers). */
    peer?: string;
    /** Delivery's tab (delivery). */
    tab?: 'deadLetters';
    /** A URL to inspect (inspector), or a card change to show (inspector › History). */
    url?: string;
    card?: { url: string; peerId: string | null; from: number; to: number };
  };
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
