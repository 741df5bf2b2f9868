import type { Approval } from '@shared/domain/approval';
import { timeAgo } from '../../components/chips';

/** Which invite a handshake came with and when the agent joined: its id is self-chosen, so this is all there is. */
export function HandshakeDetail({ approval, now }: { approval: Approval; now: number }) {
  return (
    <p className="muted small">
      {typeof approval.detail.invite === 'string' ? (
        <>
          with invite <code>{approval.detail.invite}</code>
        </>
      ) : null}
      {typeof approval.detail.joinedAt === 'string' ? ` · joined this node ${timeAgo(approval.detail.joinedAt, now)}` : ''}
      {' · '}the agent id is self-chosen: approve only if you expect it
    </p>
  );
}
