import { Field, type FormErrors } from '../../components/FieldErrors';

/** The add-peer field for what this node presents to the peer; each protocol words what that is. */
export function OutboundSecretField({ label, value, onChange, errors }: { label: string; value: string; onChange: (value: string) => void; errors?: FormErrors }) {
  return (
    <Field label={label} path="outboundSecret" errors={errors}>
      {(input) => <input {...input} type="password" value={value} onChange={(e) => onChange(e.target.value)} autoComplete="new-password" placeholder="optional" />}
    </Field>
  );
}
