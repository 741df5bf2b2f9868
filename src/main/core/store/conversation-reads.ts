import type { Conversation } from '../../../shared/domain/message';
import type { Peer } from '../../../shared/domain/peer';
import type { Db } from './database';
import { SUMMARY_FROM, toSummary } from './message-store';

/** Past this many, the list says "999+": counting every unread message of a never-opened busy peer is a scan. */
export const UNREAD_CAP = 999;

/** How far the operator has read each peer's conversation, and the Conversations list built from it. */
export function createConversationReads(deps: { db: Db }) {
  const { db } = deps;
  const s = {
    latest: db.prepare(`${SUMMARY_FROM} WHERE m.peer_id = ? ORDER BY m.id DESC LIMIT 1`),
    readUpTo: db.prepare('SELECT last_read_id FROM conversation_reads WHERE peer_id = ?'),
    unread: db.prepare(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM messages WHERE peer_id = ? AND id > ? AND direction = 'in' LIMIT ${UNREAD_CAP + 1})`),
    mark: db.prepare(
      'INSERT INTO conversation_reads (peer_id, last_read_id) VALUES (?, ?) ON CONFLICT (peer_id) DO UPDATE SET last_read_id = max(last_read_id, excluded.last_read_id)',
    ),
  };
  const readUpTo = (peerId: string) => (s.readUpTo.get(peerId) as { last_read_id: number } | undefined)?.last_read_id ?? 0;
  const unread = (peerId: string) => (s.unread.get(peerId, readUpTo(peerId)) as { n: number }).n;

  return {
    /** Every peer's conversation, the most recently active first (peers without messages last, by name). */
    list(peers: readonly Peer[]): Conversation[] {
      const conversations = peers.map((peer): Conversation => {
        const row = s.latest.get(peer.id) as Parameters<typeof toSummary>[0] | undefined;
        const lastMessage = row ? toSummary(row) : null;
        return { peerId: peer.id, peerName: peer.name, protocol: peer.protocol, lastMessage, unread: lastMessage ? unread(peer.id) : 0, lastActivityAt: lastMessage?.createdAt ?? null };
      });
      return conversations.sort(
        (a, b) => (b.lastMessage?.id ?? 0) - (a.lastMessage?.id ?? 0) || a.peerName.localeCompare(b.peerName, undefined, { sensitivity: 'base' }),
      );
    },
    /** Read up to a message (never backwards); returns what is still unread after it. */
    markRead(peerId: string, upToId: number): number {
      s.mark.run(peerId, upToId);
      return unread(peerId);
    },
  };
}

export type ConversationReads = ReturnType<typeof createConversationReads>;
