import { useState } from 'react';
import type { Peer } from '@shared/domain/peer';
import { useApiKeys, useControlMutation } from '../../api/queries';
import { useUiActions } from '../../stores/ui-store';
import { CopyButton } from '../../components/CopyButton';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatTime } from '../../components/chips';
import { downloadText, readKeyFile } from './download';
import { SecretOnceDialog, type ShownSecret } from './SecretOnceDialog';

const graceChoices = [
  { seconds: 0, label: 'now' },
  { seconds: 3600, label: 'in 1 hour' },
  { seconds: 86_400, label: 'in 24 hours' },
  { seconds: 7 * 86_400, label: 'in 7 days' },
];

/** Inbound secrets: only hints are ever shown; a rotation shows the new secret once. */
function InboundSecrets({ peer }: { peer: Peer }) {
  const [grace, setGrace] = useState(86_400);
  const [shown, setShown] = useState<ShownSecret[] | null>(null);
  const [revoking, setRevoking] = useState<number | null>(null);
  const rotate = useControlMutation('peers.rotateInboundSecret', {
    onSuccess: ({ inboundSecret }) => setShown([{ label: 'New inbound secret', value: inboundSecret, hint: `Give this to ${peer.name}.` }]),
  });
  const revoke = useControlMutation('peers.revokeInboundSecret', { onSuccess: () => setRevoking(null) });
  return (
    <section className="credential" aria-label="Inbound secrets">
      <h3>Inbound secrets</h3>
      <p className="muted small">What {peer.name} presents to you. Stored only as a digest; shown once when made.</p>
      {peer.inboundSecrets.length === 0 ? <p className="notice">None yet: {peer.name} cannot send to you until it has one.</p> : null}
      <ul className="plain-list">
        {peer.inboundSecrets.map((secret) => (
          <li key={secret.id}>
            <code>{secret.hint}</code> <span className="muted small">made {formatTime(secret.createdAt)}</span>{' '}
            {secret.expiresAt ? <span className="chip chip-warn">stops working {formatTime(secret.expiresAt)}</span> : <span className="chip chip-ok">current</span>}{' '}
            <button type="button" className="link-button" onClick={() => setRevoking(secret.id)}>
              Revoke
            </button>
          </li>
        ))}
      </ul>
      <div className="row">
        <button type="button" className="button" onClick={() => rotate.mutate({ peer: peer.id, graceSeconds: grace })} disabled={rotate.isPending}>
          {peer.inboundSecrets.length ? 'Rotate' : 'Generate'}
        </button>
        {peer.inboundSecrets.length ? (
          <label className="inline">
            old secret stops working{' '}
            <select value={grace} onChange={(e) => setGrace(Number(e.target.value))}>
              {graceChoices.map((choice) => (
                <option key={choice.seconds} value={choice.seconds}>
                  {choice.label}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      {rotate.isError ? <ErrorNotice error={rotate.error} action="Could not rotate the secret" /> : null}
      {shown ? <SecretOnceDialog title={`Inbound secret for ${peer.name}`} secrets={shown} onClose={() => setShown(null)} /> : null}
      {revoking !== null ? (
        <ConfirmDialog
          title="Revoke this inbound secret?"
          consequence={`${peer.name} can no longer authenticate with it, starting now.`}
          confirmLabel="Revoke"
          busy={revoke.isPending}
          onCancel={() => setRevoking(null)}
          onConfirm={() => revoke.mutate({ peer: peer.id, secretId: revoking })}
        />
      ) : null}
    </section>
  );
}

/** Reveal is explicit and audited; the value stays on screen only until hidden. */
function Reveal({ peer, kind, label }: { peer: Peer; kind: 'outbound_secret' | 'aes_key'; label: string }) {
  const [value, setValue] = useState<string | null>(null);
  const reveal = useControlMutation('peers.revealCredential', { onSuccess: ({ value: revealed }) => setValue(revealed) });
  if (value !== null) {
    return (
      <span>
        <code className="secret-value" data-testid={`revealed-${kind}`}>
          {value}
        </code>{' '}
        <CopyButton value={value} label={label} />{' '}
        <button type="button" className="link-button" onClick={() => setValue(null)}>
          Hide
        </button>
      </span>
    );
  }
  return (
    <button type="button" className="link-button" onClick={() => reveal.mutate({ peer: peer.id, kind })} title="Reveals are recorded in the audit log">
      Reveal
    </button>
  );
}

function OutboundSecret({ peer }: { peer: Peer }) {
  const [draft, setDraft] = useState('');
  const [clearing, setClearing] = useState(false);
  const set = useControlMutation('peers.setOutboundSecret', { onSuccess: () => setDraft('') });
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
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (draft) set.mutate({ peer: peer.id, secret: draft });
        }}
      >
        <input type="password" aria-label="New outbound secret" value={draft} onChange={(e) => setDraft(e.target.value)} autoComplete="new-password" placeholder={peer.hasOutboundSecret ? 'replace with…' : 'set to…'} />
        <button type="submit" className="button" disabled={!draft || set.isPending}>
          Save
        </button>
      </form>
      {set.isError ? <ErrorNotice error={set.error} action="Could not save the secret" /> : null}
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

function AesKey({ peer }: { peer: Peer }) {
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

/** An A2A peer calls in with API keys, which live on the Keys screen. */
function A2aInbound({ peer }: { peer: Peer }) {
  const keys = useApiKeys();
  const { screenSelected } = useUiActions();
  const mine = (keys.data ?? []).filter((key) => key.peerId === peer.id);
  return (
    <section className="credential" aria-label="API keys">
      <h3>API keys</h3>
      <p className="muted small">What {peer.name} presents when it calls you over A2A.</p>
      {mine.length === 0 ? <p className="notice">No key: {peer.name} cannot call you yet.</p> : null}
      <ul className="plain-list">
        {mine.map((key) => (
          <li key={key.id}>
            <code>{key.hint}</code> <span className="muted small">{key.label}</span>
          </li>
        ))}
      </ul>
      <button type="button" className="link-button" onClick={() => screenSelected('keys')}>
        Manage keys
      </button>
    </section>
  );
}

export function PeerCredentials({ peer }: { peer: Peer }) {
  if (peer.protocol === 'a2a') {
    return (
      <div className="credentials">
        <A2aInbound peer={peer} />
        <OutboundSecret peer={peer} />
      </div>
    );
  }
  return (
    <div className="credentials">
      <InboundSecrets peer={peer} />
      <OutboundSecret peer={peer} />
      <AesKey peer={peer} />
    </div>
  );
}
