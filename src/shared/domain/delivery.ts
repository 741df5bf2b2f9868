/** How the outbox retries a peer: attempts in all, and the first wait (doubled after each failure, with jitter). */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
}

/** The seed's policy: 3 attempts, waiting 1 s, then 2 s (then 4 s … if more attempts are allowed). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1000 };

/**
 * Dead letters that heal themselves: one whose cause was transient (connection error, timeout, 5xx, 429) is tried
 * again every `intervalMinutes` for `forHours` after it first died, and at once when its peer is seen again.
 */
export interface RedrivePolicy {
  enabled: boolean;
  intervalMinutes: number;
  forHours: number;
}

export const DEFAULT_REDRIVE_POLICY: RedrivePolicy = { enabled: true, intervalMinutes: 5, forHours: 24 };

/** The delivery state of an outbound message, next to its status. */
export interface DeliveryInfo {
  attempts: number;
  maxAttempts: number;
  /** When the next attempt is due (queued or retrying). */
  nextAttemptAt: string | null;
  lastError: string | null;
  /** Why it is dead, as a sentence with a next step. */
  deadReason: string | null;
  /** A dead letter with a transient cause: when it is tried again by itself (null: only when the operator replays it). */
  nextRedriveAt: string | null;
  /** This message replays (edited) another one. */
  replayOf: number | null;
  /** This dead letter was edited and replayed as another message. */
  replacedBy: number | null;
  discarded: boolean;
  /** The peer's answer to the delivered message (its JSON, as received). */
  response: unknown;
}

export interface DeliveryAttempt {
  attempt: number;
  startedAt: string;
  finishedAt: string | null;
  outcome: 'delivered' | 'retry' | 'failed' | 'interrupted' | null;
  statusCode: number | null;
  error: string | null;
  /** How long the attempt took (ms), when it finished. */
  durationMs: number | null;
}

/** What the operator asked to send; the wire body is built from it on every attempt. */
export interface SendRequest {
  text: string;
  encrypt: boolean;
  wake: boolean;
  traceId: string;
  /** Also the A2A messageId: the same on every retry and replay, so a replay is recognisable. */
  idempotencyKey: string;
  /** A2A: the conversation, and the task being continued (after the peer asked for more input). */
  contextId?: string;
  taskId?: string;
  /** How many files go with it (their bytes are the message's attachments, not part of this request). */
  files?: number;
  /** JSON that goes with it as a data part (A2A). */
  data?: unknown;
}

export interface PeerDeliveryState {
  peerId: string;
  peerName: string;
  paused: boolean;
  pending: number;
}
