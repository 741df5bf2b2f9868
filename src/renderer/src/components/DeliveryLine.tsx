import { useQuery } from '@tanstack/react-query';
import type { MessageSummary } from '@shared/domain/message';
import { peerListQuery } from '../api/queries';
import { useTransport } from '../api/TransportContext';

function inSeconds(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((Date.parse(iso) - now) / 1000));
  return seconds < 60 ? `in ${seconds} s` : `in ${Math.round(seconds / 60)} min`;
}

/**
 * Whether delivery to a message's peer is paused, from the address book the screen already holds (this never
 * asks the node itself: a list of messages would otherwise ask once per row).
 */
function usePeerPaused(peerId: string | null): boolean {
  const transport = useTransport();
  const peers = useQuery({ ...peerListQuery(transport), enabled: false });
  return peers.data?.find((peer) => peer.id === peerId)?.deliveryPaused ?? false;
}

/**
 * Where an outbound message stands: "attempt 2 of 3, next in 4 s", the last error, or why it died; while its
 * peer's delivery is paused, that it waits for the resume (`paused`, when the caller knows, else the address book).
 */
export function DeliveryLine({ message, now, paused }: { message: MessageSummary; now: number; paused?: boolean }) {
  const delivery = message.delivery;
  const pausedInBook = usePeerPaused(message.peerId);
  if (!delivery) return null;
  if ((message.status === 'retrying' || message.status === 'queued') && (paused ?? pausedInBook)) {
    return (
      <span className="muted small">
        waiting: delivery to {message.peerName} is paused
        {delivery.lastError ? ` · last try: ${delivery.lastError}` : ''}
      </span>
    );
  }
  if (message.status === 'queued' && delivery.attempts === 0) {
    // Nothing was tried yet: "attempt 0 of 3, next in 0 s" would read like a failure.
    const due = delivery.nextAttemptAt && Date.parse(delivery.nextAttemptAt) > now + 1000;
    return <span className="muted small">{due ? `queued, first attempt ${inSeconds(delivery.nextAttemptAt!, now)}` : 'queued, sending…'}</span>;
  }
  if (message.status === 'retrying' || message.status === 'queued') {
    return (
      <span className="muted small">
        attempt {delivery.attempts} of {delivery.maxAttempts}
        {delivery.nextAttemptAt ? `, next ${inSeconds(delivery.nextAttemptAt, now)}` : ''}
        {delivery.lastError ? ` · ${delivery.lastError}` : ''}
      </span>
    );
  }
  if (message.status === 'dead') return <span className="small bad-text">{delivery.deadReason}</span>;
  return null;
}
