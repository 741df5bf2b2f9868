import { useState } from 'react';
import type { RetryPolicy } from '@shared/domain/delivery';

/** The two numbers of a retry policy as form fields (the first wait in seconds), and the policy they describe. */
export function useRetryPolicyFields(initial: RetryPolicy) {
  const [maxAttempts, setMaxAttempts] = useState(String(initial.maxAttempts));
  const [baseDelay, setBaseDelay] = useState(String(initial.baseDelayMs / 1000));
  return {
    policy: (): RetryPolicy => ({ maxAttempts: Number(maxAttempts), baseDelayMs: Math.round(Number(baseDelay) * 1000) }),
    fields: (
      <div className="row">
        <label className="inline">
          attempts <input type="number" min={1} max={20} value={maxAttempts} onChange={(event) => setMaxAttempts(event.target.value)} aria-label="Attempts" />
        </label>
        <label className="inline">
          first wait (s) <input type="number" min={0.1} max={3600} step={0.1} value={baseDelay} onChange={(event) => setBaseDelay(event.target.value)} aria-label="First wait in seconds" />
        </label>
      </div>
    ),
  };
}
