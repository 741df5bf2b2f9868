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
  /** Whether the database can be written (a full disk refuses messages until space returns) and the newest backup. */
  storage: StorageState;
}

export interface StorageState {
  /** A write failed for lack of space: receivers answer 503 with Retry-After until a probe write succeeds. */
  full: boolean;
  since: string | null;
  /** The newest scheduled backup in the data dir (null: none yet). */
  lastBackup: BackupInfo | null;
}

/** A backup file: `full` holds the data key (sealed by a passphrase), `database` the database only (scheduled). */
export interface BackupInfo {
  path: string;
  kind: 'full' | 'database';
  createdAt: string;
  bytes: number;
  schemaVersion: number;
  counts: Record<string, number>;
}

/** Scheduled rotating backups in the data dir's backups folder. */
export interface BackupSettings {
  enabled: boolean;
  intervalHours: number;
  keep: number;
}

/** The public port's request rates; every request counts against its address, an authenticated one against its credential too. */
export interface RateLimits {
  perAddressPerMinute: number;
  perCredentialPerMinute: number;
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
  /** Scheduled database backups in the data dir (default daily, keep 7). */
  backups: BackupSettings;
  /** Requests per minute the public port takes from one address and with one credential (429 + Retry-After above). */
  limits: RateLimits;
  /** a2a-secure's slice: skills advertised on its capability card. */
  skills: string[];
  /** a2a-secure's slice: whether the seed-style shared secret is set (accepted from any sender that claims a name). */
  legacySecretSet: boolean;
  a2a: A2aSettings;
  chat: ChatSettings;
  /** Every protocol owns a slice, under a key it declares (the built-in ones are typed above). */
  [slice: string]: unknown;
}
