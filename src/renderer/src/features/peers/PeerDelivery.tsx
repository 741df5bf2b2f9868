import { useState, type FormEvent } from 'react';
import { DEFAULT_REDRIVE_POLICY, type RedrivePolicy, type RetryPolicy } from '@shared/domain/delivery';
import type { Peer } from '@shared/domain/peer';
import { useControlMutation, useSettings } from '../../api/queries';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FieldErrorSummary, useFieldErrors } from '../../components/FieldErrors';
import { FormActions } from '../../components/FormActions';
import { redriveInWords, useRedrivePolicyFields } from '../../components/RedrivePolicyFields';
import { useRetryPolicyFields } from '../../components/RetryPolicyFields';
import { protocolUi } from '../../protocols/registry';

type PolicyUpdate = ReturnType<typeof useControlMutation<'peers.setRetryPolicy'>>;
type RedriveUpdate = ReturnType<typeof useControlMutation<'peers.setRedrive'>>;

/** The node's redrive policy, or the peer's own (dead letters with a passing cause, sent again by themselves). */
function RedriveForm({ peer, fallback, setRedrive }: { peer: Peer; fallback: RedrivePolicy; setRedrive: RedriveUpdate }) {
  const [own, setOwn] = useState(peer.redrive !== null);
  const errors = useFieldErrors(setRedrive.error, ['policy.enabled', 'policy.intervalMinutes', 'policy.forHours', 'policy']);
  const redrive = useRedrivePolicyFields(peer.redrive ?? fallback, errors, 'policy');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setRedrive.mutate({ peer: peer.id, policy: own ? redrive.policy() : null });
  };
  return (
    <form className="form redrive-form" onSubmit={submit} aria-label="Redrive policy">
      <FieldErrorSummary errors={errors} action="Could not save the redrive policy" />
      <fieldset className="plain-fieldset">
        <legend className="field-label">Redrive: dead letters with a passing cause</legend>
        <label className="check">
          <input type="radio" name={`redrive-${peer.id}`} checked={!own} onChange={() => setOwn(false)} /> Use the node's redrive policy ({redriveInWords(fallback)})
        </label>
        <label className="check">
          <input type="radio" name={`redrive-${peer.id}`} checked={own} onChange={() => setOwn(true)} /> Its own redrive policy
        </label>
      </fieldset>
      {own ? redrive.fields : null}
      <FormActions mutation={setRedrive} failure="Could not save the redrive policy" errors={errors} />
    </form>
  );
}

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
 * own retry and redrive policies (or the node's).
 */
export function PeerDelivery({ peer }: { peer: Peer }) {
  const settings = useSettings();
  const fallback = settings.data?.retryPolicy ?? { maxAttempts: 3, baseDelayMs: 1000 };
  // Outlives the form, which starts over with the policy as saved.
  const setPolicy = useControlMutation('peers.setRetryPolicy');
  const setRedrive = useControlMutation('peers.setRedrive');
  const redriveFallback = settings.data?.redrive ?? DEFAULT_REDRIVE_POLICY;
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
      <RedriveForm key={`${JSON.stringify(peer.redrive)}:${JSON.stringify(redriveFallback)}`} peer={peer} fallback={redriveFallback} setRedrive={setRedrive} />
    </section>
  );
}
