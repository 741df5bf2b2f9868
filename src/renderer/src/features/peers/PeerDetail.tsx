import { useState, type FormEvent } from 'react';
import type { Peer } from '@shared/domain/peer';
import { useControlMutation } from '../../api/queries';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field, FieldErrorSummary, useFieldErrors } from '../../components/FieldErrors';
import { FormActions } from '../../components/FormActions';
import { ProtocolBadge, timeAgo } from '../../components/chips';
import { useNow } from '../../components/useNow';
import { protocolUi } from '../../protocols/registry';
import { useUiActions } from '../../stores/ui-store';
import { PeerCard } from './PeerCard';
import { PeerDelivery } from './PeerDelivery';

type PeerUpdate = ReturnType<typeof useControlMutation<'peers.update'>>;

function PeerForm({ peer, update }: { peer: Peer; update: PeerUpdate }) {
  const [name, setName] = useState(peer.name);
  const [baseUrl, setBaseUrl] = useState(peer.baseUrl);
  const [notes, setNotes] = useState(peer.notes);
  const errors = useFieldErrors(update.error, ['name', 'baseUrl', 'notes']);
  const dirty = name !== peer.name || baseUrl !== peer.baseUrl || notes !== peer.notes;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // A peer that only calls in (an A2A key's caller, a chat requester) has no URL; leaving it empty is fine.
    update.mutate({ peer: peer.id, name, notes, ...(baseUrl !== peer.baseUrl ? { baseUrl } : {}) });
  };
  return (
    <form className="form" onSubmit={submit} aria-label="Peer details">
      <FieldErrorSummary errors={errors} action="Could not save" />
      <Field label="Name" path="name" errors={errors}>
        {(input) => <input {...input} value={name} onChange={(e) => setName(e.target.value)} required maxLength={64} />}
      </Field>
      <Field label="Base URL" path="baseUrl" errors={errors}>
        {(input) => (
          <input {...input} value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} required={Boolean(peer.baseUrl)} placeholder={peer.baseUrl ? undefined : 'none: this peer calls you'} />
        )}
      </Field>
      <Field label="Notes" path="notes" errors={errors}>
        {(input) => <textarea {...input} value={notes} onChange={(e) => setNotes(e.target.value)} rows={2} maxLength={2000} />}
      </Field>
      <FormActions label="Save changes" mutation={update} disabled={!dirty} saved={update.isSuccess && !dirty} failure="Could not save" errors={errors} />
    </form>
  );
}

/** The peer's own fields; the save outlives the form, which starts over with the peer as saved (and says "Saved"). */
function PeerDetails({ peer }: { peer: Peer }) {
  const update = useControlMutation('peers.update');
  return <PeerForm key={peer.updatedAt} peer={peer} update={update} />;
}

/** One peer: its details, its card as last inspected, its protocol's sections (credentials masked), its messages, and removal with the consequence spelled out. */
export function PeerDetail({ peer }: { peer: Peer }) {
  const [removing, setRemoving] = useState(false);
  const Sections = protocolUi(peer.protocol).PeerSections;
  const now = useNow();
  const { peerSelected, timelineShown } = useUiActions();
  const remove = useControlMutation('peers.remove', {
    onSuccess: () => {
      setRemoving(false);
      peerSelected(null);
    },
  });
  return (
    <article className="peer-detail" aria-labelledby="peer-title">
      <header className="detail-header">
        <h2 id="peer-title">{peer.name}</h2>
        <ProtocolBadge protocol={peer.protocol} />
        <span className="muted small">last seen {timeAgo(peer.lastSeenAt, now)}</span>
        <span className="spacer" />
        <button type="button" className="button" onClick={() => timelineShown({ peerId: peer.id })}>
          Messages
        </button>
        <button type="button" className="button button-danger" onClick={() => setRemoving(true)}>
          Remove…
        </button>
      </header>
      <PeerDetails key={peer.id} peer={peer} />
      <PeerCard key={`card:${peer.id}`} peer={peer} />
      {Sections ? <Sections peer={peer} /> : null}
      <PeerDelivery key={`delivery:${peer.id}`} peer={peer} />
      {removing ? (
        <ConfirmDialog
          title={`Remove ${peer.name}?`}
          consequence={`${peer.name}'s secrets and keys are deleted and stop working at once. Its messages stay in the timeline under its name.`}
          confirmLabel="Remove peer"
          busy={remove.isPending}
          onCancel={() => setRemoving(false)}
          onConfirm={() => remove.mutate({ peer: peer.id })}
        />
      ) : null}
      {remove.isError ? <ErrorNotice error={remove.error} action="Could not remove the peer" /> : null}
    </article>
  );
}
