import type { Peer } from '@shared/domain/peer';
import { OutboundSecret } from '../shared/OutboundSecret';
import { AesKey } from './AesKey';
import { InboundSecrets } from './InboundSecrets';

/** An a2a-secure peer's credentials, masked: what it presents, what this node presents, and the AES key. */
export function SecurePeerSections({ peer }: { peer: Peer }) {
  return (
    <div className="credentials">
      <InboundSecrets peer={peer} />
      <OutboundSecret peer={peer} />
      <AesKey peer={peer} />
    </div>
  );
}
