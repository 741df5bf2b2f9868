import type { ReactNode } from 'react';
import type { Peer } from '@shared/domain/peer';
import { useChatStatus } from '../../api/queries';

/** A chat peer's messages flow only through an open session: until there is one, say where it stands instead of "delivering". */
export function ChatDeliveryState({ peer, ready }: { peer: Peer; ready: ReactNode }) {
  const status = useChatStatus(peer.id);
  if (!status.data) return <span className="chip chip-neutral">session: checking</span>;
  const link = status.data.link;
  if (link) {
    if (link.state === 'active') return ready;
    if (['joining', 'requesting', 'pending'].includes(link.state)) return <span className="chip chip-warn">waiting for the handshake: messages wait in the outbox</span>;
    return <span className="chip chip-bad">session needs attention: see the chat session above</span>;
  }
  if (status.data.hosted.some((session) => !session.endedAt)) return ready;
  return <span className="chip chip-warn">no open session: {peer.name} needs to request a handshake</span>;
}
