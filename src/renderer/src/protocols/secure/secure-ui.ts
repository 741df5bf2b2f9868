import type { ProtocolUi } from '../types';
import { LegacySecretForm } from './LegacySecretForm';
import { SecureAddPeerFields, initialSecurePeerFields } from './SecureAddPeerFields';
import { SecureComposerOptions } from './SecureComposerOptions';
import { SecureDeliveryState } from './SecureDeliveryState';
import { SecurePeerSections } from './SecurePeerSections';
import { SkillsField, initialSkillsSlice } from './SkillsField';

/** a2a-secure (seed 000): shared secrets per peer, optional AES-256-GCM bodies, wake. */
export const secureUi: ProtocolUi = {
  addPeer: {
    note: 'For A2A and a2achat peers, choose their protocol.',
    initial: initialSecurePeerFields,
    fieldPaths: ['inboundSecret', 'outboundSecret', 'aesKey'],
    Fields: SecureAddPeerFields,
  },
  generatedSecrets: {
    inboundSecret: { label: 'Inbound secret', hint: (peerName) => `Give this to ${peerName}: it sends it as "Authorization: Bearer …".` },
    aesKey: { label: 'AES-256 key', hint: (peerName) => `Share it with ${peerName} over a secure channel (the key file holds exactly this).` },
  },
  PeerSections: SecurePeerSections,
  DeliveryState: SecureDeliveryState,
  composer: {
    initial: { encrypt: false, wake: true },
    Options: SecureComposerOptions,
    // Once the key is cleared the box shows unticked; what is sent matches what is shown.
    sendInput: (options, peer) => ({ ...options, encrypt: options.encrypt === true && peer.hasAesKey }),
  },
  nodeFields: { initial: initialSkillsSlice, fieldPaths: ['skills'], Fields: SkillsField },
  settingsCards: [{ id: 'legacy-secret', order: 10, Card: LegacySecretForm }],
};
