import { z } from 'zod';

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '0.0.0.0';
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .transform((value) => value.replace(/\/+$/, ''));

export const nodeNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  // eslint-disable-next-line no-control-regex -- the point is to reject control characters
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'must not contain control characters');

/** Everything `createNode` accepts; the faces build it from flags, environment and settings. */
export const nodeConfigSchema = z.object({
  dataDir: z.string().min(1),
  name: nodeNameSchema.optional(),
  host: z.string().min(1).default(DEFAULT_HOST),
  port: z.number().int().min(0).max(65535).default(DEFAULT_PORT),
  publicUrl: httpUrl.optional(),
  /** Loopback control API port; 0 picks a free one (the CLI reads it from the data dir). */
  controlPort: z.number().int().min(0).max(65535).default(0),
  bodyLimitBytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(DEFAULT_BODY_LIMIT),
  consoleDir: z.string().optional(),
});

export type NodeConfigInput = z.input<typeof nodeConfigSchema>;
export type NodeConfig = z.output<typeof nodeConfigSchema>;
