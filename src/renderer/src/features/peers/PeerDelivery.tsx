import { useState, type FormEvent } from 'react';
import type { Peer } from '@shared/domain/peer';
import { useControlMutation, useSettings } from '../../api/queries';
import { FormActions } from '../../components/FormActions';
import { useRetryPolicyFields } from '../../components/RetryPolicyFields';

/** How the outbox treats this peer: paused or not, and its own retry policy (or the node's default). */
export function PeerDelivery({ peer }: { peer: Peer }) {
  const settings = useSettings();
  const fallback = settings.data?.retryPolicy ?? { maxAttempts: 3, baseDelayMs: 1000 };
  const [custom, setCustom] = useState(peer.retryPolicy !== null);
  const retry = useRetryPolicyFields(peer.retryPolicy ?? fallback);
  const setPolicy = useControlMutation('peers.setRetryPolicy');
  const pause = useControlMutation('outbox.setPaused');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setPolicy.mutate({ peer: peer.id, policy: custom ? retry.policy() : null });
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
        {custom ? retry.fields : null}
        <FormActions mutation={setPolicy} failure="Could not save the policy" />
      </form>
    </section>
  );
}
