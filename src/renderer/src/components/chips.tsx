import { useState } from 'react';
import type { MessageStatus } from '@shared/domain/message';
import type { PeerProtocol } from '@shared/domain/peer';
import { protocolLabel } from '@shared/protocols';
import { useProtocols } from '../api/queries';

const statusTone: Record<MessageStatus, 'ok' | 'warn' | 'bad' | 'neutral'> = {
  received: 'ok',
  delivered: 'ok',
  queued: 'neutral',
  sending: 'warn',
  retrying: 'warn',
  dead: 'bad',
};

/** A status always as a word with its colour, never colour alone. */
export function StatusChip({ status }: { status: MessageStatus }) {
  return <span className={`chip chip-${statusTone[status]}`}>{status}</span>;
}

/** A protocol by the name the node gives it (its id when the node does not know it either). */
export function ProtocolBadge({ protocol }: { protocol: PeerProtocol }) {
  const protocols = useProtocols();
  return <span className="badge">{protocolLabel(protocol, protocols)}</span>;
}

/** A trace id: monospace; a click copies it; the filter button shows everything with that trace id. */
export function TraceIdChip({ traceId, onFilter }: { traceId: string; onFilter?: (traceId: string) => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <span className="trace-chip">
      <button
        type="button"
        className="trace-id"
        title={copied ? 'Copied' : 'Copy trace id'}
        aria-label={`Copy trace id ${traceId}`}
        onClick={(event) => {
          event.stopPropagation();
          void navigator.clipboard?.writeText(traceId).then(() => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1200);
          });
        }}
      >
        {copied ? 'copied' : traceId}
      </button>
      {onFilter ? (
        <button
          type="button"
          className="trace-filter"
          aria-label={`Show everything with trace id ${traceId}`}
          title="Show everything with this trace id"
          onClick={(event) => {
            event.stopPropagation();
            onFilter(traceId);
          }}
        >
          ⌕
        </button>
      ) : null}
    </span>
  );
}

// The formats toLocaleTimeString() and toLocaleString() use, made once: each of those calls builds a new ICU
// formatter, and a Timeline screenful of rows paid for ~50 of them on every scroll (issue 15).
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: 'numeric', second: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });

export function formatTime(iso: string): string {
  const date = new Date(iso);
  const today = new Date();
  const sameDay = date.getFullYear() === today.getFullYear() && date.getMonth() === today.getMonth() && date.getDate() === today.getDate();
  return sameDay ? timeFormat.format(date) : dateTimeFormat.format(date);
}

export function timeAgo(iso: string | null, now: number): string {
  if (!iso) return 'never';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}
