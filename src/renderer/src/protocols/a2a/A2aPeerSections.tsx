import type { Peer } from '@shared/domain/peer';
import { OutboundSecret } from '../shared/OutboundSecret';
import { PeerApiKeys } from './PeerApiKeys';
import { PeerGateway } from './PeerGateway';

/** An A2A peer: the keys it calls in with, the token this node presents, and what answers its requests. */
export function A2aPeerSections({ peer }: { peer: Peer }) {
  return (
    <>
      <div className="credentials">
        <PeerApiKeys peer={peer} />
        <OutboundSecret peer={peer} />
      </div>
      <PeerGateway peer={peer} />
    </>
  );
}
