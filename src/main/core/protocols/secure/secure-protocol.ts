import { z } from 'zod';
import { aesKeyHex, orGenerate, secretValue } from '../../../../shared/contract';
import { builtInProtocol } from '../../../../shared/protocols';
import { aesKeyHex as newAesKeyHex } from '../../crypto/ids';
import { randomToken, sha256 } from '../../crypto/tokens';
import { CoreError } from '../../errors';
import { createBlobStore } from '../../store/blob-store';
import { OUTBOUND_IN_FLIGHT, type Protocol, type ProtocolContext, type ProtocolModule } from '../protocol';
import { refuseContexts, requireBaseUrl } from '../send-checks';
import { capabilityCard } from './capability-card';
import { createFetchRefResolver } from './fetch-ref';
import { authenticateSecure, LEGACY_SECRET_SETTING } from './inbound-auth';
import { createSecureClient } from './secure-client';
import { createSecureInspector } from './secure-inspector';
import { createSecureReceiver } from './secure-receiver';
import { registerSecureRoutes } from './secure-routes';

const SKILLS_SETTING = 'secure.skills';

const peerInput = z
  .object({
    /** The secret this peer presents to us ("generate" makes one, shown once); only its digest is kept. */
    inboundSecret: orGenerate(secretValue).optional(),
    /** The secret we present to it. */
    outboundSecret: secretValue.optional(),
    /** The shared AES-256 key ("generate" makes one, shown once). */
    aesKey: orGenerate(aesKeyHex).optional(),
  })
  .strict();

/** a2a-secure (seed 000) both ways: the receiver and its routes, store-and-fetch, and the outbox's client. */
function createSecureProtocol(ctx: ProtocolContext): Protocol {
  const info = builtInProtocol('secure');
  const blobs = createBlobStore({ db: ctx.db, clock: ctx.clock });
  const skills = () => ctx.settingsStore.get<string[]>(SKILLS_SETTING) ?? [];
  const receiver = createSecureReceiver({
    db: ctx.db,
    writes: ctx.writes,
    clock: ctx.clock,
    logger: ctx.logger,
    peers: ctx.peers,
    messages: ctx.messages,
    idempotency: ctx.idempotency,
    blobs,
    counters: ctx.counters,
    audit: ctx.audit,
    wake: ctx.wake,
    nodeName: ctx.settings.name,
    fetchRef: createFetchRefResolver({ peers: ctx.peers, blobs, ownOrigins: ctx.ownOrigins }),
    onMessage: ctx.onMessage,
  });
  const client = createSecureClient({ peers: ctx.peers, blobs, nodeName: ctx.settings.name, publicUrl: ctx.settings.publicUrl, clock: ctx.clock });

  return {
    info,
    register(app) {
      registerSecureRoutes(app, {
        receiver,
        authenticate: (header) => authenticateSecure({ peers: ctx.peers, settings: ctx.settingsStore, protocolId: info.id }, header),
        card: () => capabilityCard(ctx.settings.name(), skills()),
        audit: ctx.audit,
        now: () => ctx.clock.now(),
        limits: ctx.limits,
      });
    },

    settings: {
      fields: {
        skills: z.array(z.string().trim().min(1).max(64)).max(50),
        legacySecret: secretValue.nullable(),
      },
      read: () => ({ skills: skills(), legacySecretSet: Boolean(ctx.settingsStore.get<string>(LEGACY_SECRET_SETTING)) }),
      write(patch) {
        if (patch.skills !== undefined) ctx.settingsStore.set(SKILLS_SETTING, patch.skills);
        // Only a digest is kept: the legacy secret is checked, never sent.
        if (patch.legacySecret !== undefined) ctx.settingsStore.set(LEGACY_SECRET_SETTING, patch.legacySecret === null ? null : sha256(patch.legacySecret as string).toString('hex'));
      },
    },

    peers: {
      input: peerInput,
      added(peer, raw) {
        const input = raw as z.output<typeof peerInput>;
        const generated: Record<string, string> = {};
        if (input.inboundSecret) {
          const secret = input.inboundSecret === 'generate' ? randomToken(32) : input.inboundSecret;
          if (input.inboundSecret === 'generate') generated.inboundSecret = secret;
          ctx.peers.addInboundSecret(peer.id, secret);
        }
        if (input.outboundSecret) ctx.peers.setCredential(peer.id, 'outbound_secret', input.outboundSecret);
        if (input.aesKey) {
          const hex = input.aesKey === 'generate' ? newAesKeyHex() : input.aesKey;
          if (input.aesKey === 'generate') generated.aesKey = hex;
          ctx.peers.setCredential(peer.id, 'aes_key', hex);
        }
        return generated;
      },
    },

    outbound: {
      // Each message stands alone at the receiver (deduped on its idempotency key): no order to keep on the wire.
      maxInFlight: OUTBOUND_IN_FLIGHT,
      prepare(peer, options) {
        requireBaseUrl(peer);
        if (options.encrypt && !peer.hasAesKey) throw new CoreError('invalid_input', `${peer.name} has no AES key, so the message cannot be encrypted. Set one in Peers › ${peer.name}.`);
        refuseContexts(options);
        return {};
      },
      deliver: ({ peer, item, signal, saveBlobId, recordSent }) => client.deliver({ peer, request: item.request, blobId: item.blobId, saveBlobId, recordSent, signal }),
    },

    sweep: () => blobs.sweep(),
    inspector: createSecureInspector(),
  };
}

export const secureProtocol: ProtocolModule = { info: builtInProtocol('secure'), create: createSecureProtocol };
