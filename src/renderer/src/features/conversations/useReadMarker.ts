import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { Conversation } from '@shared/domain/message';
import { useControlMutation, useConversations } from '../../api/queries';
import { queryKeys } from '../../api/query-keys';

function subscribeVisibility(onChange: () => void): () => void {
  document.addEventListener('visibilitychange', onChange);
  return () => document.removeEventListener('visibilitychange', onChange);
}

/** Whether the console is on screen (a window in the tray or a background tab is not read by anyone). */
function useDocumentVisible(): boolean {
  return useSyncExternalStore(subscribeVisibility, () => document.visibilityState !== 'hidden');
}

function setUnread(list: Conversation[] | undefined, peerId: string, unread: number): Conversation[] | undefined {
  return list?.map((conversation) => (conversation.peerId === peerId ? { ...conversation, unread } : conversation));
}

/**
 * An open, visible conversation is read: whenever the list says it has unread messages, it is marked read up to
 * the newest message shown. The count drops at once; the node's answer (and `conversations.changed` in the other
 * consoles) settles it.
 */
export function useReadMarker(peerId: string, newestId: number | undefined): void {
  const client = useQueryClient();
  const conversations = useConversations();
  const unread = conversations.data?.find((conversation) => conversation.peerId === peerId)?.unread;
  const visible = useDocumentVisible();
  const marked = useRef({ peerId, upToId: 0 });
  const { mutate } = useControlMutation('conversations.markRead', {
    onSuccess: (result) => client.setQueryData<Conversation[]>(queryKeys.conversations, (list) => setUnread(list, peerId, result.unread)),
  });
  useEffect(() => {
    if (marked.current.peerId !== peerId) marked.current = { peerId, upToId: 0 };
    if (!visible || newestId === undefined || newestId <= marked.current.upToId) return;
    // Until the list has loaded its count is unknown: read it anyway, once.
    if (unread === 0) return;
    marked.current = { peerId, upToId: newestId };
    client.setQueryData<Conversation[]>(queryKeys.conversations, (list) => setUnread(list, peerId, 0));
    mutate({ peerId, upToId: newestId });
  }, [visible, newestId, unread, peerId, client, mutate]);
}
