import { useState } from 'react';
import type { Peer, RevealableCredential } from '@shared/domain/peer';
import { useControlMutation } from '../../api/queries';
import { CopyButton } from '../../components/CopyButton';

/** Reveal is explicit and audited; the value stays on screen only until hidden. */
export function Reveal({ peer, kind, label }: { peer: Peer; kind: RevealableCredential; label: string }) {
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
