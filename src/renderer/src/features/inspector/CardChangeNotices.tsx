import { useEffect } from 'react';
import { useTransport } from '../../api/TransportContext';
import { useCardChangeNotices, useInspectorActions, type CardChangeNotice } from '../../stores/inspector-store';

function sentence(notice: CardChangeNotice): string {
  const changes = `${notice.changes} change${notice.changes === 1 ? '' : 's'}`;
  return `The card of ${notice.peerName ?? notice.url} changed: ${changes} (${notice.needLook} need${notice.needLook === 1 ? 's' : ''} a look).`;
}

/**
 * Watched cards that changed, on whichever screen is open: what changed in a sentence, a link to the diff, dismiss.
 * The event's cache side (versions, latest, watches) is the event bridge's; this is only the notice.
 */
export function CardChangeNotices() {
  const transport = useTransport();
  const notices = useCardChangeNotices();
  const { noticeAdded, noticeDismissed, opened } = useInspectorActions();
  useEffect(
    () =>
      transport.on('inspector.cardChanged', (event) =>
        noticeAdded({
          key: `${event.url}#${event.versionId}`,
          url: event.url,
          peerId: event.peerId,
          peerName: event.peerName,
          versionId: event.versionId,
          previousVersionId: event.previousVersionId,
          changes: event.changes.length,
          needLook: event.changes.filter((change) => change.warning).length,
        }),
      ),
    [transport, noticeAdded],
  );
  if (notices.length === 0) return null;
  return (
    <div className="card-change-notices" role="status" aria-label="Card changes">
      {notices.map((notice) => (
        <div key={notice.key} className={`banner ${notice.needLook ? 'banner-warn' : 'banner-info'} row`}>
          <span className="grow">{sentence(notice)}</span>
          <button
            type="button"
            className="link-button"
            onClick={() => {
              noticeDismissed(notice.key);
              opened(notice.peerId ? { peer: notice.peerId } : { url: notice.url }, { tab: 'history', versions: { from: notice.previousVersionId, to: notice.versionId } });
            }}
          >
            Show the diff
          </button>
          <button type="button" className="icon-button" aria-label={`Dismiss: ${sentence(notice)}`} onClick={() => noticeDismissed(notice.key)}>
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
