import { useState, type FormEvent } from 'react';
import type { RetryPolicy } from '@shared/domain/delivery';
import type { Peer } from '@shared/domain/peer';
import { useControlMutation, useSettings } from '../../api/queries';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FieldErrorSummary, useFieldErrors } from '../../components/FieldErrors';
import { FormActions } from '../../components/FormActions';
import { useRetryPolicyFields } from '../../components/RetryPolicyFields';
import { protocolUi } from '../../protocols/registry';

type PolicyUpdate = ReturnType<typeof useControlMutation<'peers.setRetryPolicy'>>;

function RetryPolicyForm({ peer, fallback, setPolicy }: { peer: Peer; fallback: RetryPolicy; setPolicy: PolicyUpdate }) {
  const [custom, setCustom] = useState(peer.retryPolicy !== null);
  const errors = useFieldErrors(setPolicy.error, ['policy.maxAttempts', 'policy.baseDelayMs', 'policy']);
  const retry = useRetryPolicyFields(peer.retryPolicy ?? fallback, errors, 'policy');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setPolicy.mutate({ peer: peer.id, policy: custom ? retry.policy() : null });
  };
  return (
    <form className="form" onSubmit={submit} aria-label="Retry policy">
      <FieldErrorSummary errors={errors} action="Could not save the policy" />
      <label className="check">
        <input type="checkbox" checked={custom} onChange={(event) => setCustom(event.target.checked)} /> Own retry policy (otherwise the node's: {fallback.maxAttempts} attempts, first
        wait {fallback.baseDelayMs / 1000} s)
      </label>
      {custom ? retry.fields : null}
      <FormActions mutation={setPolicy} failure="Could not save the policy" errors={errors} />
    </form>
  );
}

/**
 * How the outbox treats this peer: paused or not (or what else stands in its way, as its protocol says), and its
 * own retry policy (or the node's default).
 */
export function PeerDelivery({ peer }: { peer: Peer }) {
  const settings = useSettings();
  const fallback = settings.data?.retryPolicy ?? { maxAttempts: 3, baseDelayMs: 1000 };
  // Outlives the form, which starts over with the policy as saved.
  const setPolicy = useControlMutation('peers.setRetryPolicy');
  const pause = useControlMutation('outbox.setPaused');
  const DeliveryState = protocolUi(peer.protocol).DeliveryState;
  const ready = <span className="chip chip-ok">delivering</span>;
  return (
    <section className="credential" aria-label="Delivery">
      <h3>Delivery</h3>
      <div className="row" data-testid="delivery-state">
        {peer.deliveryPaused ? <span className="chip chip-warn">paused: messages wait in the outbox</span> : DeliveryState ? <DeliveryState peer={peer} ready={ready} /> : ready}
        <button type="button" className="button" onClick={() => pause.mutate({ peer: peer.id, paused: !peer.deliveryPaused })} disabled={pause.isPending}>
          {peer.deliveryPaused ? 'Resume' : 'Pause'}
        </button>
      </div>
      {pause.isError ? <ErrorNotice error={pause.error} action={peer.deliveryPaused ? 'Could not resume' : 'Could not pause'} /> : null}
      <RetryPolicyForm key={JSON.stringify(peer.retryPolicy)} peer={peer} fallback={fallback} setPolicy={setPolicy} />
    </section>
  );
}
