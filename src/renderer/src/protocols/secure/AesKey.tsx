import { useState } from 'react';
import type { Peer } from '@shared/domain/peer';
import { useControlMutation } from '../../api/queries';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SecretOnceDialog, type ShownSecret } from '../../components/SecretOnceDialog';
import { Reveal } from '../shared/Reveal';
import { downloadText, readKeyFile } from './key-file';

/** The AES-256 key shared with the peer: generated or imported, exported as a key file, cleared with a confirm. */
export function AesKey({ peer }: { peer: Peer }) {
  const [shown, setShown] = useState<ShownSecret[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [clearing, setClearing] = useState(false);
  const setKey = useControlMutation('peers.setAesKey', {
    onSuccess: ({ aesKey }) => {
      if (aesKey) setShown([{ label: 'AES-256 key', value: aesKey, hint: `Share it with ${peer.name} over a secure channel.` }]);
    },
  });
  const exportKey = useControlMutation('peers.revealCredential', { onSuccess: ({ value }) => downloadText(`${peer.name}-aes256.key`, `${value}\n`) });
  return (
    <section className="credential" aria-label="AES key">
      <h3>AES-256 key</h3>
      <p className="muted small">Decrypts what {peer.name} sends encrypted. The file format is what `openssl rand -hex 32` writes.</p>
      <p>
        {peer.hasAesKey ? (
          <>
            <span className="chip chip-ok">set</span> <Reveal peer={peer} kind="aes_key" label="AES key" />{' '}
            <button type="button" className="link-button" onClick={() => exportKey.mutate({ peer: peer.id, kind: 'aes_key' })}>
              Export file
            </button>{' '}
            <button type="button" className="link-button" onClick={() => setClearing(true)}>
              Clear
            </button>
          </>
        ) : (
          <span className="chip chip-neutral">not set</span>
        )}
      </p>
      <div className="row">
        <button type="button" className="button" onClick={() => setKey.mutate({ peer: peer.id, key: 'generate' })}>
          Generate
        </button>
        <label className="button file-button">
          Import file…
          <input
            type="file"
            className="visually-hidden"
            aria-label="Import AES key file"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              setError(null);
              if (!file) return;
              try {
                setKey.mutate({ peer: peer.id, key: await readKeyFile(file) });
              } catch (failure) {
                setError((failure as Error).message);
              }
            }}
          />
        </label>
      </div>
      {error ? <p className="notice notice-error">{error}</p> : null}
      {setKey.isError ? <ErrorNotice error={setKey.error} action="Could not set the key" /> : null}
      {shown ? <SecretOnceDialog title={`AES key for ${peer.name}`} secrets={shown} onClose={() => setShown(null)} /> : null}
      {clearing ? (
        <ConfirmDialog
          title="Clear the AES key?"
          consequence={`Encrypted messages from ${peer.name} will be refused (decrypt_failed) until a key is set again.`}
          confirmLabel="Clear"
          onCancel={() => setClearing(false)}
          onConfirm={() => setKey.mutate({ peer: peer.id, key: null }, { onSettled: () => setClearing(false) })}
        />
      ) : null}
    </section>
  );
}
