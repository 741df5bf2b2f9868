/** a2achat (seed 003): handshakes approved by the inviter, short-lived session tokens, cursor-ordered messages. */

/** An invite token this node's operator published (only a hint of it is ever shown again). */
export interface ChatInvite {
  id: number;
  hint: string;
  createdAt: string;
  expiresAt: string | null;
  maxUses: number | null;
  uses: number;
  revokedAt: string | null;
  /** usable, expired, used up or revoked */
  state: 'active' | 'expired' | 'used' | 'revoked';
}

/** A session this node hosts (it is the inviter), as the operator sees it. */
export interface HostedChatSession {
  sessionId: string;
  requesterAgentId: string;
  peerId: string | null;
  createdAt: string;
  endedAt: string | null;
  /** When the requester's current token expires (it rotates its own). */
  tokenExpiresAt: string | null;
  lastRotatedAt: string | null;
}

export const chatLinkStates = ['joining', 'requesting', 'pending', 'active', 'rejected', 'expired', 'ended', 'error'] as const;
export type ChatLinkState = (typeof chatLinkStates)[number];

/** This node as requester on another a2achat server: where the handshake and the session stand. */
export interface ChatLinkInfo {
  peerId: string;
  myAgentId: string;
  remoteAgentId: string;
  state: ChatLinkState;
  requestId: string | null;
  requestExpiresAt: string | null;
  sessionId: string | null;
  tokenExpiresAt: string | null;
  rotatedAt: string | null;
  /** live (WebSocket), polling, or offline */
  stream: 'websocket' | 'polling' | 'offline';
  lastError: string | null;
  updatedAt: string;
}

/** A chat peer's side of things: the link when this node requested, the sessions when it hosts. */
export interface ChatPeerStatus {
  link: ChatLinkInfo | null;
  hosted: HostedChatSession[];
}

export interface ChatSettings {
  /** This node's agent id: the inviter others address, and the requester id it uses elsewhere. */
  agentId: string;
  /** Whether agents may join and request handshakes on this node's public port. */
  hosting: boolean;
  handshakeMinutes: number;
  sessionMinutes: number;
}

export const DEFAULT_CHAT_SETTINGS: Omit<ChatSettings, 'agentId'> = { hosting: true, handshakeMinutes: 10, sessionMinutes: 15 };

/** Agent ids as a2achat uses them: letters, digits and . _ : - (clawdbot:name included). */
export const CHAT_AGENT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
