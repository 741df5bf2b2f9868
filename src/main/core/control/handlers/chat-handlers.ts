import type { ChatProtocol } from '../../protocols/chat/chat-protocol';
import type { ControlHandlers } from '../control-api';

type ChatMethods = 'invites.publish' | 'invites.list' | 'invites.revoke' | 'chat.status' | 'chat.endSession' | 'chat.retryHandshake' | 'chat.issueInviterKey';

/** Invites, chat sessions and links over the control API. */
export function chatHandlers(deps: { chat: ChatProtocol }): Pick<ControlHandlers, ChatMethods> {
  const { chat } = deps;
  return {
    'invites.publish': (input) => chat.publishInvite(input),
    'invites.list': () => ({ invites: chat.host.invites() }),
    'invites.revoke': (target) => chat.revokeInvite(target),
    'chat.status': ({ peer }) => chat.status(peer),
    'chat.endSession': ({ peer }) => chat.endSession(peer),
    'chat.retryHandshake': ({ peer }) => chat.retryHandshake(peer),
    'chat.issueInviterKey': () => {
      const { agentId, apiKey } = chat.host.issueInviterKey();
      return { agentId, apiKey };
    },
  };
}
