import { useEffect, useRef, useState } from 'react';
import type { MessageStatus, MessageSummary } from '@shared/domain/message';
import { useTransport } from '../../api/TransportContext';

export interface ReplayProgress {
  total: number;
  delivered: number;
  dead: number;
  done: boolean;
}

export interface ReplayTracker {
  /** Right before asking for a replay: what happens to messages is recorded from here on. */
  begin(): void;
  /** The replay's answer: the messages to follow (the replayed ones, or the edited copy). */
  follow(ids: readonly number[]): void;
  /** The replay was refused, or its summary dismissed. */
  stop(): void;
  progress: ReplayProgress | null;
}

const isFinal = (status: MessageStatus | undefined) => status === 'delivered' || status === 'dead';
// Past this many, the replay is followed through events alone (asking for each would be a burst of calls).
const RECONCILE_MAX = 20;

/**
 * Follows replayed messages through pushed events until each is delivered or dead again. Events are recorded
 * from the moment the replay is asked for, not from its answer: a quick peer is delivered to before the answer
 * arrives (the event travels on the WebSocket, the answer on HTTP), and a listener started on the answer would
 * miss it and show "1 pending" for good. The few messages no event was seen for are also asked for once.
 */
export function useReplayProgress(): ReplayTracker {
  const transport = useTransport();
  const recording = useRef(false);
  const [ids, setIds] = useState<readonly number[] | null>(null);
  const [statuses, setStatuses] = useState<ReadonlyMap<number, MessageStatus>>(new Map());

  useEffect(() => {
    const record = (message: MessageSummary) => {
      if (recording.current) setStatuses((previous) => new Map(previous).set(message.id, message.status));
    };
    const offs = [transport.on('message.added', record), transport.on('message.updated', record)];
    return () => offs.forEach((off) => off());
  }, [transport]);

  const settle = (id: number, status: MessageStatus) =>
    setStatuses((previous) => (isFinal(previous.get(id)) || !isFinal(status) ? previous : new Map(previous).set(id, status)));

  const tracker: ReplayTracker = {
    begin() {
      recording.current = true;
      setIds(null);
      setStatuses(new Map());
    },
    follow(next) {
      recording.current = true;
      setIds(next);
      if (next.length > RECONCILE_MAX) return;
      for (const id of next) {
        transport.call('messages.get', { id }).then(
          (message) => settle(id, message.status),
          () => undefined,
        );
      }
    },
    stop() {
      recording.current = false;
      setIds(null);
    },
    progress: null,
  };
  if (!ids) return tracker;
  let delivered = 0;
  let dead = 0;
  for (const id of ids) {
    const status = statuses.get(id);
    if (status === 'delivered') delivered += 1;
    else if (status === 'dead') dead += 1;
  }
  return { ...tracker, progress: { total: ids.length, delivered, dead, done: delivered + dead === ids.length } };
}
