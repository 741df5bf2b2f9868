import { useState, type FormEvent } from 'react';
import type { Peer } from '@shared/domain/peer';
import { useControlMutation, useSettings } from '../../api/queries';
import { FormActions } from '../../components/FormActions';

/** How the outbox treats this peer: paused or not, and its own retry policy (or the node's default). */
export function PeerDelivery({ peer }: { peer: Peer }) {
  const settings = useSettings();
  const fallback = settings.data?.retryPolicy ?? { maxAttempts: 3, baseDelayMs: 1000 };
  const [custom, setCustom] = useState(peer.retryPolicy !== null);
  const [maxAttempts, setMaxAttempts] = useState(String(peer.retryPolicy?.maxAttempts ?? fallback.maxAttempts));
  const [baseDelay, setBaseDelay] = useState(String((peer.retryPolicy?.baseDelayMs ?? fallback.baseDelayMs) / 1000));
  const setPolicy = useControlMutation('peers.setRetryPolicy');
  const pause = useControlMutation('outbox.setPaused');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setPolicy.mutate({ peer: peer.id, policy: custom ? { maxAttempts: Number(maxAttempts), baseDelayMs: Math.round(Number(baseDelay) * 1000) } : null });
  };
  return (
    <section className="credential" aria-label="Delivery">
      <h3>Delivery</h3>
      <div className="row">
        {peer.deliveryPaused ? <span className="chip chip-warn">paused: messages wait in the outbox</span> : <span className="chip chip-ok">delivering</span>}
        <button type="button" className="button" onClick={() => pause.mutate({ peer: peer.id, paused: !peer.deliveryPaused })}>
          {peer.deliveryPaused ? 'Resume' : 'Pause'}
        </button>
      </div>
      <form className="form" onSubmit={submit}>
        <label className="check">
          <input type="checkbox" checked={custom} onChange={(event) => setCustom(event.target.checked)} /> Own retry policy (otherwise the node's: {fallback.maxAttempts} attempts,
          first wait {fallback.baseDelayMs / 1000} s)
        </label>
        {custom ? (
          <div className="row">
            <label className="inline">
              attempts <input type="number" min={1} max={20} value={maxAttempts} onChange={(event) => setMaxAttempts(event.target.value)} aria-label="Attempts" />
            </label>
            <label className="inline">
              first wait (s) <input type="number" min={0.1} max={3600} step={0.1} value={baseDelay} onChange={(event) => setBaseDelay(event.target.value)} aria-label="First wait in seconds" />
            </label>
          </div>
        ) : null}
        <FormActions mutation={setPolicy} failure="Could not save the policy" />
      </form>
    </section>
  );
}
