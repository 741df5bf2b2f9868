import type { MethodInput } from '@shared/contract';
import type { InspectionReport, InspectionTarget } from '@shared/domain/inspector';
import { protocolUi } from '../../protocols/registry';

/** Checks what the operator typed before asking the node: an http(s) URL without credentials in it. */
export function parseTargetUrl(text: string): { url: string } | { error: string } {
  const trimmed = text.trim();
  if (!trimmed) return { error: 'Paste an agent URL first (its base URL or the full card URL).' };
  if (!/^https?:\/\//i.test(trimmed)) return { error: 'Start the URL with http:// or https://.' };
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return { error: `“${trimmed}” is not a URL. Check it for typos.` };
  }
  if (parsed.username || parsed.password) return { error: 'Take the user name and password out of the URL: credentials belong in Keys › outbound credentials.' };
  return { url: trimmed };
}

/** The target in words: "alice · https://alice.example", "This node · https://…", or the URL. */
export function targetName(target: InspectionTarget): string {
  if (target.self) return `This node · ${target.url}`;
  if (target.peerName) return `${target.peerName} · ${target.url}`;
  return target.url;
}

/** Where a watch or a "Try it" of this report goes: the peer when it is one (its URL may change), else the URL. */
export function remoteTargetOf(target: InspectionTarget): MethodInput<'inspector.watch'>['target'] {
  return target.peerId ? { peer: target.peerId } : { url: target.url };
}

/** "Try it" is offered where a protocol that can take a test message found its card (see ProtocolUi.inspector). */
export function offersTryIt(report: InspectionReport): boolean {
  return !report.target.self && report.readings.some((reading) => reading.found && protocolUi(reading.protocol).inspector?.tryIt === true);
}
