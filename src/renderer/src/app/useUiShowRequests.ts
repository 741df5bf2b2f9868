import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { EventPayload } from '@shared/contract';
import { peerListQuery } from '../api/queries';
import { useTransport } from '../api/TransportContext';
import { inspectorStore } from '../stores/inspector-store';
import { uiStore } from '../stores/ui-store';

type ShowRequest = EventPayload<'ui.show'>;

const asciiLower = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

/**
 * The desktop shell asks for a screen (a notification, the tray menu or a `switchboard://` link was used),
 * optionally on one item. Each request goes through the same store actions the screens use.
 */
export function useUiShowRequests(): void {
  const transport = useTransport();
  const client = useQueryClient();
  useEffect(() => {
    const ui = uiStore.getState().actions;
    const inspector = inspectorStore.getState().actions;

    // A link names a peer by id or by name (names compare as the node compares them: ASCII case aside). The
    // address book is looked up here rather than asking for the one peer, because an error's code does not
    // survive every transport, and "there is none" must not read as "the node failed".
    const showPeer = (ref: string) => {
      ui.screenSelected('peers');
      const wanted = asciiLower(ref);
      client.fetchQuery(peerListQuery(transport)).then(
        (peers) => {
          if (uiStore.getState().screen !== 'peers') return;
          const peer = peers.find((p) => p.id === ref) ?? peers.find((p) => asciiLower(p.name) === wanted);
          if (peer) ui.peerShown(peer.id);
          else ui.peerMissing(ref, null);
        },
        (error: unknown) => {
          if (uiStore.getState().screen === 'peers') ui.peerMissing(ref, error instanceof Error ? error.message : 'The node did not answer.');
        },
      );
    };

    const show = (request: ShowRequest) => {
      switch (request.screen) {
        case 'approvals':
          return ui.approvalsShown(request.approvalId ?? null);
        case 'inspector':
          if (request.card) {
            const { card } = request;
            return inspector.opened(card.peerId ? { peer: card.peerId } : { url: card.url }, { tab: 'history', versions: { from: card.from, to: card.to } });
          }
          if (request.url) return inspector.linkInspected(request.url);
          return ui.screenSelected('inspector');
        case 'peers':
          if (request.peer) return showPeer(request.peer);
          return ui.screenSelected('peers');
        case 'delivery':
          if (request.tab === 'deadLetters') return ui.deadLetterShown(null);
          return ui.screenSelected('delivery');
        default:
          return ui.screenSelected(request.screen);
      }
    };
    return transport.on('ui.show', show);
  }, [transport, client]);
}
