import { useState } from 'react';
import { FieldError, type FormErrors } from '../../components/FieldErrors';
import { OutboundSecretField } from '../shared/OutboundSecretField';
import { usePartDraft } from '../shared/usePartDraft';
import type { PeerFields } from '../types';
import { readKeyFile } from './key-file';

interface Draft {
  generateInbound: boolean;
  outboundSecret: string;
  aesMode: 'none' | 'generate' | 'import';
  /** The imported key file's text. */
  aesKey: string;
}

const initialDraft: Draft = { generateInbound: true, outboundSecret: '', aesMode: 'none', aesKey: '' };

function peerFields(draft: Draft): PeerFields {
  return {
    ...(draft.outboundSecret ? { outboundSecret: draft.outboundSecret } : {}),
    ...(draft.generateInbound ? { inboundSecret: 'generate' } : {}),
    ...(draft.aesMode === 'generate' ? { aesKey: 'generate' } : draft.aesMode === 'import' && draft.aesKey ? { aesKey: draft.aesKey } : {}),
  };
}

export const initialSecurePeerFields = peerFields(initialDraft);

/** An a2a-secure peer's secrets: the inbound one (generated here), the outbound one, and an optional AES key. */
export function SecureAddPeerFields({ onChange, errors }: { onChange: (fields: PeerFields) => void; errors?: FormErrors }) {
  const [draft, change] = usePartDraft(initialDraft, peerFields, onChange);
  const [fileError, setFileError] = useState<string | null>(null);
  return (
    <>
      <label className="check">
        <input type="checkbox" checked={draft.generateInbound} onChange={(e) => change({ generateInbound: e.target.checked })} />
        Generate the inbound secret this peer will present to you
      </label>
      <FieldError errors={errors} path="inboundSecret" />
      <OutboundSecretField label="Outbound secret (what you present to this peer)" value={draft.outboundSecret} onChange={(outboundSecret) => change({ outboundSecret })} errors={errors} />
      <fieldset className="field">
        <legend className="field-label">AES-256 key for encrypted messages</legend>
        <label className="check">
          <input type="radio" name="aes" checked={draft.aesMode === 'none'} onChange={() => change({ aesMode: 'none' })} /> None
        </label>
        <label className="check">
          <input type="radio" name="aes" checked={draft.aesMode === 'generate'} onChange={() => change({ aesMode: 'generate' })} /> Generate one
        </label>
        <label className="check">
          <input type="radio" name="aes" checked={draft.aesMode === 'import'} onChange={() => change({ aesMode: 'import' })} /> Import a key file
        </label>
        {draft.aesMode === 'import' ? (
          <input
            type="file"
            aria-label="AES key file"
            {...errors?.input('aesKey')}
            onChange={async (e) => {
              const file = e.target.files?.[0];
              setFileError(null);
              if (!file) return;
              try {
                change({ aesKey: await readKeyFile(file) });
              } catch (error) {
                setFileError((error as Error).message);
              }
            }}
          />
        ) : null}
        {fileError ? <p className="notice notice-error">{fileError}</p> : null}
        <FieldError errors={errors} path="aesKey" />
      </fieldset>
    </>
  );
}
