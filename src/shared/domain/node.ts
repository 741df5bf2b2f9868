/** What the node reports about itself: identity, where it listens, and how busy it has been. */
export interface NodeCounts {
  messagesIn: number;
  messagesOut: number;
}

export interface NodeStatus {
  name: string;
  version: string;
  /** Address the public listener is bound to, e.g. `0.0.0.0`. */
  bindHost: string;
  port: number;
  /** A URL that reaches the public listener from this machine. */
  listeningUrl: string;
  /** The URL peers are told to use (cards, fetch_ref links); null until the operator sets one. */
  publicUrl: string | null;
  startedAt: string;
  uptimeSeconds: number;
  dataDir: string;
  counts: NodeCounts;
}

export interface AuditEntry {
  id: number;
  at: string;
  event: string;
  details: Record<string, unknown>;
}
