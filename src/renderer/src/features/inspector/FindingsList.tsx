import type { Finding } from '@shared/domain/inspector';
import { ProtocolBadge } from '../../components/chips';
import { SeverityChip, severities } from './InspectionChips';

const headings = { error: 'Errors', warning: 'Warnings', info: 'Information' } as const;

/** Every finding by severity: where (a JSON path, or a fetch or probe id) and what to do, as the core wrote it. */
export function FindingsList({ findings }: { findings: readonly Finding[] }) {
  if (findings.length === 0) return <p className="empty-state">No findings: nothing to fix in what this agent publishes.</p>;
  return (
    <div className="findings">
      {severities.map((severity) => {
        const group = findings.filter((finding) => finding.severity === severity);
        if (group.length === 0) return null;
        return (
          <section key={severity} aria-labelledby={`findings-${severity}`}>
            <h3 id={`findings-${severity}`} className="section-title">
              {headings[severity]} ({group.length})
            </h3>
            <ul className="plain-list finding-list">
              {group.map((finding, index) => (
                <li key={`${finding.path}:${index}`} className={`finding finding-${severity}`} data-testid="finding">
                  <div className="row">
                    <SeverityChip severity={severity} />
                    <code className="finding-path">{finding.path}</code>
                    {finding.protocol ? <ProtocolBadge protocol={finding.protocol} /> : null}
                  </div>
                  <p className="finding-message">{finding.message}</p>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
