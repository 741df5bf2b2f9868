import { CoreError } from '../../errors';
import type { MessageStatus } from '../../../../shared/domain/message';
import type { ConversationReads } from '../../store/conversation-reads';
import type { MessageStore } from '../../store/message-store';
import type { PeerStore } from '../../store/peer-store';
import type { ControlHandlers } from '../control-api';
import type { EventBus } from '../../event-bus';

export function messageHandlers(deps: {
  messages: MessageStore;
  events: EventBus;
  countsChanged: () => void;
}): Pick<ControlHandlers, 'messages.list' | 'messages.get' | 'messages.markWakesSeen' | 'messages.export'> {
  return {
    'messages.export': ({ afterId, limit, status, since, until, ...filter }) => {
      // ISO times compare as text once they are in the one form the node writes (UTC, milliseconds).
      const at = (value: string | undefined) => (value === undefined ? undefined : new Date(value).toISOString());
      const rows = deps.messages.exportPage({ ...filter, status: status as MessageStatus | undefined, since: at(since), until: at(until) }, afterId, limit);
      return { rows, nextAfterId: rows.length === limit ? rows.at(-1)!.id : null };
    },
    'messages.list': ({ beforeId, limit, status, ...filter }) => deps.messages.list({ ...filter, status: status as MessageStatus | undefined }, { beforeId, limit }),
    'messages.get': ({ id }) => {
      const message = deps.messages.get(id);
      if (!message) throw new CoreError('not_found', `There is no message ${id}.`);
      return message;
    },
    'messages.markWakesSeen': (input) => {
      const changed = deps.messages.markWakesSeen('all' in input ? 'all' : input.ids);
      if (changed > 0) deps.countsChanged();
      // Named messages are pushed back so open lists update in place; "all" is rare and the UI reloads.
      if (changed > 0 && !('all' in input)) {
        for (const id of input.ids) {
          const summary = deps.messages.summary(id);
          if (summary) deps.events.emit('message.updated', summary);
        }
      }
      return { changed };
    },
  };
}

/** The Conversations list: every peer with its latest message and unread count; reading one is told to every console. */
export function conversationHandlers(deps: { reads: ConversationReads; peers: PeerStore; events: EventBus }): Pick<ControlHandlers, 'conversations.list' | 'conversations.markRead'> {
  return {
    'conversations.list': () => ({ conversations: deps.reads.list(deps.peers.list()) }),
    'conversations.markRead': ({ peerId, upToId }) => {
      const peer = deps.peers.resolve(peerId);
      const unread = deps.reads.markRead(peer.id, upToId);
      deps.events.emit('conversations.changed', { peerId: peer.id });
      return { unread };
    },
  };
}
