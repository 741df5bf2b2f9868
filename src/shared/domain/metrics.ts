/** One minute of the node's activity, for the Dashboard's plots. */
export interface MetricsMinute {
  /** The minute's start. */
  at: string;
  /** Messages received and sent in the minute, by protocol id. */
  in: Record<string, number>;
  out: Record<string, number>;
  /** Queued → delivered in the minute (a sample of it); null when nothing was delivered. */
  p50Ms: number | null;
  p99Ms: number | null;
  /** Messages waiting to be sent at the minute's end (now, for the current minute). */
  queued: number;
  /** Delivery attempts that failed in the minute. */
  failures: number;
}

export interface DashboardSeries {
  /** The last hour, oldest first; the current minute last. */
  minutes: MetricsMinute[];
  /** What went wrong lately, as sentences, newest first. */
  lastErrors: { at: string; text: string }[];
}

/** The Dashboard's picture of the node: the plots' series and what needs the operator. */
export interface DashboardData extends DashboardSeries {
  deadLetters: { count: number; topReasons: { peerName: string; reason: string; count: number }[] };
  approvals: { pending: number; oldestCreatedAt: string | null };
}
