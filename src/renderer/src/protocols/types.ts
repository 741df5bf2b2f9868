import type { ComponentType, ReactNode } from 'react';
import type { MethodInput } from '@shared/contract';
import type { Approval, ApprovalKind } from '@shared/domain/approval';
import type { AttachmentLimits } from '@shared/domain/attachment';
import type { MessageSummary } from '@shared/domain/message';
import type { NodeSettings } from '@shared/domain/node';
import type { Peer } from '@shared/domain/peer';
import type { FormErrors } from '../components/FieldErrors';

/** A protocol's own fields of `peers.add`; name, base URL, protocol and notes are every peer's. */
export type PeerFields = Readonly<Record<string, unknown>>;

/** A protocol's slices of `settings.update`; name, public URL, wake hook and retry policy are the node's own. */
export type SettingsSlices = Readonly<Record<string, unknown>>;

/** What a composer's options add to `messages.send` (the peer and the text are the composer's). */
export type SendOptions = Omit<MethodInput<'messages.send'>, 'peer' | 'text'>;

/**
 * Fields in the add-peer dialog. They keep their own drafts and report their whole part of `peers.add` on every
 * change, so the dialog never needs to know what they hold; `initial` is that part before anything is touched.
 */
export interface AddPeerUi {
  /** The protocol choice's words, when "label (summary)" is not how operators know it. */
  choice?: string;
  /** One line under the protocol choice: what the base URL is and what else the peer needs. */
  note: string;
  initial: PeerFields;
  /** The paths of `peers.add` its fields show (`chat.remoteAgentId`), so a refusal about one lands beside its input. */
  fieldPaths?: readonly string[];
  Fields: ComponentType<{ onChange: (fields: PeerFields) => void; errors: FormErrors }>;
}

/** How a secret the node generated on `peers.add` is shown once (keyed by its field in `generated`). */
export interface GeneratedSecretUi {
  label: string;
  hint: (peerName: string) => string;
}

export interface ComposerOptionsProps {
  peer: Peer;
  options: SendOptions;
  onChange: (options: SendOptions) => void;
  /** The next message answers a waiting request, so options of a new message do not apply. */
  answering: boolean;
}

export interface ComposerUi {
  /** The options a conversation starts with. */
  initial: SendOptions;
  /** The toggles beside the Send button. */
  Options?: ComponentType<ComposerOptionsProps>;
  /** What a send adds to `messages.send`, from the options and the peer as it is now (default: the options). */
  sendInput?: (options: SendOptions, peer: Peer) => SendOptions;
  /** The options once a message went (default: unchanged). */
  afterSend?: (options: SendOptions) => SendOptions;
  /** Whether a peer without a base URL can be written to (a chat peer that joined this node). */
  sendsWithoutBaseUrl?: boolean;
}

export interface BubbleActionsProps {
  /** An outbound message of this protocol. */
  message: MessageSummary;
  /** The conversation it is in, oldest first. */
  thread: readonly MessageSummary[];
  /** Brings the composer up for the operator's answer (its next send continues the conversation). */
  onReply: () => void;
}

/** Fields a protocol adds to the Settings › Node form, saved with it; they report their part like `AddPeerUi`. */
export interface NodeFieldsUi {
  initial: (settings: NodeSettings) => SettingsSlices;
  /** The paths of `settings.update` its fields show (`skills`). */
  fieldPaths?: readonly string[];
  Fields: ComponentType<{ settings: NodeSettings; onChange: (slices: SettingsSlices) => void; errors: FormErrors }>;
}

/**
 * A card a protocol adds to a shared screen. A screen lays out its own cards and every protocol's by `order`
 * (each screen notes its own cards' orders), so the layout does not follow the registry's order by accident.
 */
export interface ScreenCard<Props = object> {
  id: string;
  order: number;
  Card: ComponentType<Props>;
}

/** A step a protocol adds to the first-run setup, after the node's own (name, port, public URL), placed by `order`. */
export interface SetupStepUi {
  id: string;
  order: number;
  /** The step's name in the list of steps ("A2A key"). */
  title: string;
  /** Its contents; what it offers is optional (the setup's Next moves on either way). */
  Step: ComponentType<{ settings: NodeSettings }>;
}

/** How one kind of approval (`a2a.request`, `chat.handshake`, …) is shown in the inbox. */
export interface ApprovalKindUi {
  /** The badge: "A2A request". */
  label: string;
  /** How an item is announced: "Request from alice: …". */
  noun: string;
  /** Facts under the caller's words (the task, the invite used). */
  Detail?: ComponentType<{ approval: Approval; now: number }>;
}

/** A protocol whose messages carry files and JSON data (A2A): the composer offers them, within these limits. */
export interface FilesUi {
  /** How large a file may be, alone and with the rest of the message (the node's settings for this protocol). */
  limits: (settings: NodeSettings) => AttachmentLimits;
}

/** What the Inspector offers for a card this protocol found (the report itself is the core's, whatever the protocol). */
export interface InspectorUi {
  /** "Try it": the target takes a test message through `inspector.preview` / `inspector.send`. */
  tryIt?: boolean;
}

/**
 * Everything of one protocol the shared screens show, looked up by protocol id (see registry.ts). Every part is
 * optional: a protocol the renderer has no folder for gets the common parts only.
 */
export interface ProtocolUi {
  addPeer?: AddPeerUi;
  generatedSecrets?: Readonly<Record<string, GeneratedSecretUi>>;
  /** The peer page's sections of this protocol, between the peer's details and its delivery. */
  PeerSections?: ComponentType<{ peer: Peer }>;
  /**
   * The peer page's delivery chip while delivery is not paused: what stands in the way for this protocol ("needs
   * a secret", "session needs attention"), or `ready` (the "delivering" chip) when nothing does.
   */
  DeliveryState?: ComponentType<{ peer: Peer; ready: ReactNode }>;
  composer?: ComposerUi;
  /** Files and data go with messages (a protocol without it takes text only). */
  files?: FilesUi;
  /** Actions under an outbound bubble (A2A: cancel the task it started). */
  BubbleActions?: ComponentType<BubbleActionsProps>;
  nodeFields?: NodeFieldsUi;
  settingsCards?: readonly ScreenCard<{ settings: NodeSettings }>[];
  keysCards?: readonly ScreenCard[];
  setupSteps?: readonly SetupStepUi[];
  approvals?: Readonly<Record<ApprovalKind, ApprovalKindUi>>;
  inspector?: InspectorUi;
}
