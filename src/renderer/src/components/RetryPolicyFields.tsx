import { useState } from 'react';
import type { RetryPolicy } from '@shared/domain/delivery';
import { FieldError, type FormErrors } from './FieldErrors';

/**
 * The two numbers of a retry policy as form fields (the first wait in seconds), and the policy they describe;
 * `errors` marks them when a save refused `path.maxAttempts` or `path.baseDelayMs`.
 */
export function useRetryPolicyFields(initial: RetryPolicy, errors?: FormErrors, path = 'retryPolicy') {
  const [maxAttempts, setMaxAttempts] = useState(String(initial.maxAttempts));
  const [baseDelay, setBaseDelay] = useState(String(initial.baseDelayMs / 1000));
  return {
    policy: (): RetryPolicy => ({ maxAttempts: Number(maxAttempts), baseDelayMs: Math.round(Number(baseDelay) * 1000) }),
    fields: (
      <>
        <div className="row">
          <label className="inline">
            attempts <input type="number" min={1} max={20} value={maxAttempts} onChange={(event) => setMaxAttempts(event.target.value)} aria-label="Attempts" {...errors?.input(`${path}.maxAttempts`)} />
          </label>
          <label className="inline">
            first wait (s){' '}
            <input type="number" min={0.1} max={3600} step={0.1} value={baseDelay} onChange={(event) => setBaseDelay(event.target.value)} aria-label="First wait in seconds" {...errors?.input(`${path}.baseDelayMs`)} />
          </label>
        </div>
        <FieldError errors={errors} path={`${path}.maxAttempts`} />
        <FieldError errors={errors} path={`${path}.baseDelayMs`} />
        <FieldError errors={errors} path={path} />
      </>
    ),
  };
}
