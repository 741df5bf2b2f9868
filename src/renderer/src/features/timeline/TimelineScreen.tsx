import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { useControlMutation, useTimeline } from '../../api/queries';
import { queryKeys } from '../../api/query-keys';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useOpenMessageId, useTimelineFilter, useUiActions } from '../../stores/ui-store';
import { ExportDialog } from './ExportDialog';
import { MessageDrawer } from './MessageDrawer';
import { TimelineFilters } from './TimelineFilters';
import { TimelineRows } from './TimelineRows';

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
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = timeline;
  const loadOlder = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const filterTrace = useCallback((traceId: string) => timelineFiltered({ traceId }), [timelineFiltered]);
  const closeDrawer = useCallback(() => messageOpened(null), [messageOpened]);
  const unseen = useMemo(() => rows.filter((row) => row.wake && !row.wakeSeen).length, [rows]);
  const filtered = Object.keys(filter).some((key) => filter[key as keyof typeof filter]);
  const empty = timeline.isSuccess && rows.length === 0;
  // Made once per change, so the memoised rows see the same children across the screen's other re-renders.
  const emptyState = useMemo(
    () =>
      empty ? (
        <div className="empty-state">
          {filtered ? <p>No message matches these filters.</p> : <p>No messages yet. When a peer sends to this node, it appears here, newest at the bottom.</p>}
        </div>
      ) : null,
    [empty, filtered],
  );

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
          <TimelineRows rows={rows} openId={openId} onOpen={messageOpened} onTrace={filterTrace} onNearTop={loadOlder} loadingOlder={isFetchingNextPage}>
            {emptyState}
          </TimelineRows>
        </div>
        {openId !== null ? <MessageDrawer id={openId} onClose={closeDrawer} /> : null}
      </div>
      {exporting ? <ExportDialog filter={filter} total={total} upToId={newestId} onClose={() => setExporting(false)} /> : null}
    </section>
  );
}
