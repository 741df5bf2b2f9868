import type { InspectionReport } from '@shared/domain/inspector';
import { declaredInputModes } from '@shared/media-type';

/**
 * The media types a peer's card says it takes (its default input modes and every skill's own), as last inspected.
 * Null when the card says nothing (not inspected, or no modes listed): nothing was promised, so nothing is warned
 * about. The same reading as the CLI's `send --file` (shared/media-type.ts).
 */
export function acceptedInputModes(report: InspectionReport | null | undefined, protocol: string): string[] | null {
  const summary = report?.readings.find((reading) => reading.protocol === protocol && reading.found)?.summary;
  if (!summary) return null;
  const modes = declaredInputModes(summary);
  return modes.length ? modes : null;
}
