import type { GatewayPolicy } from './a2a';
import type { RedrivePolicy, RetryPolicy } from './delivery';

/** A protocol id from the node's registry (see ../protocols.ts): validated against it at the boundary. */
export type PeerProtocol = string;

/** An inbound secret as the UI may see it: never the secret, only a hint and its lifetime. */
export interface InboundSecretInfo {
  id: number;
  hint: string;
  createdAt: string;
  /** Set while an old secret is still accepted after a rotation. */
  expiresAt: string | null;
}

/** A peer without any secret material: safe for lists, events and the renderer. */
export interface Peer {
  id: string;
  name: string;
  protocol: PeerProtocol;
  baseUrl: string;
  notes: string;
  createdAt: string;
  updatedAt: string;
  lastSeenAt: string | null;
  hasOutboundSecret: boolean;
  hasAesKey: boolean;
  inboundSecrets: InboundSecretInfo[];
  /** Outbound delivery to this peer is on hold (messages queue up). */
  deliveryPaused: boolean;
  /** This peer's own retry policy, overriding the node's default; null when it uses the default. */
  retryPolicy: RetryPolicy | null;
  /** This peer's own redrive policy for dead letters; null when it uses the node's. */
  redrive: RedrivePolicy | null;
  /** A2A: what answers this peer's inbound requests. */
  gatewayPolicy: GatewayPolicy;
}

export type RevealableCredential = 'outbound_secret' | 'aes_key';
