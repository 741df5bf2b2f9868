import { useState } from 'react';
import type { NodeSettings } from '@shared/domain/node';
import { type useControlMutation, useNodeStatus } from '../../api/queries';
import { formatTime } from '../../components/chips';
import { FieldError, FieldErrorSummary, useFieldErrors } from '../../components/FieldErrors';
import { FormActions } from '../../components/FormActions';

type SettingsUpdate = ReturnType<typeof useControlMutation<'settings.update'>>;

/** A number as typed (NaN when empty, so the core's field error says what is wrong). */
const numberOf = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

/**
 * Scheduled backups: how often and how many. They hold the database only (a schedule cannot ask for a
 * passphrase); the note says what that restores, and that a full backup is `switchboard backup`.
 */
export function BackupsForm({ settings, update }: { settings: NodeSettings; update: SettingsUpdate }) {
  const [enabled, setEnabled] = useState(settings.backups.enabled);
  const [hours, setHours] = useState(String(settings.backups.intervalHours));
  const [keep, setKeep] = useState(String(settings.backups.keep));
  const last = useNodeStatus().data?.storage.lastBackup ?? null;
  const errors = useFieldErrors(update.error, ['backups.enabled', 'backups.intervalHours', 'backups.keep', 'backups']);
  return (
    <form
      className="form card"
      aria-label="Backups"
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate({ backups: { enabled, intervalHours: numberOf(hours), keep: numberOf(keep) } });
      }}
    >
      <h2>Backups</h2>
      <FieldErrorSummary errors={errors} action="Could not save the backup schedule" />
      <label className="check">
        <input type="checkbox" role="switch" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} {...errors.input('backups.enabled')} /> Back up the
        database on a schedule
      </label>
      <FieldError errors={errors} path="backups.enabled" />
      <label>
        Every (hours)
        <input type="number" min={1} max={720} value={hours} onChange={(event) => setHours(event.target.value)} disabled={!enabled} {...errors.input('backups.intervalHours')} />
      </label>
      <FieldError errors={errors} path="backups.intervalHours" />
      <label>
        Keep (newest)
        <input type="number" min={1} max={100} value={keep} onChange={(event) => setKeep(event.target.value)} disabled={!enabled} {...errors.input('backups.keep')} />
      </label>
      <FieldError errors={errors} path="backups.keep" />
      <p className="muted small" data-testid="last-backup">
        {last ? (
          <>
            Last: {formatTime(last.createdAt)}, <code>{last.path}</code>.
          </>
        ) : (
          'No scheduled backup yet.'
        )}{' '}
        Scheduled backups are in the data folder’s <code>backups</code> and hold the database only: they repair a damaged database on this machine, with the data key
        it already has. To move the node or survive a lost disk, make a full backup (database and data key, under a passphrase): <code>switchboard backup</code>.
      </p>
      <FormActions mutation={update} failure="Could not save the backup schedule" errors={errors} />
    </form>
  );
}
