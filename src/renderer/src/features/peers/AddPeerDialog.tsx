import { useState, type FormEvent } from 'react';
import type { Peer } from '@shared/domain/peer';
import { useControlMutation } from '../../api/queries';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { readKeyFile } from './download';
import type { ShownSecret } from './SecretOnceDialog';

/** Adds a peer; generated secrets come back once and are handed to the show-once dialog. */
export function AddPeerDialog({ onClose, onAdded }: { onClose: () => void; onAdded: (peer: Peer, secrets: ShownSecret[]) => void }) {
  const [protocol, setProtocol] = useState<'secure' | 'a2a' | 'chat'>('secure');
  const [remoteAgentId, setRemoteAgentId] = useState('');
  const [inviteToken, setInviteToken] = useState('');
  const [myAgentId, setMyAgentId] = useState('');
  const [name, setName] = useState('');
  const [baseUrl, setBaseUrl] = useState('http://');
  const [notes, setNotes] = useState('');
  const [generateInbound, setGenerateInbound] = useState(true);
  const [outboundSecret, setOutboundSecret] = useState('');
  const [aesMode, setAesMode] = useState<'none' | 'generate' | 'import'>('none');
  const [aesKey, setAesKey] = useState('');
  const [fileError, setFileError] = useState<string | null>(null);
  const add = useControlMutation('peers.add', {
    onSuccess: ({ peer, generated }) => {
      const secrets: ShownSecret[] = [];
      if (generated.inboundSecret) secrets.push({ label: 'Inbound secret', value: generated.inboundSecret, hint: `Give this to ${peer.name}: it sends it as "Authorization: Bearer …".` });
      if (generated.aesKey) secrets.push({ label: 'AES-256 key', value: generated.aesKey, hint: `Share it with ${peer.name} over a secure channel (the key file holds exactly this).` });
      onAdded(peer, secrets);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({
      name,
      baseUrl,
      protocol,
      ...(notes ? { notes } : {}),
      ...(outboundSecret ? { outboundSecret } : {}),
      ...(protocol === 'secure' && generateInbound ? { inboundSecret: 'generate' } : {}),
      ...(protocol === 'secure' && aesMode === 'generate' ? { aesKey: 'generate' } : protocol === 'secure' && aesMode === 'import' && aesKey ? { aesKey } : {}),
      ...(protocol === 'chat' ? { chat: { remoteAgentId, inviteToken, ...(myAgentId.trim() ? { myAgentId: myAgentId.trim() } : {}) } } : {}),
    });
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
          <select value={protocol} onChange={(e) => setProtocol(e.target.value as 'secure' | 'a2a' | 'chat')} aria-describedby="protocol-note">
            <option value="secure">a2a-secure (shared secrets, optional AES)</option>
            <option value="a2a">A2A (agent card, JSON-RPC)</option>
            <option value="chat">a2achat (handshake with an invite)</option>
          </select>
          <span id="protocol-note" className="muted small">
            {protocol === 'a2a'
              ? 'Its card is read from the base URL. To let it call you, make it an API key in Keys.'
              : protocol === 'chat'
                ? 'The base URL is the chat server (another Switchboard, or an a2achat service). This node joins it and asks the agent for a handshake; messages flow once they approve.'
                : 'For A2A and a2achat peers, choose their protocol.'}
          </span>
        </label>
        {protocol === 'chat' ? (
          <>
            <label className="field">
              <span className="field-label">Their agent id</span>
              <input value={remoteAgentId} onChange={(e) => setRemoteAgentId(e.target.value)} required placeholder="alice-agent" autoComplete="off" />
            </label>
            <label className="field">
              <span className="field-label">Their invite token</span>
              <input value={inviteToken} onChange={(e) => setInviteToken(e.target.value)} required autoComplete="off" />
            </label>
            <label className="field">
              <span className="field-label">Your agent id there (optional)</span>
              <input value={myAgentId} onChange={(e) => setMyAgentId(e.target.value)} placeholder="this node's chat agent id" autoComplete="off" />
            </label>
          </>
        ) : null}
        {protocol === 'secure' ? (
          <>
            <label className="check">
              <input type="checkbox" checked={generateInbound} onChange={(e) => setGenerateInbound(e.target.checked)} />
              Generate the inbound secret this peer will present to you
            </label>
          </>
        ) : null}
        {protocol !== 'chat' ? (
        <label className="field">
          <span className="field-label">{protocol === 'a2a' ? 'Bearer token the agent expects (sent only to URLs under its base URL)' : 'Outbound secret (what you present to this peer)'}</span>
          <input type="password" value={outboundSecret} onChange={(e) => setOutboundSecret(e.target.value)} autoComplete="new-password" placeholder="optional" />
        </label>
        ) : null}
        {protocol === 'secure' ? (
          <>
            <fieldset className="field">
              <legend className="field-label">AES-256 key for encrypted messages</legend>
              <label className="check">
                <input type="radio" name="aes" checked={aesMode === 'none'} onChange={() => setAesMode('none')} /> None
              </label>
              <label className="check">
                <input type="radio" name="aes" checked={aesMode === 'generate'} onChange={() => setAesMode('generate')} /> Generate one
              </label>
              <label className="check">
                <input type="radio" name="aes" checked={aesMode === 'import'} onChange={() => setAesMode('import')} /> Import a key file
              </label>
              {aesMode === 'import' ? (
                <input
                  type="file"
                  aria-label="AES key file"
                  onChange={async (e) => {
                    const file = e.target.files?.[0];
                    setFileError(null);
                    if (!file) return;
                    try {
                      setAesKey(await readKeyFile(file));
                    } catch (error) {
                      setFileError((error as Error).message);
                    }
                  }}
                />
              ) : null}
              {fileError ? <p className="notice notice-error">{fileError}</p> : null}
            </fieldset>
          </>
        ) : null}
        <label className="field">
          <span className="field-label">Notes</span>
          <textarea value={notes} onChange={(e) => setNotes(e.target.value)} rows={2} maxLength={2000} />
        </label>
        {add.isError ? <ErrorNotice error={add.error} action="Could not add the peer" /> : null}
      </form>
    </Dialog>
  );
}
