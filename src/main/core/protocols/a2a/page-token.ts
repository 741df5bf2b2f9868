/** A ListTasks cursor: the status time and id of the last task on the page (keyset pagination, newest first). */
export type TaskCursor = [statusAt: number, taskId: string];

/** Longer than any token this node issues (a millisecond time and a task id, base64url). */
const MAX_TOKEN_LENGTH = 512;
const TOKEN_CHARSET = /^[A-Za-z0-9_-]+$/;

export function encodePageToken(cursor: TaskCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/**
 * The cursor inside a token this node issued, or null for anything else. Tokens are opaque to callers (A2A 1.0
 * §3.1.4), so one that is too long, in another alphabet or of another shape was not ours and is refused before
 * it reaches a query.
 */
export function decodePageToken(token: string): TaskCursor | null {
  if (token.length > MAX_TOKEN_LENGTH || !TOKEN_CHARSET.test(token)) return null;
  try {
    const cursor: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Array.isArray(cursor) || cursor.length !== 2) return null;
    const [statusAt, taskId] = cursor as unknown[];
    if (typeof statusAt !== 'number' || !Number.isSafeInteger(statusAt) || typeof taskId !== 'string' || taskId === '') return null;
    return [statusAt, taskId];
  } catch {
    return null;
  }
}
