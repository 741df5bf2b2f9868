import { randomUUID } from 'node:crypto';
import { ControlError } from '../../../shared/control-error';
import { DEFAULT_RETRY_POLICY, type PeerDeliveryState, type RetryPolicy, type SendRequest } from '../../../shared/domain/delivery';
import type { MessageSummary } from '../../../shared/domain/message';
import type { Peer } from '../../../shared/domain/peer';
import type { Clock } from '../clock';
import type { EventBus } from '../control/event-bus';
import { generateTraceId } from '../protocols/secure/secure-receiver';
import type { AuditLog } from '../store/audit-log';
import type { MessageStore } from '../store/message-store';
import type { PeerStore } from '../store/peer-store';
import type { SettingsStore } from '../store/settings-store';
import type { DeliveryWorker } from './delivery-worker';
import type { OutboxStore } from './outbox-store';

export const DEFAULT_POLICY_SETTING = 'delivery.defaultPolicy';

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
}

/** Where an A2A message goes in the peer conversation: its context, and the task it continues, if any. */
export type ConversationChooser = (peer: Peer, choice: { context?: string | undefined; newContext?: boolean | undefined }) => { contextId: string; taskId?: string };

/** What the operator does with outbound messages: send, replay, edit-and-replay, discard, pause, retry now. */
export function createOutboxService(deps: {
  outbox: OutboxStore;
  peers: PeerStore;
  messages: MessageStore;
  settings: SettingsStore;
  worker: DeliveryWorker;
  events: EventBus;
  audit: AuditLog;
  clock: Clock;
  countsChanged: () => void;
  conversationFor: ConversationChooser;
}) {
  const { outbox, peers, events } = deps;

  const defaultPolicy = (): RetryPolicy => deps.settings.get<RetryPolicy>(DEFAULT_POLICY_SETTING) ?? DEFAULT_RETRY_POLICY;
  const policyFor = (peerId: string | null): RetryPolicy => ({ ...defaultPolicy(), ...(peerId ? outbox.policyOverride(peerId) : {}) });
  const updated = (id: number) => {
    const summary = deps.messages.summary(id);
    if (summary) events.emit('message.updated', summary);
  };

  const sendable = (peer: Peer, encrypt: boolean) => {
    // A chat peer that connected to this node has no URL: its messages go into the session this node hosts.
    if (!peer.baseUrl && peer.protocol !== 'chat') throw new ControlError('invalid_input', `${peer.name} has no base URL (it only calls this node); set one in Peers › ${peer.name} to send to it.`);
    if (encrypt && peer.protocol !== 'secure') throw new ControlError('invalid_input', `Encryption is an a2a-secure feature; A2A messages are protected by the peer's https.`);
    if (encrypt && !peer.hasAesKey) throw new ControlError('invalid_input', `${peer.name} has no AES key, so the message cannot be encrypted. Set one in Peers › ${peer.name}.`);
  };

  const enqueue = (peer: Peer, request: SendRequest, replayOf?: number) => {
    const message = outbox.enqueue({ peerId: peer.id, peerName: peer.name, protocol: peer.protocol, request, maxAttempts: policyFor(peer.id).maxAttempts, ...(replayOf ? { replayOf } : {}) });
    events.emit('message.added', message);
    deps.countsChanged();
    deps.worker.poke();
    return message;
  };

  return {
    policyFor,
    defaultPolicy,

    send(input: SendInput): MessageSummary {
      const peer = peers.resolve(input.peer);
      sendable(peer, input.encrypt);
      if (peer.protocol !== 'a2a' && (input.context || input.newContext)) throw new ControlError('invalid_input', 'Contexts are an A2A feature.');
      return enqueue(peer, {
        text: input.text,
        encrypt: input.encrypt,
        wake: input.wake,
        traceId: input.traceId ?? generateTraceId(deps.clock),
        // One key per message, the same on every retry and replay: the receiver applies it once.
        idempotencyKey: input.idempotencyKey ?? randomUUID(),
        ...(peer.protocol === 'a2a' ? deps.conversationFor(peer, { context: input.context, newContext: input.newContext }) : {}),
      });
    },

    deadLetters(filter: { peerId?: string | undefined; beforeId?: number | undefined; limit: number }) {
      return outbox.deadLetters(filter);
    },

    replay(target: { ids: readonly number[] } | { all: true; peerId?: string | undefined }) {
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
        deps.worker.poke();
      }
      return { replayed, skipped };
    },

    discard(ids: readonly number[]) {
      let discarded = 0;
      for (const id of ids) {
        if (outbox.discard(id)) {
          discarded += 1;
          updated(id);
        }
      }
      if (discarded > 0) deps.audit.audit('dead_letters.discarded', { count: discarded });
      return { discarded };
    },

    /** A new message (new trace id and key, since its content differs) linked to the dead letter it replaces. */
    editAndReplay(input: { id: number; text?: string | undefined; peer?: string | undefined }): MessageSummary {
      const original = outbox.item(input.id);
      if (outbox.deadPeer(input.id) === undefined || !original) throw new ControlError('not_found', `Message ${input.id} is not a dead letter.`);
      const target = input.peer ? peers.resolve(input.peer) : original.peerId ? peers.get(original.peerId) : null;
      if (!target) throw new ControlError('invalid_input', 'The original peer was removed: choose a peer to send it to.');
      sendable(target, original.request.encrypt);
      const text = input.text ?? deps.messages.content(input.id) ?? original.request.text;
      // Another peer means another conversation: an A2A context belongs to the peer it was opened with.
      const { contextId: _context, taskId: _task, ...rest } = original.request;
      const conversation = target.id === original.peerId ? { contextId: _context, taskId: _task } : target.protocol === 'a2a' ? deps.conversationFor(target, {}) : {};
      const message = enqueue(
        target,
        { ...rest, ...Object.fromEntries(Object.entries(conversation).filter(([, value]) => value !== undefined)), text, traceId: generateTraceId(deps.clock), idempotencyKey: randomUUID() },
        input.id,
      );
      outbox.markReplaced(input.id, message.id);
      updated(input.id);
      deps.audit.audit('dead_letters.edited_and_replayed', { original: input.id, replacement: message.id, peer: target.name });
      return message;
    },

    view(): { items: MessageSummary[]; peers: PeerDeliveryState[] } {
      return { items: outbox.pending(500), peers: outbox.peerStates() };
    },

    retryNow(target: { ids: readonly number[] } | { peer: string }) {
      const changed = 'ids' in target ? outbox.retryNow({ ids: target.ids }) : outbox.retryNow({ peerId: peers.resolve(target.peer).id });
      for (const id of 'ids' in target ? target.ids : []) updated(id);
      deps.worker.poke();
      return { changed };
    },

    setPaused(peerRef: string, paused: boolean) {
      const peer = peers.resolve(peerRef);
      outbox.setPaused(peer.id, paused);
      deps.audit.audit(paused ? 'delivery.paused' : 'delivery.resumed', { peer: peer.name });
      events.emit('delivery.changed', { peerId: peer.id });
      if (!paused) deps.worker.poke();
      return { peers: outbox.peerStates() };
    },

    setPolicy(peerRef: string, policy: RetryPolicy | null) {
      const peer = peers.resolve(peerRef);
      outbox.setPolicy(peer.id, policy);
      events.emit('delivery.changed', { peerId: peer.id });
      events.emit('peers.changed', { peerId: peer.id });
      return peers.resolve(peer.id);
    },

    /** A removed peer's pending messages become dead letters that say why (they can be edited to another peer). */
    abandonPeer(peer: Peer) {
      for (const id of outbox.pendingFor(peer.id)) {
        outbox.kill(id, `${peer.name} was removed before this message was delivered.`);
        updated(id);
      }
    },
  };
}

export type OutboxService = ReturnType<typeof createOutboxService>;
