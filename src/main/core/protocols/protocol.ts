import type { AttachmentLimits } from '../../../shared/domain/attachment';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { SendRequest } from '../../../shared/domain/delivery';
import type { MessageSummary } from '../../../shared/domain/message';
import type { Peer } from '../../../shared/domain/peer';
import type { CredentialUse, FetchRecord, Finding, ProbeResult, ProtocolReading } from '../../../shared/domain/inspector';
import type { ProtocolInfo } from '../../../shared/protocols';
import type { ApprovalsService } from '../approvals/approvals-service';
import type { Clock } from '../clock';
import type { NodeConfig } from '../config';
import type { MethodHandlers } from '../../../shared/contract';
import type { EventBus } from '../event-bus';
import type { Vault } from '../crypto/vault';
import type { Credential, GuardedRequest } from '../net/guarded-fetch';
import type { Logger } from '../logger';
import type { SendOptions } from '../outbox/outbox-service';
import type { OutboxItem } from '../outbox/outbox-store';
import type { AttemptResult } from '../outbox/retry-policy';
import type { NodeSettingsService } from '../settings/node-settings';
import type { SettingsSlice } from '../settings/settings-slice';
import type { AuditLog } from '../store/audit-log';
import type { CounterStore } from '../store/counter-store';
import type { Db } from '../store/database';
import type { IdempotencyStore } from '../store/idempotency-store';
import type { AttachmentStore } from '../store/attachment-store';
import type { MessageStore } from '../store/message-store';
import type { PeerStore } from '../store/peer-store';
import type { SettingsStore } from '../store/settings-store';
import type { PublicLimits } from '../server/public-limits';
import type { UnitOfWork } from '../store/unit-of-work';
import type { WriteBatcher } from '../store/write-batcher';
import type { WakeService } from '../wake/wake-service';

/**
 * What every protocol is built from: the node's shared services. A protocol makes its own stores and clients
 * from these; it never reaches into another protocol.
 */
export interface ProtocolContext {
  readonly config: NodeConfig;
  readonly version: string;
  readonly db: Db;
  /** Every change of more than one write goes through here; its events wait for the commit. */
  readonly uow: UnitOfWork;
  /** The event bus (the unit of work's: an event emitted inside a unit is published after its commit). */
  readonly events: EventBus;
  readonly vault: Vault;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly audit: AuditLog;
  readonly peers: PeerStore;
  readonly messages: MessageStore;
  /** Files kept with messages (A2A file parts). */
  readonly attachments: AttachmentStore;
  /** The node's name and public URL; a protocol declares its own slice as `settings` on its Protocol. */
  readonly settings: NodeSettingsService;
  /** Where a protocol keeps its own settings keys (named `<protocol id>.…` or by its slice key). */
  readonly settingsStore: SettingsStore;
  /** The public listener's per-credential rate and its stream and socket caps (per-address limits apply by themselves). */
  readonly limits: PublicLimits;
  readonly approvals: ApprovalsService;
  readonly counters: CounterStore;
  readonly idempotency: IdempotencyStore;
  readonly wake: WakeService;
  /** Group commit for intake on the hot path (acknowledged only once committed). */
  readonly writes: WriteBatcher;
  /** A message reached the timeline: the UI and the counts are told (after the commit, when inside a unit). */
  onMessage(message: MessageSummary): void;
  /** An outbound message's row changed outside a delivery attempt (its task, its reply): the UI is told. */
  messageChanged(messageId: number): void;
  /** What waits in the outbox for this peer may go now (a session opened). */
  retryNow(peerId: string): void;
  /** The URL peers use for this node: the configured public URL, else the listening address. */
  baseUrl(): string;
  /** Origins that are this node itself (a fetch_ref to one of them is answered locally). */
  ownOrigins(): string[];
  /** Node-wide figures a protocol may publish (a2achat's /metrics). */
  nodeMetrics(): Record<string, number>;
  /** The node's Prometheus text when the operator allows it on the public port (Settings), else null. */
  publicMetrics(): Promise<string | null>;
}

/** One delivery attempt of one outbox item to a peer of this protocol. */
export interface Delivery {
  peer: Peer;
  item: OutboxItem;
  signal: AbortSignal;
  /** Keeps a blob this attempt stored, so every retry refers to the same one (a2a-secure's store-and-fetch). */
  saveBlobId(blobId: string): void;
  /** What this attempt puts on the wire (its URL and request body; credentials are never part of it), for the drawer. */
  recordSent(url: string, body: unknown): void;
}

/**
 * In flight per peer for protocols that need no order: enough to hide a loopback or LAN round trip behind the
 * commits, few enough that a peer is not flooded (and that one stuck peer holds only a few of the worker's slots).
 */
export const OUTBOUND_IN_FLIGHT = 8;

export interface OutboundSide {
  /**
   * Checks a message the operator wants to send to `peer` (throwing an invalid_input CoreError with a sentence
   * that says what to do) and returns what this protocol adds to the stored request (an A2A context and task).
   */
  prepare(peer: Peer, options: SendOptions): Pick<SendRequest, 'contextId' | 'taskId'>;
  deliver(delivery: Delivery): Promise<AttemptResult>;
  /**
   * Whether the receiver applies a message once however often it arrives (a2a-secure and a2achat dedupe on the
   * idempotency key). When false (A2A: a repeated SendMessage is a new task), a dead letter is redriven by itself
   * only when the request cannot have arrived (the connection was refused or the name did not resolve).
   */
  readonly idempotent?: boolean;
  /**
   * How many of one peer's messages may be on the wire at once. 1 (the default) is strict per-peer order: the
   * next message goes only once the one before it has an outcome. More is for protocols whose receiver needs no
   * order between messages (each one stands alone, deduped on its key); an operator may still ask for strict order.
   */
  readonly maxInFlight?: number;
  /** Present when the protocol carries files and data: how large they may be (checked before a message is queued). */
  readonly files?: { limits(): AttachmentLimits };
}

export interface PeerSide {
  /**
   * What `peers.add` takes for this protocol besides name, baseUrl, protocol and notes: a strict zod object, so a
   * field of another protocol is refused by name.
   */
  readonly input: z.ZodObject;
  /**
   * Inside the unit of work that adds the peer: store what this protocol keeps for it. Returns the secrets it
   * made, by field name, to be shown once.
   */
  added?(peer: Peer, input: Record<string, unknown>): Record<string, string>;
  /** What `peers.update` takes for this protocol besides name, baseUrl and notes (strict, every field optional). */
  readonly updateInput?: z.ZodObject;
  /** Inside the unit of work that changed the peer: its name, URL or notes, and this protocol's own fields (`input`). */
  updated?(peer: Peer, before: Peer, input: Record<string, unknown>): void;
  /** Inside the unit of work that removes the peer, before its row goes (in-memory cleanup via uow.afterCommit). */
  removing?(peer: Peer): void;
}

/** What a protocol's inspector works with: one target, fetched under the inspector's rules. */
export interface InspectContext {
  /** The target's base URL (no trailing slash). */
  readonly baseUrl: string;
  /**
   * Fetches under the inspector's rules (timeout, 1 MiB, same-origin redirects, no metadata addresses). With
   * `withCredentials`, the credentials that belong to that URL are sent (and shown, masked); never otherwise.
   */
  fetch(request: Omit<GuardedRequest, 'credentials'> & { withCredentials?: boolean }): Promise<FetchRecord>;
  /** The credentials that belong to a URL (Keys › outbound credentials, the peer's own), masked. */
  credentialsFor(url: string): CredentialUse[];
  /** What this protocol last read at this URL (its ETag for If-None-Match, and the card), if anything. */
  readonly previous: { etag: string | null; card: unknown } | null;
  /** Whether probes were asked for. */
  readonly probing: boolean;
}

/** What a protocol's inspector makes of a target. */
export interface InspectorReading {
  reading: ProtocolReading;
  findings: Finding[];
  /** The ETag of the card read (kept with its version for the next conditional fetch). */
  etag?: string | null;
}

/** What "Try it" sends and gets back, for a protocol that offers it. */
export interface TryItInput {
  text: string;
  metadata?: Record<string, unknown> | undefined;
  contextId?: string | undefined;
}

export interface TryItOutcome {
  request: unknown;
  responses: unknown[];
  replyText: string;
  outcome: string;
  contextId: string | null;
  taskId: string | null;
}

/** A protocol's part of the capability-card inspector (DESIGN.md: capabilities that span protocols ask the registry). */
export interface InspectorSide {
  /** Fetches and judges what this protocol publishes at the target. */
  read(context: InspectContext): Promise<InspectorReading>;
  /** Safe checks of a reading's claims against the endpoint (only when asked). */
  probe?(context: InspectContext, reading: ProtocolReading): Promise<{ probes: ProbeResult[]; findings: Finding[] }>;
  /** What this protocol needs to talk to the agent, in a sentence (the compatibility panel). */
  auth?(reading: ProtocolReading): string;
  /** Paths of its card whose change an operator must look at (security, interfaces). */
  sensitive?(path: string): boolean;
  /** What this protocol would send to a URL (Keys › outbound credentials, the peer's own secret), by its own rules. */
  credentialsFor?(url: string, peer: Peer | null): Credential[];
  /** A test message, shown before it is sent and after. */
  tryIt?: {
    preview(context: InspectContext, reading: ProtocolReading, input: TryItInput): { url: string; request: unknown };
    send(context: InspectContext, reading: ProtocolReading, input: TryItInput, onResponse: (response: unknown) => void): Promise<TryItOutcome>;
  };
}

/** A secret a protocol made on a first start, to be shown once by the face (stdout headless, a dialog on the desktop). */
export interface ShownOnce {
  /** What it is, as a heading: `A2A API key "default"`. */
  readonly name: string;
  /** The desktop dialog's title. */
  readonly title: string;
  /** Why it exists, in a sentence. */
  readonly why: string;
  /** What to do with it: "store it where your callers can use it". */
  readonly keep: string;
  readonly value: string;
  /** How it is used, in a sentence. */
  readonly use: string;
  /** Where more are made and this one revoked. */
  readonly manage: { readonly console: string; readonly cli: string };
}

/**
 * A protocol: one folder under protocols/, one object. The node builds the registry from one list and asks it;
 * nothing outside protocols/ branches on a protocol id.
 */
export interface Protocol {
  readonly info: ProtocolInfo;
  /** Mounts its public routes, each group in its own encapsulated scope with its auth, limits and error mapper. */
  register?(app: FastifyInstance): void;
  /** The settings it owns (validated, defaulted and stored by it). */
  readonly settings?: SettingsSlice;
  /** Its peers: what they hold and what happens as they come and go. */
  readonly peers: PeerSide;
  /** Sending to its peers through the outbox (absent: its peers only call in). */
  readonly outbound?: OutboundSide;
  /** The control methods of the contract it answers. */
  readonly handlers?: Partial<MethodHandlers>;
  /** Once the node listens (its URL is known) and its control API is up. */
  start?(): void | Promise<void>;
  /** Before the database closes: end waits, close sockets. */
  stop?(): void | Promise<void>;
  /** Forgets what has expired; returns how many records went. */
  sweep?(): number;
  /** Secrets made on this first start, shown once. */
  firstRun?(): ShownOnce[];
  /** What the operator should know at start (a protocol running without authentication). */
  warnings?(): string[];
  /** Its part of the capability-card inspector. */
  readonly inspector?: InspectorSide;
}

/** How a protocol module is listed: its descriptor, and how to build it for a node. */
export interface ProtocolModule {
  readonly info: ProtocolInfo;
  create(context: ProtocolContext): Protocol;
}
