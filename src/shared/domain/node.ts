import type { ChatSettings } from './chat';
import type { A2aSettings } from './a2a';
import type { RedrivePolicy, RetryPolicy } from './delivery';
import type { WakeHook } from './wake';

/** What the node reports about itself: identity, where it listens, and how busy it has been. */
export interface NodeCounts {
  messagesIn: number;
  messagesOut: number;
  /** Messages that asked to wake the operator and have not been looked at yet. */
  unseenWakes: number;
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
  /** Where the key that seals stored secrets lives: `file`, `safeStorage:…` (OS keychain). */
  vaultBackend: string;
  counts: NodeCounts;
  /** Whether the public listener takes new messages (the operator can pause it). */
  receiving: ReceivingState;
  /** Messages waiting to go out, and dead letters waiting for a decision. */
  delivery: { queued: number; dead: number };
  /** The web console's address (without its token) and when its token was last rotated. */
  console: { url: string; tokenRotatedAt: string | null };
}

export interface ReceivingState {
  paused: boolean;
  /** When receiving was paused (null while receiving). */
  since: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  event: string;
  details: Record<string, unknown>;
}

/** Node settings the operator changes from the Settings screen or the CLI (secrets shown only as set/unset). */
export interface NodeSettings {
  name: string;
  publicUrl: string | null;
  /** The public listener's port from the next start on (a `--port` flag overrides it for one run). */
  port: number;
  /** The first-run setup was finished or skipped (the console offers it until then; Settings reopens it). */
  setupDone: boolean;
  wakeHook: WakeHook | null;
  /** The retry policy for peers without their own. */
  retryPolicy: RetryPolicy;
  /** How dead letters with a transient cause are tried again by themselves (peers may have their own). */
  redrive: RedrivePolicy;
  /** Prometheus metrics on the public port too (always on the control port, with the admin token). */
  metricsPublic: boolean;
  /** a2a-secure's slice: skills advertised on its capability card. */
  skills: string[];
  /** a2a-secure's slice: whether the seed-style shared secret is set (accepted from any sender that claims a name). */
  legacySecretSet: boolean;
  a2a: A2aSettings;
  chat: ChatSettings;
  /** Every protocol owns a slice, under a key it declares (the built-in ones are typed above). */
  [slice: string]: unknown;
}
