import { isoAt, type Clock } from '../../clock';
import { uuid } from '../../crypto/ids';
import type { Db } from '../../store/database';

/** Task states (as stateName writes them) in which the peer waits for our next message. */
export const INTERRUPTED_STATE_NAMES: readonly string[] = ['input-required', 'auth-required'];

export interface Conversation {
  contextId: string;
  taskId: string | null;
  taskState: string | null;
}

/** The A2A conversation this node is having with each peer: its contextId, and the last task's id and state. */
export function createConversationStore(deps: { db: Db; clock: Clock }) {
  const s = {
    get: deps.db.prepare('SELECT context_id, task_id, task_state FROM a2a_conversations WHERE peer_id = ?'),
    upsert: deps.db.prepare(
      `INSERT INTO a2a_conversations (peer_id, context_id, task_id, task_state, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (peer_id) DO UPDATE SET context_id = excluded.context_id, task_id = excluded.task_id, task_state = excluded.task_state, updated_at = excluded.updated_at`,
    ),
  };
  return {
    current(peerId: string): Conversation | null {
      const row = s.get.get(peerId) as { context_id: string; task_id: string | null; task_state: string | null } | undefined;
      return row ? { contextId: row.context_id, taskId: row.task_id, taskState: row.task_state } : null;
    },
    /** The context to send in: the one given, a new one, or the peer's current conversation (new if none). */
    contextFor(peerId: string, choice: { context?: string | undefined; newContext?: boolean | undefined }): string {
      if (choice.context) return choice.context;
      const current = choice.newContext ? null : this.current(peerId);
      if (current) return current.contextId;
      const contextId = uuid();
      s.upsert.run(peerId, contextId, null, null, isoAt(deps.clock));
      return contextId;
    },
    record(peerId: string, conversation: Conversation): void {
      s.upsert.run(peerId, conversation.contextId, conversation.taskId, conversation.taskState, isoAt(deps.clock));
    },
  };
}

export type ConversationStore = ReturnType<typeof createConversationStore>;
