import { DEFAULT_ATTACHMENT_LIMITS, type AttachmentLimits } from './attachment';

/** What answers an inbound A2A request from a peer. */
export const gatewayPolicies = ['ask', 'forward', 'manual'] as const;
export type GatewayPolicy = (typeof gatewayPolicies)[number];

export const gatewayPolicyLabels: Record<GatewayPolicy, string> = {
  ask: 'Ask me (approve, reply by hand, or forward)',
  forward: 'Forward to my local agent without asking',
  manual: 'Never forward (I answer by hand)',
};

/** An inbound API key as the UI sees it: a label, a 4+4 hint, its peer; never the key. */
export interface ApiKeyInfo {
  id: number;
  label: string;
  hint: string;
  peerId: string;
  peerName: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** Headers sent to requests under a URL prefix (seed 001 `remoteAgents`); values masked. */
export interface OutboundCredential {
  id: number;
  prefix: string;
  headers: { name: string; masked: string }[];
  createdAt: string;
}

export interface A2aSettings {
  description: string;
  /** The card's skills; those for known callers only are left out of the public card and listed in the extended one. */
  skills: { id: string; name: string; description: string; tags: string[]; knownCallersOnly: boolean }[];
  /** Accept calls without a key (only behind another layer of auth: a tailnet, a proxy). */
  allowUnauthenticated: boolean;
  /** How long a blocking SendMessage waits before returning the task as it stands. */
  blockingWaitSeconds: number;
  /** The operator's own agent (an A2A endpoint) that approved requests are forwarded to. */
  localAgentUrl: string | null;
  /** Tasks older than this, or beyond this many, are forgotten (oldest first). */
  taskRetention: { maxAgeDays: number; maxTasks: number };
  /** Pending approvals expire after this long. */
  approvalHours: number;
  /** How large inbound (and outbound) files may be, per file and per message. */
  attachments: AttachmentLimits;
}

export const DEFAULT_A2A_SETTINGS: A2aSettings = {
  description: 'A Switchboard node: messages reach its operator, who answers or forwards them.',
  skills: [{ id: 'chat', name: 'Chat with the operator', description: 'Send a message; the operator answers by hand or forwards it to their agent.', tags: ['chat'], knownCallersOnly: false }],
  allowUnauthenticated: false,
  blockingWaitSeconds: 60,
  localAgentUrl: null,
  taskRetention: { maxAgeDays: 30, maxTasks: 5000 },
  approvalHours: 24,
  attachments: DEFAULT_ATTACHMENT_LIMITS,
};
