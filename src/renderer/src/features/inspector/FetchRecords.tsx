import type { FetchRecord } from '@shared/domain/inspector';
import { JsonBlock } from '../../components/JsonBlock';
import { CredentialUses } from './CredentialUses';
import { HttpStatusChip } from './InspectionChips';

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function Header({ value }: { value: string | null }) {
  return value ? <code>{value}</code> : <span className="muted">none</span>;
}

/** One HTTP exchange of the inspection, with what an operator needs to judge it (credentials masked by the core). */
function FetchItem({ record }: { record: FetchRecord }) {
  const headers = Object.entries(record.requestHeaders);
  return (
    <li className="card fetch" data-testid="fetch-record" aria-label={`${record.label}: ${record.method} ${record.url}`}>
      <div className="row fetch-line">
        <span className="mono fetch-method">{record.method}</span>
        <code className="fetch-url">{record.url}</code>
        <HttpStatusChip status={record.status} />
        <span className="muted small mono">
          {record.ms} ms · {formatBytes(record.bytes)}
        </span>
        {record.https ? <span className="chip chip-ok">https</span> : <span className="chip chip-warn">not https</span>}
      </div>
      <p className="muted small">
        {record.label} <code>{record.id}</code>
      </p>
      {record.error ? <p className="bad-text">{record.error}</p> : null}
      <dl className="facts small">
        <dt>Content type</dt>
        <dd>
          <Header value={record.contentType} />
        </dd>
        <dt>ETag</dt>
        <dd>
          <Header value={record.etag} />
        </dd>
        <dt>Cache-Control</dt>
        <dd>
          <Header value={record.cacheControl} />
        </dd>
        <dt>Last-Modified</dt>
        <dd>
          <Header value={record.lastModified} />
        </dd>
        {headers.length ? (
          <>
            <dt>Request headers</dt>
            <dd>
              {headers.map(([name, value]) => (
                <div key={name}>
                  <code>
                    {name}: {value}
                  </code>
                </div>
              ))}
            </dd>
          </>
        ) : null}
        <dt>Redirects</dt>
        <dd>
          {record.redirects.length === 0 ? (
            <span className="muted">none</span>
          ) : (
            <ol className="redirects">
              {record.redirects.map((hop, index) => (
                <li key={`${hop.location}:${index}`}>
                  <span className="mono">{hop.status}</span> → <code>{hop.location}</code>{' '}
                  {hop.followed ? <span className="chip chip-neutral">followed</span> : <span className="chip chip-warn">not followed: another origin</span>}
                </li>
              ))}
            </ol>
          )}
        </dd>
        <dt>Credentials</dt>
        <dd>
          <CredentialUses credentials={record.credentials} sent={record.credentialsSent} empty="none configured for this URL" />
        </dd>
      </dl>
      {record.json !== null || record.text !== null ? (
        <details>
          <summary className="small">Response body</summary>
          {record.json !== null ? <JsonBlock value={record.json} /> : <pre className="raw-json">{record.text}</pre>}
        </details>
      ) : null}
    </li>
  );
}

export function FetchRecords({ fetches }: { fetches: readonly FetchRecord[] }) {
  if (fetches.length === 0) return <p className="muted">No HTTP requests were made.</p>;
  return (
    <ul className="plain-list fetches" aria-label="HTTP requests">
      {fetches.map((record) => (
        <FetchItem key={record.id} record={record} />
      ))}
    </ul>
  );
}
