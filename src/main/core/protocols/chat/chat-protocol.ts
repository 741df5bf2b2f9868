import { z } from 'zod';
import { CHAT_AGENT_ID, DEFAULT_CHAT_SETTINGS, type ChatPeerStatus, type ChatSettings } from '../../../../shared/domain/chat';
import type { Peer } from '../../../../shared/domain/peer';
import { builtInProtocol } from '../../../../shared/protocols';
import type { MethodHandlers } from '../../../../shared/contract';
import { randomToken } from '../../crypto/tokens';
import { CoreError } from '../../errors';
import { agentIdFor } from '../../settings/node-settings';
import { objectSlice } from '../../settings/settings-slice';
import type { Protocol, ProtocolContext, ProtocolModule } from '../protocol';
import { refuseContexts, refuseEncryption } from '../send-checks';
import { ChatError, createChatHost } from './chat-host';
import { createChatInspector } from './chat-inspector';
import { createChatLinks, DEFAULT_CHAT_TIMINGS } from './chat-links';
import { registerChatRoutes, type ChatLimits } from './chat-routes';
import { createChatHostStore } from './host-store';
import { createLinkStore } from './link-store';

export const DEFAULT_CHAT_LIMITS: ChatLimits = { joinsPerMinute: 10, requestsPerMinute: 120 };
const SETTINGS_KEY = 'chat';

const agentId = z.string().regex(CHAT_AGENT_ID, 'must be 1–128 characters of letters, digits and . _ : -');

/** a2achat's slice of `settings.update` (`{ chat: { … } }`). */
const settingsPatch = z
  .object({
    agentId,
    hosting: z.boolean(),
    handshakeMinutes: z.number().int().min(1).max(24 * 60),
    sessionMinutes: z.number().int().min(2).max(24 * 60),
  })
  .partial()
  .strict();

/** A chat peer on another server: the agent to request a handshake with there, and its invite token. */
const peerInput = z
  .object({
    chat: z
      .object(
        {
          remoteAgentId: agentId,
          inviteToken: z.string().min(1).max(512).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
          myAgentId: agentId.optional(),
        },
        { error: (issue) => (issue.input === undefined ? 'a chat peer needs chat (its agent id and invite token)' : undefined) },
      )
      .strict(),
  })
  .strict();

/** What can change on a chat peer this node links to: the agent ids on both sides, and a new invite. */
const peerUpdate = z
  .object({
    chat: z
      .object({
        remoteAgentId: agentId,
        myAgentId: agentId,
        inviteToken: z.string().min(1).max(512).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict();

/** a2achat both ways, assembled: the hosted API on the public listener, the requester links, and delivery. */
export function createChatProtocol(ctx: ProtocolContext) {
  const info = builtInProtocol('chat');
  // The agent id is fixed at the first start (from the node's name then) and changes only when the operator
  // changes it: invites handed out name it, so renaming the node must not move it.
  const stored = ctx.settingsStore.get<Partial<ChatSettings>>(SETTINGS_KEY) ?? {};
  if (stored.agentId === undefined) ctx.settingsStore.set(SETTINGS_KEY, { ...stored, agentId: agentIdFor(ctx.settings.name()) });
  const slice = objectSlice<ChatSettings>({ key: SETTINGS_KEY, store: ctx.settingsStore, patch: settingsPatch, read: (stored) => ({ agentId: agentIdFor(ctx.settings.name()), ...DEFAULT_CHAT_SETTINGS, ...stored }) });
  const settings = slice.current;
  const changed = (peerId: string | null) => ctx.events.emit('chat.changed', { peerId });
  const host = createChatHost({
    store: createChatHostStore({ db: ctx.db, vault: ctx.vault, clock: ctx.clock }),
    uow: ctx.uow,
    peers: ctx.peers,
    messages: ctx.messages,
    approvals: ctx.approvals,
    settings,
    clock: ctx.clock,
    audit: ctx.audit,
    logger: ctx.logger,
    onMessage: ctx.onMessage,
    onChange: (peerId) => {
      changed(peerId);
      ctx.events.emit('peers.changed', { peerId });
    },
  });
  const timings = { ...DEFAULT_CHAT_TIMINGS, ...ctx.config.chatTimings };
  const links = createChatLinks({
    store: createLinkStore({ db: ctx.db, vault: ctx.vault, clock: ctx.clock }),
    uow: ctx.uow,
    peers: ctx.peers,
    messages: ctx.messages,
    clock: ctx.clock,
    logger: ctx.logger,
    audit: ctx.audit,
    timings: () => timings,
    onMessage: ctx.onMessage,
    onChange: changed,
    onActive: ctx.retryNow,
  });

  const status = (peer: Peer): ChatPeerStatus => ({ link: links.info(peer.id), hosted: host.hostedSessions(peer.id) });
  const chatPeer = (peerRef: string) => {
    const peer = ctx.peers.resolve(peerRef);
    if (peer.protocol !== info.id) throw new CoreError('invalid_input', `${peer.name} is not a chat peer.`);
    return peer;
  };

  const handlers = {
    'invites.publish': (input) => {
      const token = input.token ?? `inv_${randomToken(18)}`;
      return ctx.uow.run('chat.invite_publish', () => {
        const invite = host.publishInvite(token, input);
        ctx.events.emit('keys.changed', {});
        return { invite, token };
      });
    },
    'invites.list': () => ({ invites: host.invites() }),
    'invites.revoke': (target) =>
      ctx.uow.run('chat.invite_revoke', () => {
        const invite = host.revokeInvite(target);
        ctx.events.emit('keys.changed', {});
        return invite;
      }),
    'chat.status': ({ peer }) => status(chatPeer(peer)),
    'chat.endSession': ({ peer: peerRef }) => {
      const peer = chatPeer(peerRef);
      ctx.uow.run('chat.end_session', () => {
        if (links.has(peer.id)) links.endSession(peer.id);
        else if (host.endSessions(peer.id) === 0) throw new CoreError('conflict', `${peer.name} has no open session.`);
        changed(peer.id);
      });
      return status(peer);
    },
    'chat.retryHandshake': async ({ peer: peerRef }) => {
      const peer = chatPeer(peerRef);
      if (!links.has(peer.id)) throw new CoreError('invalid_input', `${peer.name} connected to you; it requests its own handshakes.`);
      await links.retryHandshake(peer.id);
      return status(peer);
    },
    'chat.issueInviterKey': () => {
      const { agentId: own, apiKey } = ctx.uow.run('chat.inviter_key', () => host.issueInviterKey());
      return { agentId: own, apiKey };
    },
  } satisfies Partial<MethodHandlers>;

  const protocol = {
    info,
    register(app) {
      registerChatRoutes(app, { host, limits: () => ctx.config.chatLimits ?? DEFAULT_CHAT_LIMITS, publicLimits: ctx.limits, audit: ctx.audit, logger: ctx.logger, now: () => ctx.clock.now(), extraMetrics: ctx.nodeMetrics, publicMetrics: () => ctx.publicMetrics() });
    },

    settings: slice,

    peers: {
      input: peerInput,
      /** A chat peer on another server: its link is stored with the peer, and starts joining once committed. */
      added(peer, input) {
        const { chat } = input as z.output<typeof peerInput>;
        links.create(peer, { remoteAgentId: chat.remoteAgentId, inviteToken: chat.inviteToken, myAgentId: chat.myAgentId ?? settings().agentId });
        ctx.uow.afterCommit(() => links.advance(peer.id));
        return {};
      },
      updateInput: peerUpdate,
      /** New agent ids or invite: the old session named the old ids, so the link asks again (once committed). */
      updated(peer, _before, input) {
        const { chat } = input as z.output<typeof peerUpdate>;
        if (!chat || Object.keys(chat).length === 0) return;
        if (!links.has(peer.id)) throw new CoreError('invalid_input', `${peer.name} connected to this node; its agent id is the one it joined with.`);
        links.changeIdentity(peer.id, chat);
      },
      /** Its sessions end with it: a requester must not keep sending into a session nobody reads. */
      removing(peer) {
        if (links.has(peer.id)) ctx.uow.afterCommit(() => links.forget(peer.id));
        host.endSessions(peer.id);
      },
    },

    outbound: {
      prepare(_peer, options) {
        // A chat peer that connected to this node has no URL: its messages go into the session this node hosts.
        refuseEncryption(options, "chat messages travel in the session, protected by the server's https.");
        refuseContexts(options);
        return {};
      },
      /** Over the link's session, or into the session this node hosts for the peer. */
      async deliver({ peer, item, recordSent }) {
        if (links.has(peer.id)) return links.deliver(peer, item.request, recordSent);
        try {
          const row = host.deliverLocal(peer, item.request.text, item.request.idempotencyKey, item.request.traceId);
          return { kind: 'delivered', statusCode: 200, response: { message_id: row.message_id, session_id: row.session_id, cursor: String(row.cursor) } };
        } catch (error) {
          if (error instanceof ChatError) return { kind: 'failed', statusCode: null, error: error.message };
          throw error;
        }
      },
    },

    handlers,
    inspector: createChatInspector(),
    start: () => links.start(),
    stop: () => links.stop(),
    sweep: () => host.sweep(),
  } satisfies Protocol;

  return { ...protocol, host, links, chatSettings: settings };
}

export type ChatProtocol = ReturnType<typeof createChatProtocol>;

export const chatProtocol: ProtocolModule = { info: builtInProtocol('chat'), create: createChatProtocol };
