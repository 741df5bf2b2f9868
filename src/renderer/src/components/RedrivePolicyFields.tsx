import { useState } from 'react';
import type { RedrivePolicy } from '@shared/domain/delivery';
import { FieldError, type FormErrors } from './FieldErrors';

/**
 * A redrive policy as form fields: the switch, every how many minutes, for how many hours; and the policy they
 * describe. `errors` marks them when a save refused `path.intervalMinutes` or `path.forHours`.
 */
export function useRedrivePolicyFields(initial: RedrivePolicy, errors?: FormErrors, path = 'redrive') {
  const [enabled, setEnabled] = useState(initial.enabled);
  const [intervalMinutes, setIntervalMinutes] = useState(String(initial.intervalMinutes));
  const [forHours, setForHours] = useState(String(initial.forHours));
  return {
    policy: (): RedrivePolicy => ({ enabled, intervalMinutes: Number(intervalMinutes), forHours: Number(forHours) }),
    fields: (
      <>
        <label className="check">
          <input type="checkbox" role="switch" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} {...errors?.input(`${path}.enabled`)} /> Try dead letters again by themselves
        </label>
        <div className="row">
          <label className="inline">
            every{' '}
            <input
              type="number"
              min={1}
              max={24 * 60}
              value={intervalMinutes}
              onChange={(event) => setIntervalMinutes(event.target.value)}
              disabled={!enabled}
              aria-label="Every how many minutes"
              {...errors?.input(`${path}.intervalMinutes`)}
            />{' '}
            minutes
          </label>
          <label className="inline">
            for{' '}
            <input
              type="number"
              min={1}
              max={30 * 24}
              value={forHours}
              onChange={(event) => setForHours(event.target.value)}
              disabled={!enabled}
              aria-label="For how many hours"
              {...errors?.input(`${path}.forHours`)}
            />{' '}
            hours
          </label>
        </div>
        <FieldError errors={errors} path={`${path}.enabled`} />
        <FieldError errors={errors} path={`${path}.intervalMinutes`} />
        <FieldError errors={errors} path={`${path}.forHours`} />
        <FieldError errors={errors} path={path} />
      </>
    ),
  };
}

/** "every 5 min for 24 h", or "off": a policy in a few words. */
export function redriveInWords(policy: RedrivePolicy): string {
  return policy.enabled ? `every ${policy.intervalMinutes} min for ${policy.forHours} h` : 'off';
}
