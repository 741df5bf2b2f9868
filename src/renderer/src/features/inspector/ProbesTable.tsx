import type { ProbeResult } from '@shared/domain/inspector';
import { ProtocolBadge } from '../../components/chips';
import { ProbeOutcomeChip } from './InspectionChips';

/** The probes: each claim tested, what was sent and why it is harmless, and what came of it. */
export function ProbesTable({ probes, probed, onProbe, busy }: { probes: readonly ProbeResult[]; probed: boolean; onProbe: () => void; busy: boolean }) {
  if (probes.length === 0) {
    return (
      <div className="empty-state">
        {probed ? (
          <p>No probe applies to what this agent publishes.</p>
        ) : (
          <>
            <p>Probes were not run for this report. They send a few harmless requests to test what the card claims (for example, that a call without credentials is refused).</p>
            <button type="button" className="button" onClick={onProbe} disabled={busy}>
              Inspect again with probes
            </button>
          </>
        )}
      </div>
    );
  }
  return (
    <table className="data-table" aria-label="Probes">
      <thead>
        <tr>
          <th>Outcome</th>
          <th>Probe</th>
          <th>What it sends, and why it is safe</th>
          <th>Result</th>
          <th className="numeric">ms</th>
        </tr>
      </thead>
      <tbody>
        {probes.map((probe) => (
          <tr key={probe.id}>
            <td>
              <ProbeOutcomeChip outcome={probe.outcome} />
            </td>
            <td>
              <div>{probe.label}</div>
              <div className="row small">
                <ProtocolBadge protocol={probe.protocol} />
                <code className="muted">{probe.id}</code>
              </div>
            </td>
            <td className="muted small">{probe.explanation}</td>
            <td className={probe.outcome === 'fail' ? 'bad-text' : undefined}>{probe.detail}</td>
            <td className="numeric mono">{probe.ms}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
