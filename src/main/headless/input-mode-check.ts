import type { CardSummary, InspectionReport } from '../../shared/domain/inspector';
import { declaredInputModes, modesAccept } from '../../shared/media-type';
import type { ControlClient } from './control-client';

/** The card of the protocol the agent was found to speak best (else any card read). */
function cardOf(report: InspectionReport): CardSummary | null {
  const best = report.readings.find((reading) => reading.found && reading.protocol === report.protocol && reading.summary);
  return (best ?? report.readings.find((reading) => reading.found && reading.summary))?.summary ?? null;
}

/**
 * What the peer's card says it does not take, as warning sentences (empty when all is taken, the card lists no
 * input modes, or no card can be read: then there is nothing to go by). The card the inspector last saw is used;
 * only a peer never inspected is fetched now. Warnings only: a card's modes are advice, and the operator decides.
 */
export async function inputModeWarnings(client: ControlClient, peer: string, items: readonly { label: string; mediaType: string }[]): Promise<string[]> {
  if (items.length === 0) return [];
  let card: CardSummary | null = null;
  try {
    const { report } = await client.call('inspector.latest', { peer });
    card = cardOf(report ?? (await client.call('inspector.inspect', { target: { peer }, probe: false })));
  } catch {
    // No such peer, or it cannot be inspected: `messages.send` gives the reason that matters.
    return [];
  }
  if (!card) return [];
  const modes = declaredInputModes(card);
  if (modes.length === 0) return [];
  return items
    .filter((item) => !modesAccept(modes, item.mediaType))
    .map((item) => `Warning: ${peer}'s card does not list ${item.mediaType} among the types it takes (${modes.join(', ')}); ${item.label} is sent anyway.`);
}
