export const approvalStatuses = ['pending', 'approved', 'rejected', 'answered', 'asked', 'expired', 'canceled'] as const;
export type ApprovalStatus = (typeof approvalStatuses)[number];

/**
 * What needs a person, named `<protocol>.<what>` by the protocol that raises it: an inbound A2A request
 * (`a2a.request`: answer, forward, ask back, reject), a chat handshake (`chat.handshake`: approve, reject), …
 */
export type ApprovalKind = string;

export type ApprovalAction = 'reply' | 'forward' | 'askBack' | 'approve' | 'reject';

export interface Approval {
  id: string;
  kind: ApprovalKind;
  status: ApprovalStatus;
  peerId: string | null;
  peerName: string;
  title: string;
  /** Kind-specific facts: for an A2A request the text, task and context ids; for a handshake the invite used. */
  detail: Record<string, unknown>;
  createdAt: string;
  expiresAt: string | null;
  decidedAt: string | null;
  decision: { action: ApprovalAction | 'expire' | 'cancel'; text?: string } | null;
  /** The actions this item offers while pending. */
  actions: ApprovalAction[];
}
