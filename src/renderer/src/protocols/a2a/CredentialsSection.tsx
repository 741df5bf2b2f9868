import { useState, type FormEvent } from 'react';
import type { OutboundCredential } from '@shared/domain/a2a';
import { useControlMutation, useCredentials } from '../../api/queries';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';

interface HeaderRow {
  name: string;
  value: string;
}

function AddCredentialsForm() {
  const [prefix, setPrefix] = useState('https://');
  const [rows, setRows] = useState<HeaderRow[]>([{ name: 'Authorization', value: '' }]);
  const add = useControlMutation('credentials.add', {
    onSuccess: () => {
      setPrefix('https://');
      setRows([{ name: 'Authorization', value: '' }]);
    },
  });
  const setRow = (index: number, change: Partial<HeaderRow>) => setRows((current) => current.map((row, i) => (i === index ? { ...row, ...change } : row)));
  const complete = rows.filter((row) => row.name.trim() && row.value);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ prefix: prefix.trim(), headers: Object.fromEntries(complete.map((row) => [row.name.trim(), row.value])) });
  };
  return (
    <form className="form" onSubmit={submit} aria-label="Add outbound credentials">
      <label className="field">
        <span className="field-label">URL prefix (origin and path)</span>
        <input value={prefix} onChange={(e) => setPrefix(e.target.value)} required placeholder="https://agents.example/team" aria-label="URL prefix" />
      </label>
      {rows.map((row, index) => (
        <div className="row" key={index}>
          <input value={row.name} onChange={(e) => setRow(index, { name: e.target.value })} placeholder="Header name" aria-label={`Header ${index + 1} name`} />
          <input
            type="password"
            value={row.value}
            onChange={(e) => setRow(index, { value: e.target.value })}
            placeholder="value, or ${ENV_VAR}"
            aria-label={`Header ${index + 1} value`}
            autoComplete="new-password"
          />
          {rows.length > 1 ? (
            <button type="button" className="icon-button" aria-label={`Remove header ${index + 1}`} onClick={() => setRows((current) => current.filter((_, i) => i !== index))}>
              ✕
            </button>
          ) : null}
        </div>
      ))}
      <div className="row">
        <button type="button" className="link-button" onClick={() => setRows((current) => [...current, { name: '', value: '' }])}>
          Add another header
        </button>
        <span className="spacer" />
        <button type="submit" className="button button-primary" disabled={complete.length === 0 || add.isPending}>
          Add credentials
        </button>
      </div>
      {add.isError ? <ErrorNotice error={add.error} action="Not added" /> : null}
    </form>
  );
}

/** Outbound credentials per URL prefix (seed 001 `remoteAgents`): values masked, removal confirmed. */
export function CredentialsSection() {
  const credentials = useCredentials();
  const [removing, setRemoving] = useState<OutboundCredential | null>(null);
  const remove = useControlMutation('credentials.remove', { onSuccess: () => setRemoving(null) });
  const list = credentials.data ?? [];
  return (
    <section className="card" aria-labelledby="credentials-title">
      <h2 id="credentials-title">Outbound credentials</h2>
      <p className="muted small">
        Headers sent with requests to A2A agents whose URL — the one actually requested, not what a card claims — starts with the prefix. The longest
        matching prefix wins. <code>{'${NAME}'}</code> in a value is read from the node’s environment at request time.
      </p>
      {credentials.isError ? <ErrorNotice error={credentials.error} action="Could not load credentials" /> : null}
      {credentials.isSuccess && list.length === 0 ? <p className="empty-state">None yet. Agents that need a key of yours get one here.</p> : null}
      {list.length > 0 ? (
        <table className="data-table" aria-label="Outbound credentials">
          <thead>
            <tr>
              <th>Prefix</th>
              <th>Headers</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((credential) => (
              <tr key={credential.id} data-testid="credential-row">
                <td>
                  <code>{credential.prefix}</code>
                </td>
                <td>
                  {credential.headers.map((header) => (
                    <div key={header.name}>
                      <code>
                        {header.name}: {header.masked}
                      </code>
                    </div>
                  ))}
                </td>
                <td>
                  <button type="button" className="button button-danger" onClick={() => setRemoving(credential)}>
                    Remove…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <AddCredentialsForm />
      {removing ? (
        <ConfirmDialog
          title={`Remove the credentials for ${removing.prefix}?`}
          consequence={`Requests under ${removing.prefix} go out without ${removing.headers.map((h) => h.name).join(', ')} from now on.`}
          confirmLabel="Remove"
          busy={remove.isPending}
          onCancel={() => setRemoving(null)}
          onConfirm={() => remove.mutate({ id: removing.id })}
        />
      ) : null}
      {remove.isError ? <ErrorNotice error={remove.error} action="Could not remove" /> : null}
    </section>
  );
}
