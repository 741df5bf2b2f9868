import { useState } from 'react';
import type { InspectionReport } from '@shared/domain/inspector';
import { SecretOnceDialog, type ShownSecret } from '../../components/SecretOnceDialog';
import { ProtocolBadge } from '../../components/chips';
import { useUiActions } from '../../stores/ui-store';
import { AddPeerDialog } from '../peers/AddPeerDialog';
import { CredentialUses } from './CredentialUses';

/** How this node would talk to the agent: the protocol, the auth it asks for, the credentials that match; "Save as peer". */
export function CompatibilityPanel({ report }: { report: InspectionReport }) {
  const { compatibility, suggestedPeer, target } = report;
  const { peerShown } = useUiActions();
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<{ peerId: string; name: string; secrets: ShownSecret[] } | null>(null);
  return (
    <section className="card compatibility" aria-labelledby="compatibility-title">
      <div className="row">
        <h2 id="compatibility-title">Compatibility</h2>
        <span className="spacer" />
        {target.peerId ? (
          <button type="button" className="button" onClick={() => peerShown(target.peerId!)}>
            Open peer {target.peerName ?? ''}
          </button>
        ) : suggestedPeer && !target.self ? (
          <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
            Save as peer
          </button>
        ) : null}
      </div>
      <dl className="facts">
        <dt>Would use</dt>
        <dd>{compatibility.protocol ? <ProtocolBadge protocol={compatibility.protocol} /> : <span className="muted">none of the protocols this node speaks</span>}</dd>
        <dt>Authentication</dt>
        <dd>{compatibility.auth}</dd>
        <dt>Credentials</dt>
        <dd>
          <CredentialUses credentials={compatibility.credentials} empty="none configured for this URL" />
        </dd>
        {compatibility.notes.length ? (
          <>
            <dt>Notes</dt>
            <dd>
              <ul className="plain-list">
                {compatibility.notes.map((note) => (
                  <li key={note}>{note}</li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
      </dl>
      {adding && suggestedPeer ? (
        <AddPeerDialog
          initial={suggestedPeer}
          onClose={() => setAdding(false)}
          onAdded={(peer, secrets) => {
            setAdding(false);
            // Generated secrets are shown once, here, before the peer's page replaces this screen.
            if (secrets.length) setAdded({ peerId: peer.id, name: peer.name, secrets });
            else peerShown(peer.id);
          }}
        />
      ) : null}
      {added ? <SecretOnceDialog title={`Secrets for ${added.name}`} secrets={added.secrets} onClose={() => peerShown(added.peerId)} /> : null}
    </section>
  );
}
