import { z } from 'zod';
import { baseUrl, nodeName } from '../../shared/contract';

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '0.0.0.0';
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Everything `createNode` accepts; the faces build it from flags, environment and settings. */
export const nodeConfigSchema = z.object({
  dataDir: z.string().min(1),
  name: nodeName.optional(),
  host: z.string().min(1).default(DEFAULT_HOST),
  /** Unset: the port in the settings (Settings › Node), else 8080. */
  port: z.number().int().min(0).max(65535).optional(),
  publicUrl: baseUrl.optional(),
  /**
   * Loopback control API and console port; 0 picks a free one. Unset: the port used last time, else 7180 (a
   * busy one is replaced by a free one, remembered), so the console's address survives restarts.
   */
  controlPort: z.number().int().min(0).max(65535).optional(),
  /** How often the backup schedule is looked at (the first look waits as long; tests shorten it). */
  backupCheckMs: z.number().int().min(10).max(86_400_000).optional(),
  /** While the disk is full, how often a probe write looks for space again (tests shorten it). */
  storageProbeMs: z.number().int().min(10).max(600_000).optional(),
  /** How often dead letters due for a redrive are looked for (tests shorten it). */
  redriveCheckMs: z.number().int().min(10).max(3_600_000).default(30_000),
  bodyLimitBytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(DEFAULT_BODY_LIMIT),
  consoleDir: z.string().optional(),
  /** Secure by default: make and show one inbound A2A key on the first start (tests turn this off). */
  issueFirstA2aKey: z.boolean().default(true),
  /**
   * The public listener's connection limits (request rates per minute are in Settings › Limits). Slow clients are
   * cut by headersTimeoutMs and by a minimum body rate after a grace period; the rest are caps (tests shrink them).
   */
  connectionLimits: z
    .object({
      headersTimeoutMs: z.number().int().min(100).max(30_000).default(10_000),
      /** After the grace, a body arriving slower than this on average is ended with 408 (0: no minimum). */
      minBodyBytesPerSecond: z.number().int().min(0).max(100 * 1024 * 1024).default(1024),
      bodyGraceMs: z.number().int().min(100).max(30_000).default(5_000),
      maxConnections: z.number().int().min(1).max(100_000).default(1024),
      connectionsPerAddress: z.number().int().min(1).max(100_000).default(128),
      /** Open A2A streams (SendStreamingMessage, SubscribeToTask) per caller. */
      streamsPerCaller: z.number().int().min(1).max(10_000).default(16),
      /** Open WebSockets per caller: chat streams per address, the control port's event sockets in all. */
      socketsPerCaller: z.number().int().min(1).max(10_000).default(16),
    })
    .prefault({}),
  /** a2achat hosting limits: joins per minute per address, protected requests per minute per key. */
  chatLimits: z.object({ joinsPerMinute: z.number().int().min(1).max(100_000), requestsPerMinute: z.number().int().min(1).max(1_000_000) }).optional(),
  /** The card inspector: how long one fetch may take, whether each new peer is inspected in the background, how often a watch may look. */
  inspector: z
    .object({
      timeoutMs: z.number().int().min(100).max(60_000).default(5_000),
      inspectNewPeers: z.boolean().default(true),
      /** The shortest watch interval (a watch is a request to someone else's server; tests shorten it). */
      minWatchSeconds: z.number().int().min(1).max(86_400).default(60),
    })
    .prefault({}),
  /** a2achat requester timings (tests shorten them). */
  chatTimings: z.object({ statusPollMs: z.number().int().min(10), pollMs: z.number().int().min(10), reconnectMaxMs: z.number().int().min(10) }).partial().optional(),
  /** A2A push timings: tries per notification and the first wait between them, and (as a client) how long without a notification before the task is asked for (tests shorten them). */
  a2aPush: z.object({ attempts: z.number().int().min(1).max(20), retryBaseMs: z.number().int().min(1), timeoutMs: z.number().int().min(100).max(60_000), quietMs: z.number().int().min(10) }).partial().optional(),
});

export type NodeConfigInput = z.input<typeof nodeConfigSchema>;
export type NodeConfig = z.output<typeof nodeConfigSchema>;
