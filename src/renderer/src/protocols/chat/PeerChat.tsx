import { useState } from 'react';
import type { ChatLinkState } from '@shared/domain/chat';
import type { Peer } from '@shared/domain/peer';
import { useChatStatus, useControlMutation } from '../../api/queries';
import { Countdown } from '../../components/Countdown';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatTime } from '../../components/chips';
import { useNow } from '../../components/useNow';
import { ChatIdentityForm } from './ChatIdentityForm';

const stateWords: Record<ChatLinkState, { text: string; tone: string }> = {
  joining: { text: 'joining the server', tone: 'chip-neutral' },
  requesting: { text: 'requesting a handshake', tone: 'chip-neutral' },
  pending: { text: 'waiting for approval', tone: 'chip-warn' },
  active: { text: 'session open', tone: 'chip-ok' },
  rejected: { text: 'rejected', tone: 'chip-bad' },
  expired: { text: 'request expired', tone: 'chip-neutral' },
  ended: { text: 'session ended', tone: 'chip-neutral' },
  error: { text: 'needs attention', tone: 'chip-bad' },
};

/** A chat peer's handshake and session: where it stands, when things expire, and the actions that fit. */
export function PeerChat({ peer }: { peer: Peer }) {
  const status = useChatStatus(peer.id);
  const now = useNow(1000);
  const [ending, setEnding] = useState(false);
  const end = useControlMutation('chat.endSession');
  const retry = useControlMutation('chat.retryHandshake');
  if (status.isError) return <ErrorNotice error={status.error} action="Could not read the chat session" />;
  const link = status.data?.link ?? null;
  const open = status.data?.hosted.find((session) => !session.endedAt) ?? null;
  const canEnd = link ? link.state === 'active' : open !== null;
  return (
    <section className="credential" aria-label="Chat session">
      <h3>Chat session</h3>
      {link ? (
        <>
          <p className="row">
            <span className={`chip ${stateWords[link.state].tone}`} data-testid="chat-state">
              {stateWords[link.state].text}
            </span>
            {link.state === 'pending' ? <Countdown until={link.requestExpiresAt} now={now} label="request expires" testId="countdown-request-expires" /> : null}
            {link.state === 'active' ? <span className="muted small">{link.stream === 'websocket' ? 'live (WebSocket)' : link.stream === 'polling' ? 'polling' : 'offline'}</span> : null}
          </p>
          <dl className="facts">
            <dt>With</dt>
            <dd>
              <code>{link.remoteAgentId}</code> at {peer.baseUrl}, as <code>{link.myAgentId}</code>
            </dd>
            {link.sessionId ? (
              <>
                <dt>Session</dt>
                <dd>
                  <code>{link.sessionId}</code>
                </dd>
                <dt>Token</dt>
                <dd>
                  <Countdown until={link.tokenExpiresAt} now={now} label="expires" />
                  <span className="muted small"> · rotated {link.rotatedAt ? formatTime(link.rotatedAt) : 'not yet'} (automatically before expiry)</span>
                </dd>
              </>
            ) : null}
          </dl>
          {link.lastError ? <p className="notice notice-warn">{link.lastError}</p> : null}
          <details className="chat-identity">
            <summary>Change the agent ids</summary>
            <ChatIdentityForm key={peer.id} peer={peer} link={link} />
          </details>
          {['rejected', 'expired', 'ended', 'error'].includes(link.state) ? (
            <button type="button" className="button" onClick={() => retry.mutate({ peer: peer.id })} disabled={retry.isPending}>
              Request the handshake again
            </button>
          ) : null}
        </>
      ) : (
        <>
          <p className="muted small">{peer.name} connected to this node; it rotates its own token and requests its own handshakes.</p>
          {open ? (
            <dl className="facts">
              <dt>Session</dt>
              <dd>
                <code>{open.sessionId}</code> <span className="chip chip-ok">open</span>
              </dd>
              <dt>Their token</dt>
              <dd>
                <Countdown until={open.tokenExpiresAt} now={now} label="expires" />
                <span className="muted small"> · last rotated {open.lastRotatedAt ? formatTime(open.lastRotatedAt) : 'never'}</span>
              </dd>
            </dl>
          ) : (
            <p className="notice">No open session: {peer.name} needs to request a new handshake.</p>
          )}
        </>
      )}
      {canEnd ? (
        <button type="button" className="button button-danger" onClick={() => setEnding(true)}>
          End session…
        </button>
      ) : null}
      {ending ? (
        <ConfirmDialog
          title={`End the chat session with ${peer.name}?`}
          consequence={link ? `This node forgets its session token; to talk again it must request a new handshake, which ${link.remoteAgentId} approves.` : `${peer.name}'s tokens stop working at once; to talk again it must request a new handshake, which you approve.`}
          confirmLabel="End session"
          busy={end.isPending}
          onCancel={() => setEnding(false)}
          onConfirm={() => end.mutate({ peer: peer.id }, { onSettled: () => setEnding(false) })}
        />
      ) : null}
      {end.isError ? <ErrorNotice error={end.error} action="Could not end the session" /> : null}
      {retry.isError ? <ErrorNotice error={retry.error} action="Could not request again" /> : null}
    </section>
  );
}
