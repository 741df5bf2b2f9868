import { useState } from 'react';
import type { Peer } from '@shared/domain/peer';
import { useControlMutation } from '../../api/queries';
import { ConfirmDialog } from '../../components/Dialog';
import { FieldError, FieldErrorSummary, useFieldErrors } from '../../components/FieldErrors';
import { FormActions } from '../../components/FormActions';
import { Reveal } from './Reveal';

/** The secret this node presents to the peer: set or not, revealed on request, replaced or cleared. */
export function OutboundSecret({ peer }: { peer: Peer }) {
  const [draft, setDraft] = useState('');
  const [clearing, setClearing] = useState(false);
  const set = useControlMutation('peers.setOutboundSecret', { onSuccess: () => setDraft('') });
  const errors = useFieldErrors(set.error, ['secret']);
  return (
    <section className="credential" aria-label="Outbound secret">
      <h3>Outbound secret</h3>
      <p className="muted small">What you present to {peer.name}. Encrypted at rest.</p>
      <p>
        {peer.hasOutboundSecret ? (
          <>
            <span className="chip chip-ok">set</span> <Reveal peer={peer} kind="outbound_secret" label="outbound secret" />{' '}
            <button type="button" className="link-button" onClick={() => setClearing(true)}>
              Clear
            </button>
          </>
        ) : (
          <span className="chip chip-neutral">not set</span>
        )}
      </p>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (draft) set.mutate({ peer: peer.id, secret: draft });
        }}
      >
        <div className="row">
          <input
            type="password"
            aria-label="New outbound secret"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            autoComplete="new-password"
            placeholder={peer.hasOutboundSecret ? 'replace with…' : 'set to…'}
            {...errors.input('secret')}
          />
          <FormActions mutation={set} disabled={!draft} saved={set.isSuccess && set.variables?.peer === peer.id} failure="Could not save the secret" errors={errors} />
        </div>
        <FieldError errors={errors} path="secret" />
        <FieldErrorSummary errors={errors} action="Could not save the secret" />
      </form>
      {clearing ? (
        <ConfirmDialog
          title="Clear the outbound secret?"
          consequence={`Messages to ${peer.name} will be sent without credentials until you set a new one.`}
          confirmLabel="Clear"
          onCancel={() => setClearing(false)}
          onConfirm={() => set.mutate({ peer: peer.id, secret: null }, { onSettled: () => setClearing(false) })}
        />
      ) : null}
    </section>
  );
}
