import { retryPolicySchema } from '../../../shared/contract';
import { DEFAULT_RETRY_POLICY, type PeerDeliveryState, type RetryPolicy, type SendRequest } from '../../../shared/domain/delivery';
import type { AttachmentInfo } from '../../../shared/domain/attachment';
import type { MessageSummary } from '../../../shared/domain/message';
import type { Peer } from '../../../shared/domain/peer';
import type { Clock } from '../clock';
import { traceId as newTraceId, uuid } from '../crypto/ids';
import { CoreError } from '../errors';
import type { SettingsSlice } from '../settings/settings-slice';
import type { AttachmentStore } from '../store/attachment-store';
import type { AuditLog } from '../store/audit-log';
import type { MessageStore } from '../store/message-store';
import type { PeerStore } from '../store/peer-store';
import type { SettingsStore } from '../store/settings-store';
import type { UnitOfWork } from '../store/unit-of-work';
import type { WriteBatcher } from '../store/write-batcher';
import type { DeliveryWorker } from './delivery-worker';
import type { OutboxStore } from './outbox-store';

const DEFAULT_POLICY_SETTING = 'delivery.defaultPolicy';
/** Peers the operator wants delivered in strict order (ids), whatever their protocol allows. */
const ORDERED_PEERS = 'delivery.orderedPeers';

export interface SendInput {
  peer: string;
  text: string;
  encrypt: boolean;
  wake: boolean;
  traceId?: string | undefined;
  idempotencyKey?: string | undefined;
  /** A2A: continue this conversation, or start a new one (default: the peer's current conversation). */
  context?: string | undefined;
  newContext?: boolean | undefined;
  /** The message this one answers (its trace id is reused unless one is given). */
  inReplyTo?: number | undefined;
  /** Files to send with it (the peer's protocol must carry files), bytes as base64. */
  attachments?: { name: string; mediaType?: string | undefined; base64: string }[] | undefined;
  /** JSON to send with it as a data part. */
  data?: unknown;
}

/** A file to send, decoded. */
export interface OutgoingFile {
  name: string;
  mediaType: string | null;
  bytes: Buffer;
}

/** The options of a send that a peer's protocol may take or refuse. */
export type SendOptions = Pick<SendInput, 'encrypt' | 'wake' | 'context' | 'newContext' | 'data'> & { files?: readonly OutgoingFile[] | undefined };

/**
 * The peer's protocol checks a message before it is queued (an invalid_input CoreError says what to do) and adds
 * what it needs to the stored request (an A2A context and task). The node wires this to the registry.
 */
export type PrepareSend = (peer: Peer, options: SendOptions) => Pick<SendRequest, 'contextId' | 'taskId'>;

/** What the operator does with outbound messages: send, replay, edit-and-replay, discard, pause, retry now. */
export function createOutboxService(deps: {
  outbox: OutboxStore;
  peers: PeerStore;
  messages: MessageStore;
  settings: SettingsStore;
  worker: DeliveryWorker;
  uow: UnitOfWork;
  audit: AuditLog;
  clock: Clock;
  countsChanged: () => void;
  prepare: PrepareSend;
  attachments: AttachmentStore;
  /** Group commit for sends: sends that arrive together share one commit (each still its own savepoint). */
  writes?: WriteBatcher | undefined;
}) {
  const { outbox, peers, uow } = deps;
  const events = uow.events;

  const defaultPolicy = (): RetryPolicy => deps.settings.get<RetryPolicy>(DEFAULT_POLICY_SETTING) ?? DEFAULT_RETRY_POLICY;
  const policyFor = (peerId: string | null): RetryPolicy => ({ ...defaultPolicy(), ...(peerId ? outbox.policyOverride(peerId) : {}) });
  const updated = (id: number) => {
    const summary = deps.messages.summary(id);
    if (summary) events.emit('message.updated', summary);
  };
  const poke = () => uow.afterCommit(() => deps.worker.poke());
  // The worker asks on every look at the queue; the key changes only through setOrdered.
  let orderedCache: ReadonlySet<string> | null = null;
  const orderedPeers = (): ReadonlySet<string> => (orderedCache ??= new Set(deps.settings.get<string[]>(ORDERED_PEERS) ?? []));
  const answered = (messageId: number, peer: Peer): string => {
    const message = deps.messages.summary(messageId);
    if (message && message.peerId !== peer.id) throw new CoreError('invalid_input', `inReplyTo: message ${messageId} is not from ${peer.name}.`, [{ path: 'inReplyTo', message: `message ${messageId} is not from ${peer.name}` }]);
    if (!message) throw new CoreError('invalid_input', `inReplyTo: there is no message ${messageId} to answer.`, [{ path: 'inReplyTo', message: `there is no message ${messageId}` }]);
    return message.traceId;
  };

  /** Queues a message; `attach` keeps its files beside it, before the UI hears of it. */
  const enqueue = (peer: Peer, request: SendRequest, replayOf?: number, attach?: (messageId: number) => AttachmentInfo[]) => {
    const queued = outbox.enqueue({ peerId: peer.id, peerName: peer.name, protocol: peer.protocol, request, maxAttempts: policyFor(peer.id).maxAttempts, ...(replayOf ? { replayOf } : {}) });
    const message = attach ? { ...queued, attachments: attach(queued.id) } : queued;
    events.emit('message.added', message);
    deps.countsChanged();
    poke();
    return message;
  };

  const settings: SettingsSlice = {
    fields: { retryPolicy: retryPolicySchema },
    read: () => ({ retryPolicy: defaultPolicy() }),
    write(patch) {
      deps.settings.set(DEFAULT_POLICY_SETTING, patch.retryPolicy);
    },
  };

  return {
    policyFor,
    defaultPolicy,
    /** The default retry policy's part of the node settings. */
    settings,

    /** Resolves once the message is committed as queued (with other sends of the same turn, when batched). */
    async send(input: SendInput): Promise<MessageSummary> {
      const work = () => {
        const peer = peers.resolve(input.peer);
        const files = (input.attachments ?? []).map((file): OutgoingFile => ({ name: file.name, mediaType: file.mediaType ?? null, bytes: Buffer.from(file.base64, 'base64') }));
        // The protocol refuses files it cannot carry, and files over its limits, before anything is queued.
        const fields = deps.prepare(peer, { ...input, files });
        return enqueue(
          peer,
          {
            text: input.text,
            ...(files.length ? { files: files.length } : {}),
            ...(input.data !== undefined ? { data: input.data } : {}),
            encrypt: input.encrypt,
            wake: input.wake,
            traceId: input.traceId ?? (input.inReplyTo !== undefined ? answered(input.inReplyTo, peer) : null) ?? newTraceId(deps.clock),
            // One key per message, the same on every retry and replay: the receiver applies it once.
            idempotencyKey: input.idempotencyKey ?? uuid(),
            ...fields,
          },
          undefined,
          files.length ? (id) => deps.attachments.add(id, files.map((file) => ({ ...file, url: null }))) : undefined,
        );
      };
      return deps.writes ? deps.writes.run(work) : uow.run('message.send', work);
    },

    deadLetters(filter: { peerId?: string | undefined; beforeId?: number | undefined; limit: number }) {
      return outbox.deadLetters(filter);
    },

    /** All the named (or all) dead letters go back to the queue together, or none do. */
    replay(target: { ids: readonly number[] } | { all: true; peerId?: string | undefined }) {
      return uow.run('deadLetters.replay', () => {
        const ids = 'ids' in target ? [...target.ids] : outbox.deadIds(target.peerId);
        const replayed: number[] = [];
        const skipped: { id: number; reason: string }[] = [];
        for (const id of ids) {
          const peerId = outbox.deadPeer(id);
          if (peerId === undefined) skipped.push({ id, reason: 'not a dead letter (already replayed, delivered or discarded)' });
          else if (peerId === null) skipped.push({ id, reason: 'its peer was removed: edit and replay it to another peer' });
          else {
            outbox.replay(id, policyFor(peerId).maxAttempts);
            replayed.push(id);
            updated(id);
          }
        }
        if (replayed.length > 0) {
          deps.audit.audit('dead_letters.replayed', { count: replayed.length });
          poke();
        }
        return { replayed, skipped };
      });
    },

    discard(ids: readonly number[]) {
      return uow.run('deadLetters.discard', () => {
        let discarded = 0;
        for (const id of ids) {
          if (outbox.discard(id)) {
            discarded += 1;
            updated(id);
          }
        }
        if (discarded > 0) deps.audit.audit('dead_letters.discarded', { count: discarded });
        return { discarded };
      });
    },

    /** A new message (new trace id and key, since its content differs) linked to the dead letter it replaces. */
    editAndReplay(input: { id: number; text?: string | undefined; peer?: string | undefined }): MessageSummary {
      return uow.run('deadLetters.editAndReplay', () => {
        const original = outbox.item(input.id);
        if (outbox.deadPeer(input.id) === undefined || !original) throw new CoreError('not_found', `Message ${input.id} is not a dead letter.`);
        const target = input.peer ? peers.resolve(input.peer) : original.peerId ? peers.get(original.peerId) : null;
        if (!target) throw new CoreError('invalid_input', 'The original peer was removed: choose a peer to send it to.');
        const { contextId, taskId, ...rest } = original.request;
        // Another peer means another conversation: what the protocol adds belongs to the peer it was made for.
        const fields = deps.prepare(target, { encrypt: original.request.encrypt, wake: original.request.wake });
        const conversation = target.id === original.peerId ? { contextId, taskId } : fields;
        const text = input.text ?? deps.messages.content(input.id) ?? original.request.text;
        const message = enqueue(
          target,
          { ...rest, ...Object.fromEntries(Object.entries(conversation).filter(([, value]) => value !== undefined)), text, traceId: newTraceId(deps.clock), idempotencyKey: uuid() },
          input.id,
          original.request.files ? (id) => deps.attachments.copy(input.id, id) : undefined,
        );
        outbox.markReplaced(input.id, message.id);
        updated(input.id);
        deps.audit.audit('dead_letters.edited_and_replayed', { original: input.id, replacement: message.id, peer: target.name });
        return message;
      });
    },

    counts: () => outbox.counts(),

    view(): { items: MessageSummary[]; peers: PeerDeliveryState[] } {
      return { items: outbox.pending(500), peers: outbox.peerStates() };
    },

    retryNow(target: { ids: readonly number[] } | { peer: string }) {
      return uow.run('outbox.retryNow', () => {
        const changed = 'ids' in target ? outbox.retryNow({ ids: target.ids }) : outbox.retryNow({ peerId: peers.resolve(target.peer).id });
        for (const id of 'ids' in target ? target.ids : []) updated(id);
        poke();
        return { changed };
      });
    },

    setPaused(peerRef: string, paused: boolean) {
      return uow.run('outbox.setPaused', () => {
        const peer = peers.resolve(peerRef);
        outbox.setPaused(peer.id, paused);
        deps.audit.audit(paused ? 'delivery.paused' : 'delivery.resumed', { peer: peer.name });
        events.emit('delivery.changed', { peerId: peer.id });
        if (!paused) poke();
        return { peers: outbox.peerStates() };
      });
    },

    /**
     * The operator asks for strict order (one message in flight, oldest first) to a peer whose protocol would
     * pipeline; kept as one settings key, read from memory on every look at the queue.
     */
    setOrdered(peerRef: string, ordered: boolean) {
      return uow.run('outbox.setOrdered', () => {
        const peer = peers.resolve(peerRef);
        const next = new Set(orderedPeers());
        if (ordered) next.add(peer.id);
        else next.delete(peer.id);
        deps.settings.set(ORDERED_PEERS, [...next]);
        uow.afterCommit(() => (orderedCache = next));
        deps.audit.audit(ordered ? 'delivery.ordered' : 'delivery.unordered', { peer: peer.name });
        events.emit('delivery.changed', { peerId: peer.id });
        poke();
        return { peer: peer.name, ordered };
      });
    },

    /** Whether the operator asked for strict order to this peer. */
    ordered: (peerId: string) => orderedPeers().has(peerId),

    setPolicy(peerRef: string, policy: RetryPolicy | null) {
      return uow.run('outbox.setPolicy', () => {
        const peer = peers.resolve(peerRef);
        outbox.setPolicy(peer.id, policy);
        events.emit('delivery.changed', { peerId: peer.id });
        events.emit('peers.changed', { peerId: peer.id });
        return peers.resolve(peer.id);
      });
    },

    /** A removed peer's pending messages become dead letters that say why (they can be edited to another peer). */
    abandonPeer(peer: Peer) {
      uow.run('outbox.abandonPeer', () => {
        for (const id of outbox.pendingFor(peer.id)) {
          outbox.kill(id, `${peer.name} was removed before this message was delivered.`);
          updated(id);
        }
      });
    },
  };
}

export type OutboxService = ReturnType<typeof createOutboxService>;
