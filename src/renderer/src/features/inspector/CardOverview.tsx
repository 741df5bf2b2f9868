import { Fragment, type ReactNode } from 'react';
import type { CardSkill, CardSummary, ProtocolReading, SignatureCheck } from '@shared/domain/inspector';
import { ProtocolBadge } from '../../components/chips';

/** A list of short words (modes, tags, versions) as badges; "none" when empty. */
function Words({ words, empty = 'none' }: { words: readonly string[]; empty?: string }) {
  if (words.length === 0) return <span className="muted">{empty}</span>;
  return (
    <span className="row words">
      {words.map((word) => (
        <span key={word} className="badge mono">
          {word}
        </span>
      ))}
    </span>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** Who it is: name, version, description, provider and where its documents are (links as text: it is a remote card). */
function Identity({ summary }: { summary: CardSummary }) {
  return (
    <dl className="facts">
      <Fact term="Name">{summary.name ?? <span className="muted">not given</span>}</Fact>
      <Fact term="Version">{summary.version ?? <span className="muted">not given</span>}</Fact>
      <Fact term="Description">{summary.description ?? <span className="muted">not given</span>}</Fact>
      <Fact term="Provider">
        {summary.provider ? (
          <>
            {summary.provider.organization} <code>{summary.provider.url}</code>
          </>
        ) : (
          <span className="muted">not given</span>
        )}
      </Fact>
      {summary.documentationUrl ? (
        <Fact term="Documentation">
          <code>{summary.documentationUrl}</code>
        </Fact>
      ) : null}
      {summary.iconUrl ? (
        <Fact term="Icon">
          <code>{summary.iconUrl}</code>
        </Fact>
      ) : null}
      <Fact term="Protocol versions">
        <Words words={summary.protocolVersions} empty="not stated" />
      </Fact>
      <Fact term="Capabilities">
        {summary.capabilities.length ? (
          <span className="row words">
            {summary.capabilities.map((capability) => (
              <span key={capability.name} className="badge">
                {capability.name}: <span className="mono">{capability.value}</span>
              </span>
            ))}
          </span>
        ) : (
          <span className="muted">none</span>
        )}
      </Fact>
      <Fact term="Input modes">
        <Words words={summary.inputModes} />
      </Fact>
      <Fact term="Output modes">
        <Words words={summary.outputModes} />
      </Fact>
      {summary.features.length || summary.schema ? (
        <>
          <Fact term="Features">
            <Words words={summary.features} />
          </Fact>
          <Fact term="Schema">
            {summary.schema ? (
              <span className="mono">
                {summary.schema.current} <span className="muted">(accepts {summary.schema.min}–{summary.schema.max})</span>
              </span>
            ) : (
              <span className="muted">not stated</span>
            )}
          </Fact>
        </>
      ) : null}
    </dl>
  );
}

function Interfaces({ summary }: { summary: CardSummary }) {
  if (summary.interfaces.length === 0) return <p className="muted small">No interfaces listed.</p>;
  return (
    <table className="data-table" aria-label="Interfaces">
      <thead>
        <tr>
          <th>URL</th>
          <th>Binding</th>
          <th>Protocol version</th>
          <th>Tenant</th>
        </tr>
      </thead>
      <tbody>
        {summary.interfaces.map((item, index) => (
          <tr key={`${item.url}:${item.binding}:${index}`}>
            <td className="wrap-anywhere">
              <code>{item.url}</code>
            </td>
            <td>{item.binding}</td>
            <td className="mono">{item.protocolVersion || '—'}</td>
            <td className="mono">{item.tenant || '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Skill({ skill }: { skill: CardSkill }) {
  return (
    <li className="skill">
      <div className="row">
        <strong>{skill.name}</strong>
        <code className="muted small">{skill.id}</code>
        <Words words={skill.tags} empty="" />
      </div>
      {skill.description ? <p className="skill-text">{skill.description}</p> : null}
      {skill.examples.length ? (
        <ul className="examples small">
          {skill.examples.map((example) => (
            <li key={example}>“{example}”</li>
          ))}
        </ul>
      ) : null}
      {skill.inputModes.length || skill.outputModes.length ? (
        <p className="muted small">
          in: {skill.inputModes.join(', ') || 'the card’s'} · out: {skill.outputModes.join(', ') || 'the card’s'}
        </p>
      ) : null}
    </li>
  );
}

function Security({ summary }: { summary: CardSummary }) {
  return (
    <>
      {summary.securitySchemes.length ? (
        <table className="data-table" aria-label="Security schemes">
          <thead>
            <tr>
              <th>Scheme</th>
              <th>Kind</th>
              <th>Description</th>
            </tr>
          </thead>
          <tbody>
            {summary.securitySchemes.map((scheme) => (
              <tr key={scheme.name}>
                <td>
                  <code>{scheme.name}</code>
                </td>
                <td>{scheme.kind}</td>
                <td>{scheme.description || <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted small">No security schemes declared.</p>
      )}
      <p className="small">
        {summary.securityRequirements.length === 0 ? (
          <span className="muted">No requirement: the card says it can be called without credentials.</span>
        ) : (
          <>
            Requires {summary.securityRequirements.length > 1 ? 'any one of: ' : ''}
            {summary.securityRequirements.map((schemes, index) => (
              <span key={schemes.join('+') || index}>
                {index > 0 ? ' or ' : ''}
                {schemes.length ? (
                  schemes.map((scheme, i) => (
                    <Fragment key={scheme}>
                      {i ? ' + ' : ''}
                      <code>{scheme}</code>
                    </Fragment>
                  ))
                ) : (
                  <span className="muted">nothing</span>
                )}
              </span>
            ))}
          </>
        )}
      </p>
    </>
  );
}

function Signatures({ signatures }: { signatures: readonly SignatureCheck[] }) {
  if (signatures.length === 0) return <p className="muted small">The card is not signed.</p>;
  return (
    <table className="data-table" aria-label="Signatures">
      <thead>
        <tr>
          <th>Key id</th>
          <th>Algorithm</th>
          <th>Key from</th>
          <th>Verified</th>
          <th>Detail</th>
        </tr>
      </thead>
      <tbody>
        {signatures.map((signature, index) => (
          <tr key={`${signature.kid ?? ''}:${index}`}>
            <td className="mono">{signature.kid ?? '—'}</td>
            <td className="mono">{signature.alg ?? '—'}</td>
            <td className="wrap-anywhere">{signature.keySource ? <code>{signature.keySource}</code> : <span className="muted">no key found</span>}</td>
            <td>
              {!signature.verified ? (
                <span className="chip chip-bad">not verified</span>
              ) : signature.keyFrom === 'jwk' ? (
                <span className="chip chip-warn" title="The key is embedded in the signature itself: the card was not changed, but nothing says who signed it.">
                  integrity only
                </span>
              ) : (
                <span className="chip chip-ok">verified</span>
              )}
            </td>
            <td className="small">{signature.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What one protocol made of the target: its verdict, and the card read into one shape. */
export function ReadingCard({ reading }: { reading: ProtocolReading }) {
  const titleId = `reading-${reading.protocol}`;
  if (!reading.found) {
    return (
      <section className="card reading reading-missing" aria-labelledby={titleId}>
        <h2 id={titleId} className="reading-title">
          <ProtocolBadge protocol={reading.protocol} /> <span className="muted">not found</span>
        </h2>
        <p className="muted small">{reading.verdict}</p>
      </section>
    );
  }
  const summary = reading.summary;
  return (
    <section className="card reading" aria-labelledby={titleId}>
      <h2 id={titleId} className="reading-title">
        <ProtocolBadge protocol={reading.protocol} /> {reading.valid ? <span className="chip chip-ok">valid</span> : <span className="chip chip-bad">invalid</span>}
        <span className="reading-verdict">{reading.verdict}</span>
      </h2>
      {reading.versions.length ? (
        <p className="small muted">
          Serves <Words words={reading.versions} />
        </p>
      ) : null}
      {summary ? (
        <div className="reading-body">
          <Identity summary={summary} />
          <h3>Interfaces and bindings</h3>
          <Interfaces summary={summary} />
          <h3>Skills ({summary.skills.length})</h3>
          {summary.skills.length ? (
            <ul className="plain-list skills">
              {summary.skills.map((skill) => (
                <Skill key={skill.id} skill={skill} />
              ))}
            </ul>
          ) : (
            <p className="muted small">No skills listed.</p>
          )}
          <h3>Security</h3>
          <Security summary={summary} />
          <h3>Signatures</h3>
          <Signatures signatures={reading.signatures} />
        </div>
      ) : (
        <p className="muted small">The card could not be read into a summary; see Findings and Raw JSON.</p>
      )}
    </section>
  );
}

/** Every protocol's reading, those that found a card first. */
export function CardOverview({ readings }: { readings: readonly ProtocolReading[] }) {
  const ordered = [...readings.filter((reading) => reading.found), ...readings.filter((reading) => !reading.found)];
  if (ordered.length === 0) return <p className="muted">No protocol of this node recognised anything at this URL.</p>;
  return (
    <div className="readings">
      {ordered.map((reading) => (
        <ReadingCard key={reading.protocol} reading={reading} />
      ))}
    </div>
  );
}
