import type { RawData } from 'ws';
import type { z } from 'zod';

/** A WebSocket frame as JSON of the given shape, or null when it is not JSON or not that shape (never a throw). */
export function parseFrame<T>(data: RawData | string, schema: z.ZodType<T>): T | null {
  let json: unknown;
  try {
    json = JSON.parse(String(data));
  } catch {
    return null;
  }
  const frame = schema.safeParse(json);
  return frame.success ? frame.data : null;
}
