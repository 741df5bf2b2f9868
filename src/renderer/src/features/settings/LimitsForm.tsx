import { useState } from 'react';
import type { NodeSettings } from '@shared/domain/node';
import type { useControlMutation } from '../../api/queries';
import { FieldError, FieldErrorSummary, useFieldErrors } from '../../components/FieldErrors';
import { FormActions } from '../../components/FormActions';

type SettingsUpdate = ReturnType<typeof useControlMutation<'settings.update'>>;

/** A number as typed (NaN when empty, so the core's field error says what is wrong). */
const numberOf = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

/**
 * Request rates on the public port. Over them, a caller is answered 429 with Retry-After (in its protocol's
 * shape) until the minute is over; the note says what counts where, so an operator raising them knows why.
 */
export function LimitsForm({ settings, update }: { settings: NodeSettings; update: SettingsUpdate }) {
  const [perAddress, setPerAddress] = useState(String(settings.limits.perAddressPerMinute));
  const [perCredential, setPerCredential] = useState(String(settings.limits.perCredentialPerMinute));
  const errors = useFieldErrors(update.error, ['limits.perAddressPerMinute', 'limits.perCredentialPerMinute', 'limits']);
  return (
    <form
      className="form card"
      aria-label="Limits"
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate({ limits: { perAddressPerMinute: numberOf(perAddress), perCredentialPerMinute: numberOf(perCredential) } });
      }}
    >
      <h2>Limits</h2>
      <FieldErrorSummary errors={errors} action="Could not save the limits" />
      <label>
        Requests a minute from one address
        <input type="number" min={10} max={1000000} value={perAddress} onChange={(event) => setPerAddress(event.target.value)} {...errors.input('limits.perAddressPerMinute')} />
      </label>
      <FieldError errors={errors} path="limits.perAddressPerMinute" />
      <label>
        Requests a minute with one key or secret
        <input type="number" min={10} max={1000000} value={perCredential} onChange={(event) => setPerCredential(event.target.value)} {...errors.input('limits.perCredentialPerMinute')} />
      </label>
      <FieldError errors={errors} path="limits.perCredentialPerMinute" />
      <p className="muted small">
        Every request to the public port counts against its address, refused ones too; one with a valid key or secret also counts against that credential. Over either,
        the caller is told 429 with Retry-After until the minute is over. Raise them for a gateway that many peers reach through one address.
      </p>
      <FormActions mutation={update} failure="Could not save the limits" errors={errors} />
    </form>
  );
}
