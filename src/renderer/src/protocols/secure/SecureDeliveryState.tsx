import type { ReactNode } from 'react';
import type { Peer } from '@shared/domain/peer';

/** An a2a-secure peer takes messages only with the secret it gave you: without one, say so instead of "delivering". */
export function SecureDeliveryState({ peer, ready }: { peer: Peer; ready: ReactNode }) {
  if (peer.hasOutboundSecret) return ready;
  return (
    <>
      <span className="chip chip-warn">needs a secret</span>
      <span className="muted small">Set the outbound secret above: without it, messages to {peer.name} go without credentials and are refused.</span>
    </>
  );
}
