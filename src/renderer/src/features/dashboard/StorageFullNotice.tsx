import type { StorageState } from '@shared/domain/node';
import { formatTime } from '../../components/chips';

/** While the disk is full, on top of the Dashboard: what peers are told, and that it ends by itself. */
export function StorageFullNotice({ storage }: { storage: StorageState }) {
  if (!storage.full) return null;
  return (
    <div className="banner banner-error" role="alert" aria-label="Disk full">
      <strong>The disk is full{storage.since ? ` (since ${formatTime(storage.since)})` : ''}.</strong> Nothing new can be stored: peers’ messages are refused with
      “try again later” (503) and none is lost. Free some space on the disk that holds the data folder; receiving resumes by itself within seconds.
    </div>
  );
}
