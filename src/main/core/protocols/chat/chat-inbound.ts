import { acceptableTraceId } from '../../net/trace-context';
import type { MessageSummary } from '../../../../shared/domain/message';
import type { Peer } from '../../../../shared/domain/peer';
import type { MessageStore } from '../../store/message-store';
import type { PeerStore } from '../../store/peer-store';

/** A chat message from a peer onto the timeline, whichever side of the session this node is on. */
export function recordInboundChat(
  deps: { peers: PeerStore; messages: MessageStore; onMessage: (message: MessageSummary) => void },
  peer: Peer,
  message: { messageId: string; traceId: string | null; idempotencyKey: string | null; content: string; sessionId: string | null; raw: unknown },
): void {
  deps.peers.touchLastSeen(peer.id);
  deps.onMessage(
    deps.messages.insert({
      peerId: peer.id,
      peerName: peer.name,
      direction: 'in',
      protocol: 'chat',
      // The sender's trace id when it sent one (Switchboard's extension), else the message id: one or the other links both sides.
      traceId: acceptableTraceId(message.traceId) ?? message.messageId.slice(0, 128),
      idempotencyKey: message.idempotencyKey,
      schemaVersion: null,
      content: message.content,
      encrypted: false,
      wake: false,
      status: 'received',
      raw: message.raw,
      contextId: message.sessionId,
      taskId: null,
    }),
  );
}
