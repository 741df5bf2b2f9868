import type { FormErrors } from '../../components/FieldErrors';
import { OutboundSecretField } from '../shared/OutboundSecretField';
import { usePartDraft } from '../shared/usePartDraft';
import type { PeerFields } from '../types';

const peerFields = ({ outboundSecret }: { outboundSecret: string }): PeerFields => (outboundSecret ? { outboundSecret } : {});

/** An A2A agent needs nothing but its URL; some expect a bearer token of ours. */
export function A2aAddPeerFields({ onChange, errors }: { onChange: (fields: PeerFields) => void; errors?: FormErrors }) {
  const [draft, change] = usePartDraft({ outboundSecret: '' }, peerFields, onChange);
  return (
    <OutboundSecretField
      label="Bearer token the agent expects (sent only to URLs under its base URL)"
      value={draft.outboundSecret}
      onChange={(outboundSecret) => change({ outboundSecret })}
      errors={errors}
    />
  );
}
