/**
 * The run-time names of the control contract's transports, kept apart from the zod schemas so the preload and
 * the renderer's transport do not bundle a validator they never run (the core validates every call).
 */
import type { EventName } from './contract';

export const eventNames = [
  'node.countsChanged',
  'audit.appended',
  'settings.changed',
  'peers.changed',
  'message.added',
  'message.updated',
  'message.wake',
  'delivery.changed',
  'approvals.changed',
  'approval.requested',
  'keys.changed',
  'conversations.changed',
  'chat.changed',
  'inspector.checked',
  'inspector.cardChanged',
  'inspector.exchange',
  'receiving.changed',
  'storage.changed',
  'desktop.changed',
  'ui.show',
] as const satisfies readonly EventName[];

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (eventNames as readonly string[]).includes(value);
}

/** Channel names of the Electron IPC transport. */
export const ipcChannels = {
  call: 'switchboard:call',
  event: 'switchboard:event',
} as const;

/** Paths of the loopback HTTP + WebSocket transport. */
export const loopbackPaths = {
  call: (method: string) => `/api/call/${encodeURIComponent(method)}`,
  events: '/api/events',
} as const;
