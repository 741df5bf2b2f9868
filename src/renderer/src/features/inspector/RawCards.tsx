import type { ProtocolReading } from '@shared/domain/inspector';
import { CopyButton } from '../../components/CopyButton';
import { JsonBlock } from '../../components/JsonBlock';
import { ProtocolBadge } from '../../components/chips';

/** Each card as published (the newest version each protocol reads), pretty-printed, with a copy button. */
export function RawCards({ readings }: { readings: readonly ProtocolReading[] }) {
  const found = readings.filter((reading) => reading.found && reading.card !== null && reading.card !== undefined);
  if (found.length === 0) return <p className="muted">No card was read, so there is no JSON to show. The HTTP tab shows what came back.</p>;
  return (
    <div className="raw-cards">
      {found.map((reading) => {
        const text = JSON.stringify(reading.card, null, 2);
        return (
          <section key={reading.protocol} aria-label={`Raw card (${reading.label})`}>
            <div className="row raw-card-head">
              <ProtocolBadge protocol={reading.protocol} />
              <span className="muted small">{reading.verdict}</span>
              <span className="spacer" />
              <CopyButton value={text} label={`${reading.label} card JSON`} />
            </div>
            <JsonBlock value={reading.card} testId={`raw-card-${reading.protocol}`} />
          </section>
        );
      })}
    </div>
  );
}
