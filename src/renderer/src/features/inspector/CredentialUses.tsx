import type { CredentialUse } from '@shared/domain/inspector';

/** Credentials as the core shows them (masked) with where each came from; `sent` says whether they went out. */
export function CredentialUses({ credentials, sent, empty }: { credentials: CredentialUse[]; sent?: boolean; empty: string }) {
  if (credentials.length === 0) return <span className="muted">{empty}</span>;
  return (
    <ul className="plain-list credential-uses">
      {credentials.map((credential) => (
        <li key={`${credential.name}:${credential.source}`} data-testid="credential-use">
          <code>
            {credential.name}: {credential.masked}
          </code>{' '}
          <span className="muted small">from {credential.source}</span>
          {sent === undefined ? null : <span className="chip chip-neutral">{sent ? 'sent' : 'not sent'}</span>}
        </li>
      ))}
    </ul>
  );
}
