import { DEFAULT_ATTACHMENT_LIMITS } from '@shared/domain/attachment';
import type { ProtocolUi } from '../types';
import { A2aAddPeerFields } from './A2aAddPeerFields';
import { A2aPeerSections } from './A2aPeerSections';
import { A2aRequestDetail } from './A2aRequestDetail';
import { A2aSettingsCard } from './A2aSettingsForm';
import { ApiKeysSection } from './ApiKeysSection';
import { CancelTaskAction } from './CancelTask';
import { CredentialsSection } from './CredentialsSection';
import { NewConversationOption, continueConversation } from './NewConversationOption';
import { SetupKeyStep } from './SetupKeyStep';
import { UnauthenticatedSwitch } from './UnauthenticatedSwitch';

/** Google's A2A (seed 001): agent cards, JSON-RPC, tasks; callers present API keys; a gateway to the local agent. */
export const a2aUi: ProtocolUi = {
  addPeer: {
    note: 'Its card is read from the base URL. To let it call you, make it an API key in Keys.',
    initial: {},
    fieldPaths: ['outboundSecret'],
    Fields: A2aAddPeerFields,
  },
  PeerSections: A2aPeerSections,
  composer: { initial: {}, Options: NewConversationOption, afterSend: continueConversation },
  BubbleActions: CancelTaskAction,
  // File parts (raw bytes) and data parts, sent and received; a node from before the limits existed has the defaults.
  files: { limits: (settings) => settings.a2a?.attachments ?? DEFAULT_ATTACHMENT_LIMITS },
  settingsCards: [{ id: 'a2a', order: 40, Card: A2aSettingsCard }],
  keysCards: [
    { id: 'api-keys', order: 10, Card: ApiKeysSection },
    { id: 'outbound-credentials', order: 20, Card: CredentialsSection },
    { id: 'unauthenticated', order: 40, Card: UnauthenticatedSwitch },
  ],
  setupSteps: [{ id: 'key', order: 10, title: 'A2A key', Step: SetupKeyStep }],
  approvals: { 'a2a.request': { label: 'A2A request', noun: 'Request', Detail: A2aRequestDetail } },
  // The core's "Try it" speaks JSON-RPC SendMessage / SendStreamingMessage: only an A2A card offers it.
  inspector: { tryIt: true },
};
