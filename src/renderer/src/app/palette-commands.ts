import type { Peer } from '@shared/domain/peer';
import { screens, type ScreenId } from '../stores/ui-store';

/** One thing the command palette can do: its words (what is matched and shown) and what it leads to. */
export type PaletteAction = { kind: 'screen'; screen: ScreenId } | { kind: 'peer'; peerId: string } | { kind: 'message'; peerId: string; peerName: string } | { kind: 'trace'; traceId: string };

export interface PaletteCommand {
  id: string;
  /** What the command is about (a screen's or peer's name, the trace id): a query that starts it ranks first. */
  name: string;
  label: string;
  hint: string;
  action: PaletteAction;
}

/**
 * Trace ids are the wire's safe alphabet (contract.ts); one "looks like" a trace id when it is long enough and
 * mixes digits with letters or separators, which peer names and screen names rarely do.
 */
export function looksLikeTraceId(text: string): boolean {
  return /^[A-Za-z0-9._:-]{8,128}$/.test(text) && /\d/.test(text) && /[A-Za-z._:-]/.test(text);
}

const lower = (text: string) => text.toLowerCase();

function rank(command: PaletteCommand, words: readonly string[], whole: string): number | null {
  const haystack = lower(`${command.label} ${command.hint}`);
  if (!words.every((word) => haystack.includes(word))) return null;
  const name = lower(command.name);
  if (name.startsWith(whole)) return 0;
  if (name.includes(whole)) return 1;
  return 2;
}

/**
 * What the palette offers for a query: screens, peers (open one, or write to one), and "show this trace" when
 * the query looks like a trace id. The best match comes first; ties keep this order: peers, trace, new
 * message, screens. Empty, it lists the screens first.
 */
export function paletteCommands(query: string, peers: readonly Peer[]): PaletteCommand[] {
  const text = query.trim();
  const screenCommands: PaletteCommand[] = screens.map((screen) => ({
    id: `screen-${screen.id}`,
    name: screen.label,
    label: screen.label,
    hint: 'Go to screen',
    action: { kind: 'screen', screen: screen.id },
  }));
  const peerCommands: PaletteCommand[] = peers.map((peer) => ({ id: `peer-${peer.id}`, name: peer.name, label: peer.name, hint: 'Open peer', action: { kind: 'peer', peerId: peer.id } }));
  const messageCommands: PaletteCommand[] = peers.map((peer) => ({
    id: `message-${peer.id}`,
    name: peer.name,
    label: `New message to ${peer.name}`,
    hint: 'Conversations',
    action: { kind: 'message', peerId: peer.id, peerName: peer.name },
  }));
  if (!text) return [...screenCommands, ...peerCommands, ...messageCommands];
  const traceCommands: PaletteCommand[] = looksLikeTraceId(text)
    ? [{ id: 'trace', name: text, label: `Show trace ${text} in Timeline`, hint: 'Find trace id', action: { kind: 'trace', traceId: text } }]
    : [];
  const whole = lower(text);
  const words = whole.split(/\s+/);
  const ranked = [...peerCommands, ...traceCommands, ...messageCommands, ...screenCommands]
    .map((command, order) => ({ command, order, rank: command.action.kind === 'trace' ? 0 : rank(command, words, whole) }))
    .filter((entry): entry is { command: PaletteCommand; order: number; rank: number } => entry.rank !== null);
  ranked.sort((a, b) => a.rank - b.rank || a.order - b.order);
  return ranked.map((entry) => entry.command);
}
