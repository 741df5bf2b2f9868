import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { MessageSummary } from '@shared/domain/message';
import { AttachmentSummary } from '../../components/attachments/AttachmentList';
import { RemoteText } from '../../components/RemoteText';
import { TaskStateChip } from '../../components/TaskState';
import { LockIcon } from '../../components/icons';
import { ProtocolBadge, StatusChip, TraceIdChip, formatTime } from '../../components/chips';

const ROW_HEIGHT = 34;
// Rows kept in the DOM beyond each edge of the view. Every one of them is rendered, laid out and painted whenever
// the range moves a screenful (a wheel flick), so a few are enough for j/k and a slow scroll (issue 15).
const OVERSCAN = 6;

/** One message as a row. Memoised: when the range moves, only the rows that enter it render. */
const TimelineRow = memo(function TimelineRow({ message, selected, onOpen, onTrace }: { message: MessageSummary; selected: boolean; onOpen: (id: number) => void; onTrace: (traceId: string) => void }) {
  return (
    <div
      role="row"
      aria-selected={selected}
      className={`timeline-row${selected ? ' selected' : ''}`}
      data-testid="timeline-row"
      data-message-id={message.id}
      onClick={() => onOpen(message.id)}
      onKeyDown={(e) => e.key === 'Enter' && onOpen(message.id)}
    >
      <span role="cell" className="cell-time muted">
        {formatTime(message.createdAt)}
      </span>
      <span role="cell" className="cell-dir" title={message.direction === 'in' ? 'received' : 'sent'}>
        {message.direction === 'in' ? '↓ in' : '↑ out'}
      </span>
      <span role="cell" className="cell-peer">
        {message.peerName}
      </span>
      <span role="cell">
        <ProtocolBadge protocol={message.protocol} />
      </span>
      <span role="cell">
        <StatusChip status={message.status} />
      </span>
      <span role="cell" className="cell-trace">
        <TraceIdChip traceId={message.traceId} onFilter={onTrace} />
      </span>
      <span role="cell" className={message.attachments.length > 0 ? 'cell-text cell-with-files' : 'cell-text'}>
        {message.wake && !message.wakeSeen ? <span className="chip chip-warn wake-badge">wake</span> : null}
        {message.taskState ? (
          <span className="row-task">
            <TaskStateChip state={message.taskState} />
          </span>
        ) : null}
        {message.encrypted ? (
          <span className="row-lock">
            <LockIcon title={message.direction === 'in' ? 'arrived encrypted' : 'sent encrypted'} />
          </span>
        ) : null}
        {message.attachments.length > 0 ? (
          <>
            {message.content ? (
              <span className="cell-text-rest">
                <RemoteText text={message.content} />
              </span>
            ) : null}
            <AttachmentSummary attachments={message.attachments} />
          </>
        ) : (
          <RemoteText text={message.content} />
        )}
      </span>
    </div>
  );
});

export interface TimelineRowsProps {
  /** Oldest first: the newest message is the last row. */
  rows: readonly MessageSummary[];
  openId: number | null;
  onOpen: (id: number | null) => void;
  onTrace: (traceId: string) => void;
  /** Asked for when the operator nears the top and there are older pages. */
  onNearTop: () => void;
  loadingOlder: boolean;
  /** Shown in the scroller when there are no rows (the empty state). */
  children?: ReactNode;
}

/**
 * The scroller of the Timeline, virtualised: only the rows on screen exist in the DOM. Its own component so that
 * scrolling re-renders it alone, not the screen's header, filters and drawer.
 */
function TimelineRowsList({ rows, openId, onOpen, onTrace, onNearTop, loadingOlder, children }: TimelineRowsProps) {
  const [cursor, setCursor] = useState<number | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  // TanStack Virtual re-renders by design; the React Compiler skips this component, which is what we want.
  // Without flushSync a scroll's re-render is a task of its own instead of running inside the frame that then
  // lays out and paints the new rows: two shorter tasks instead of one long one (issue 15).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: OVERSCAN, useFlushSync: false });
  const anchor = useRef<{ firstId: number | undefined; lastId: number | undefined; atBottom: boolean }>({ firstId: undefined, lastId: undefined, atBottom: true });
  // What the element's scroll position still has to do to match what the virtualizer was told: move down by the
  // height of the rows prepended above, or go to the bottom.
  const pendingScroll = useRef<{ by: number } | 'bottom' | null>(null);

  // Keep the view steady as rows arrive: older pages load above without moving what is on screen; new messages
  // scroll into view only when the operator is already at the bottom. Where the view will be is decided here,
  // during render, and told to the virtualizer before it picks the rows to render: the first render after rows
  // arrive is the one shown (not the rows of the old position, replaced a frame later).
  const previous = anchor.current;
  if (rows[0]?.id !== previous.firstId || rows.at(-1)?.id !== previous.lastId) {
    const element = scrollRef.current;
    const prepended = previous.firstId === undefined ? -1 : rows.findIndex((row) => row.id === previous.firstId);
    if (element && prepended > 0 && previous.lastId === rows.at(-1)?.id) {
      // Another page may have come before the last one's move was written (the frame had not come yet).
      const by = (typeof pendingScroll.current === 'object' ? (pendingScroll.current?.by ?? 0) : 0) + prepended * ROW_HEIGHT;
      virtualizer.scrollOffset = element.scrollTop + by;
      pendingScroll.current = { by };
    } else if (element && previous.atBottom && rows.length > 0) {
      virtualizer.scrollOffset = Math.max(0, rows.length * ROW_HEIGHT - element.clientHeight);
      pendingScroll.current = 'bottom';
    }
    anchor.current = { firstId: rows[0]?.id, lastId: rows.at(-1)?.id, atBottom: rows.length === 0 ? true : previous.atBottom };
  }

  // The element follows in the next frame, where the new rows are laid out anyway: a scroll written here, in the
  // commit, would lay them out in this task too.
  useLayoutEffect(() => {
    const pending = pendingScroll.current;
    const element = scrollRef.current;
    if (pending === null || !element) return;
    const frame = requestAnimationFrame(() => {
      pendingScroll.current = null;
      if (pending === 'bottom') element.scrollTop = element.scrollHeight;
      else element.scrollTop += pending.by;
    });
    return () => cancelAnimationFrame(frame);
  }, [rows]);

  const onScroll = () => {
    const element = scrollRef.current;
    if (!element) return;
    anchor.current.atBottom = element.scrollHeight - element.scrollTop - element.clientHeight < ROW_HEIGHT * 2;
    if (element.scrollTop < ROW_HEIGHT * 20) onNearTop();
  };

  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const openRow = useCallback(
    (id: number) => {
      const index = rowsRef.current.findIndex((row) => row.id === id);
      if (index < 0) return;
      setCursor(index);
      onOpen(id);
    },
    [onOpen],
  );

  return (
    <div
      ref={scrollRef}
      className="timeline-scroll"
      tabIndex={0}
      aria-label="Message rows (j/k to move, Enter to open)"
      onScroll={onScroll}
      onKeyDown={(event) => {
        if (event.key === 'j' || event.key === 'ArrowDown') {
          event.preventDefault();
          const next = Math.min(rows.length - 1, (cursor ?? rows.length - 1) + (cursor === null ? 0 : 1));
          setCursor(next);
          virtualizer.scrollToIndex(next);
        } else if (event.key === 'k' || event.key === 'ArrowUp') {
          event.preventDefault();
          const next = Math.max(0, (cursor ?? rows.length) - 1);
          setCursor(next);
          virtualizer.scrollToIndex(next);
        } else if (event.key === 'Enter' && cursor !== null) {
          const row = rows[cursor];
          if (row) openRow(row.id);
        } else if (event.key === 'Escape') onOpen(null);
      }}
    >
      {loadingOlder ? <div className="muted small loading-older">Loading older messages…</div> : null}
      {children}
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const message = rows[item.index]!;
          return (
            <div key={message.id} style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}>
              <TimelineRow message={message} selected={cursor === item.index || openId === message.id} onOpen={openRow} onTrace={onTrace} />
            </div>
          );
        })}
      </div>
    </div>
  );
}

export const TimelineRows = memo(TimelineRowsList);
