import type { Finding, FindingSeverity, InspectionVerdict, ProbeOutcome } from '@shared/domain/inspector';

type Tone = 'ok' | 'warn' | 'bad' | 'neutral';

// UI.md: one meaning per colour, always with a word. An unreachable target is grey, not red: nothing was
// judged, so it is not the same news as a card that is wrong.
const verdictTone: Record<InspectionVerdict, Tone> = { valid: 'ok', invalid: 'bad', unreachable: 'neutral' };
const severityTone: Record<FindingSeverity, Tone> = { error: 'bad', warning: 'warn', info: 'neutral' };
const outcomeTone: Record<ProbeOutcome, Tone> = { pass: 'ok', fail: 'bad', skipped: 'neutral' };

export const severities: readonly FindingSeverity[] = ['error', 'warning', 'info'];

export function VerdictChip({ verdict }: { verdict: InspectionVerdict }) {
  return <span className={`chip chip-${verdictTone[verdict]}`}>{verdict}</span>;
}

export function SeverityChip({ severity }: { severity: FindingSeverity }) {
  return <span className={`chip chip-${severityTone[severity]}`}>{severity}</span>;
}

export function ProbeOutcomeChip({ outcome }: { outcome: ProbeOutcome }) {
  return <span className={`chip chip-${outcomeTone[outcome]}`}>{outcome === 'pass' ? 'passed' : outcome === 'fail' ? 'failed' : 'skipped'}</span>;
}

/** An HTTP status as a word too: "200", "404", or "no answer". */
export function HttpStatusChip({ status }: { status: number | null }) {
  if (status === null) return <span className="chip chip-bad">no answer</span>;
  const tone: Tone = status < 300 ? 'ok' : status < 400 ? 'neutral' : 'bad';
  return <span className={`chip chip-${tone}`}>{status}</span>;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** "2 errors · 1 warning · 0 info", each with its colour. */
export function FindingCounts({ findings }: { findings: readonly Finding[] }) {
  return (
    <span className="row finding-counts" data-testid="finding-counts">
      {severities.map((severity) => {
        const count = findings.filter((finding) => finding.severity === severity).length;
        return (
          <span key={severity} className={`chip chip-${count ? severityTone[severity] : 'neutral'}`}>
            {severity === 'info' ? `${count} info` : plural(count, severity)}
          </span>
        );
      })}
    </span>
  );
}

/** What a "Try it" answer came to; the words are the core's (`completed`, `input-required`, `failed: …`). */
export function OutcomeChip({ outcome }: { outcome: string }) {
  const tone: Tone = /^(completed|message)\b/.test(outcome) ? 'ok' : /^(failed|rejected|canceled|error)\b/.test(outcome) ? 'bad' : /-required\b|^(working|submitted)\b/.test(outcome) ? 'warn' : 'neutral';
  return <span className={`chip chip-${tone}`}>{outcome}</span>;
}
