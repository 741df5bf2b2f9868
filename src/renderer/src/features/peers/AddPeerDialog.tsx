import { useState, type FormEvent } from 'react';
import type { Peer } from '@shared/domain/peer';
import { DEFAULT_PROTOCOL } from '@shared/protocols';
import { useControlMutation, useProtocols } from '../../api/queries';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field, FieldErrorSummary, useFieldErrors } from '../../components/FieldErrors';
import type { ShownSecret } from '../../components/SecretOnceDialog';
import { generatedSecrets, protocolUi } from '../../protocols/registry';
import type { PeerFields } from '../../protocols/types';

/** What the dialog starts with (the Inspector's "Save as peer" fills these from the card it read). */
export interface AddPeerInitial {
  name?: string;
  baseUrl?: string;
  protocol?: string;
}

/**
 * Adds a peer of any protocol the node speaks: the fields every peer has, then the protocol's own (none for a
 * protocol this console has no folder for). Generated secrets come back once and go to the show-once dialog.
 */
export function AddPeerDialog({ onClose, onAdded, initial = {} }: { onClose: () => void; onAdded: (peer: Peer, secrets: ShownSecret[]) => void; initial?: AddPeerInitial }) {
  const protocols = useProtocols();
  const [protocol, setProtocol] = useState<string>(initial.protocol ?? DEFAULT_PROTOCOL);
  const [fields, setFields] = useState<PeerFields>(() => protocolUi(initial.protocol ?? DEFAULT_PROTOCOL).addPeer?.initial ?? {});
  const [name, setName] = useState(initial.name ?? '');
  const [baseUrl, setBaseUrl] = useState(initial.baseUrl ?? 'http://');
  const [notes, setNotes] = useState('');
  const addPeer = protocolUi(protocol).addPeer;
  const add = useControlMutation('peers.add', { onSuccess: ({ peer, generated }) => onAdded(peer, generatedSecrets(peer, generated)) });
  const errors = useFieldErrors(add.error, ['name', 'baseUrl', 'protocol', 'notes', ...(addPeer?.fieldPaths ?? [])]);

  const choose = (next: string) => {
    setProtocol(next);
    setFields(protocolUi(next).addPeer?.initial ?? {});
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ ...fields, name, baseUrl, protocol, ...(notes ? { notes } : {}) });
  };

  return (
    <Dialog
      title="Add a peer"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="add-peer-form" className="button button-primary" disabled={add.isPending}>
            {add.isPending ? 'Adding…' : 'Add peer'}
          </button>
        </>
      }
    >
      <form id="add-peer-form" className="form" onSubmit={submit}>
        <FieldErrorSummary errors={errors} action="Could not add the peer" />
        <Field label="Name" path="name" errors={errors}>
          {(input) => <input {...input} value={name} onChange={(e) => setName(e.target.value)} required maxLength={64} placeholder="alice" autoComplete="off" />}
        </Field>
        <Field label="Base URL" path="baseUrl" errors={errors}>
          {(input) => <input {...input} value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} required placeholder="http://1.2.3.4:8080" autoComplete="off" />}
        </Field>
        <Field label="Protocol" path="protocol" errors={errors} note={addPeer?.note}>
          {(input) => (
            <select {...input} value={protocol} onChange={(e) => choose(e.target.value)}>
              {protocols.map((info) => (
                <option key={info.id} value={info.id}>
                  {protocolUi(info.id).addPeer?.choice ?? `${info.label} (${info.summary})`}
                </option>
              ))}
            </select>
          )}
        </Field>
        {addPeer ? <addPeer.Fields key={protocol} onChange={setFields} errors={errors} /> : null}
        <Field label="Notes" path="notes" errors={errors}>
          {(input) => <textarea {...input} value={notes} onChange={(e) => setNotes(e.target.value)} rows={2} maxLength={2000} />}
        </Field>
        {errors.general ? <ErrorNotice error={errors.general} action="Could not add the peer" /> : null}
      </form>
    </Dialog>
  );
}
