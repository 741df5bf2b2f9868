import { useQueryClient } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { MessageSummary } from '@shared/domain/message';
import { useControlMutation, useTimeline } from '../../api/queries';
import { queryKeys } from '../../api/query-keys';
import { ErrorNotice } from '../../components/ErrorNotice';
import { AttachmentSummary } from '../../components/attachments/AttachmentList';
import { RemoteText } from '../../components/RemoteText';
import { TaskStateChip } from '../../components/TaskState';
import { LockIcon } from '../../components/icons';
import { ProtocolBadge, StatusChip, TraceIdChip, formatTime } from '../../components/chips';
import { useOpenMessageId, useTimelineFilter, useUiActions } from '../../stores/ui-store';
import { ExportDialog } from './ExportDialog';
import { MessageDrawer } from './MessageDrawer';
import { TimelineFilters } from './TimelineFilters';

const ROW_HEIGHT = 34;

function TimelineRow({ message, selected, onOpen, onTrace }: { message: MessageSummary; selected: boolean; onOpen: () => void; onTrace: (traceId: string) => void }) {
  return (
    <div
      role="row"
      aria-selected={selected}
      className={`timeline-row${selected ? ' selected' : ''}`}
      data-testid="timeline-row"
      data-message-id={message.id}
      onClick={onOpen}
      onKeyDown={(e) => e.key === 'Enter' && onOpen()}
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
}

/** Every message, newest at the bottom, live, virtualized: only the rows on screen exist in the DOM. */
export function TimelineScreen() {
  const filter = useTimelineFilter();
  const openId = useOpenMessageId();
  const { timelineFiltered, messageOpened } = useUiActions();
  const timeline = useTimeline(filter);
  const client = useQueryClient();
  const markAll = useControlMutation('messages.markWakesSeen', { onSuccess: () => void client.invalidateQueries({ queryKey: queryKeys.timeline }) });
  const rows = useMemo(() => (timeline.data ? timeline.data.pages.flatMap((page) => page.messages).reverse() : []), [timeline.data]);
  const total = timeline.data?.pages[0]?.total ?? 0;
  // A wide filter is counted up to a cap by the node: "10,000+ messages", and the row count is unknown to ARIA.
  const totalAtLeast = timeline.data?.pages[0]?.totalIsLowerBound === true;
  // The newest message loaded (pages are newest first): an export goes up to it, not on into what arrives meanwhile.
  const newestId = timeline.data?.pages[0]?.messages[0]?.id ?? null;
  const [exporting, setExporting] = useState(false);
  const [cursor, setCursor] = useState<number | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  // TanStack Virtual re-renders by design; the React Compiler skips this component, which is what we want.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 15 });
  const anchor = useRef<{ firstId: number | undefined; lastId: number | undefined; atBottom: boolean }>({ firstId: undefined, lastId: undefined, atBottom: true });

  // Keep the view steady as rows arrive: older pages load above without moving what is on screen; new messages
  // scroll into view only when the operator is already at the bottom.
  useLayoutEffect(() => {
    const element = scrollRef.current;
    const previous = anchor.current;
    if (!element || rows.length === 0) {
      anchor.current = { firstId: undefined, lastId: undefined, atBottom: true };
      return;
    }
    const prepended = previous.firstId === undefined ? 0 : rows.findIndex((row) => row.id === previous.firstId);
    if (prepended > 0 && previous.lastId === rows.at(-1)?.id) element.scrollTop += prepended * ROW_HEIGHT;
    else if (previous.atBottom) virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
    anchor.current = { firstId: rows[0]?.id, lastId: rows.at(-1)?.id, atBottom: previous.atBottom };
  }, [rows, virtualizer]);

  const onScroll = () => {
    const element = scrollRef.current;
    if (!element) return;
    anchor.current.atBottom = element.scrollHeight - element.scrollTop - element.clientHeight < ROW_HEIGHT * 2;
    if (element.scrollTop < ROW_HEIGHT * 20 && timeline.hasNextPage && !timeline.isFetchingNextPage) void timeline.fetchNextPage();
  };

  const open = useCallback((index: number) => {
    const row = rows[index];
    if (!row) return;
    setCursor(index);
    messageOpened(row.id);
  }, [rows, messageOpened]);
  const filterTrace = useCallback((traceId: string) => timelineFiltered({ traceId }), [timelineFiltered]);
  const unseen = rows.filter((row) => row.wake && !row.wakeSeen).length;

  return (
    <section className="screen timeline-screen" aria-labelledby="timeline-title">
      <header className="screen-header row">
        <h1 id="timeline-title">Timeline</h1>
        <span className="muted small" data-testid="timeline-count">
          {total}
          {totalAtLeast ? '+' : ''} message{total === 1 && !totalAtLeast ? '' : 's'}
        </span>
        <span className="spacer" />
        {unseen > 0 ? (
          <button type="button" className="button" onClick={() => markAll.mutate({ all: true })}>
            Mark wakes seen
          </button>
        ) : null}
        <button type="button" className="button" onClick={() => setExporting(true)} disabled={!timeline.isSuccess}>
          Export…
        </button>
      </header>
      <TimelineFilters filter={filter} onChange={timelineFiltered} />
      {timeline.isError ? <ErrorNotice error={timeline.error} action="Could not load messages" /> : null}
      <div className="timeline-layout">
        <div role="table" aria-label="Messages" aria-rowcount={totalAtLeast ? -1 : total} className="timeline-table">
          <div role="row" className="timeline-row timeline-head">
            <span role="columnheader">Time</span>
            <span role="columnheader">Dir</span>
            <span role="columnheader">Peer</span>
            <span role="columnheader">Protocol</span>
            <span role="columnheader">Status</span>
            <span role="columnheader">Trace id</span>
            <span role="columnheader">Text</span>
          </div>
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
              } else if (event.key === 'Enter' && cursor !== null) open(cursor);
              else if (event.key === 'Escape') messageOpened(null);
            }}
          >
            {timeline.isFetchingNextPage ? <div className="muted small loading-older">Loading older messages…</div> : null}
            {timeline.isSuccess && rows.length === 0 ? (
              <div className="empty-state">
                {Object.keys(filter).some((key) => filter[key as keyof typeof filter]) ? (
                  <p>No message matches these filters.</p>
                ) : (
                  <p>No messages yet. When a peer sends to this node, it appears here, newest at the bottom.</p>
                )}
              </div>
            ) : null}
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((item) => {
                const message = rows[item.index]!;
                return (
                  <div key={message.id} style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}>
                    <TimelineRow message={message} selected={cursor === item.index || openId === message.id} onOpen={() => open(item.index)} onTrace={filterTrace} />
                  </div>
                );
              })}
            </div>
          </div>
        </div>
        {openId !== null ? <MessageDrawer id={openId} onClose={() => messageOpened(null)} /> : null}
      </div>
      {exporting ? <ExportDialog filter={filter} total={total} upToId={newestId} onClose={() => setExporting(false)} /> : null}
    </section>
  );
}
