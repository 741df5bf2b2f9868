import { useState, type FormEvent } from 'react';
import type { Peer } from '@shared/domain/peer';
import { DEFAULT_PROTOCOL } from '@shared/protocols';
import { useControlMutation, useProtocols } from '../../api/queries';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
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
        <label className="field">
          <span className="field-label">Name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={64} placeholder="alice" autoComplete="off" />
        </label>
        <label className="field">
          <span className="field-label">Base URL</span>
          <input value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} required placeholder="http://1.2.3.4:8080" autoComplete="off" />
        </label>
        <label className="field">
          <span className="field-label">Protocol</span>
          <select value={protocol} onChange={(e) => choose(e.target.value)} aria-describedby={addPeer ? 'protocol-note' : undefined}>
            {protocols.map((info) => (
              <option key={info.id} value={info.id}>
                {protocolUi(info.id).addPeer?.choice ?? `${info.label} (${info.summary})`}
              </option>
            ))}
          </select>
          {addPeer ? (
            <span id="protocol-note" className="muted small">
              {addPeer.note}
            </span>
          ) : null}
        </label>
        {addPeer ? <addPeer.Fields key={protocol} onChange={setFields} /> : null}
        <label className="field">
          <span className="field-label">Notes</span>
          <textarea value={notes} onChange={(e) => setNotes(e.target.value)} rows={2} maxLength={2000} />
        </label>
        {add.isError ? <ErrorNotice error={add.error} action="Could not add the peer" /> : null}
      </form>
    </Dialog>
  );
}
