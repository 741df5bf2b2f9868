import type { ProtocolUi } from '../types';
import { ChatAddPeerFields, initialChatPeerFields } from './ChatAddPeerFields';
import { ChatDeliveryState } from './ChatDeliveryState';
import { ChatSettingsCard } from './ChatSettingsForm';
import { HandshakeDetail } from './HandshakeDetail';
import { InvitesSection } from './InvitesSection';
import { PeerChat } from './PeerChat';
import { SetupInviteStep } from './SetupInviteStep';

/** a2achat (seed 003): invites, handshakes the inviter approves, short-lived session tokens. */
export const chatUi: ProtocolUi = {
  addPeer: {
    choice: 'a2achat (handshake with an invite)',
    note: 'The base URL is the chat server (another Switchboard, or an a2achat service). This node joins it and asks the agent for a handshake; messages flow once they approve.',
    initial: initialChatPeerFields,
    fieldPaths: ['chat.remoteAgentId', 'chat.inviteToken', 'chat.myAgentId'],
    Fields: ChatAddPeerFields,
  },
  PeerSections: PeerChat,
  DeliveryState: ChatDeliveryState,
  // A chat peer that connected to this node has no URL: its messages go into the session this node hosts.
  composer: { initial: {}, sendsWithoutBaseUrl: true },
  settingsCards: [{ id: 'chat', order: 50, Card: ChatSettingsCard }],
  keysCards: [{ id: 'invites', order: 30, Card: InvitesSection }],
  setupSteps: [{ id: 'invite', order: 20, title: 'Chat invite', Step: SetupInviteStep }],
  approvals: { 'chat.handshake': { label: 'chat handshake', noun: 'Handshake', Detail: HandshakeDetail } },
};
