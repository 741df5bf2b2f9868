/** What the node runs when a message asks to wake the operator's agent. */
export type WakeHook =
  | { kind: 'command'; argv: string[]; timeoutMs: number }
  | { kind: 'webhook'; url: string; timeoutMs: number };

export interface WakeNotice {
  messageId: number;
  peerName: string;
  traceId: string;
  preview: string;
}

/** Placeholders a command hook's arguments may contain; each becomes one literal argument (no shell). */
export const wakePlaceholders = ['{text}', '{peer}', '{trace_id}', '{message_id}', '{json}'] as const;
