import { isIP } from 'node:net';
import { addressKind, isMetadataName } from '../../net/address-guard';

const MAX_URL_LENGTH = 2048;

/**
 * What is wrong with a push webhook URL a caller gave, as a sentence for its -32602; null when it may be used.
 * A caller chooses where this node POSTs, so the rules are the guarded fetcher's (no metadata or link-local
 * address, ever — the SSRF class of a2a-python #975) plus TLS: plain http only to this very host (a local
 * receiver, as in development), since the notification carries the caller's token. A name is judged again on
 * every send, by the addresses it resolves to then (DNS rebinding meets the same guard).
 */
export function webhookUrlProblem(raw: string): string | null {
  if (raw.length === 0) return 'url is required: the webhook to POST task updates to.';
  if (raw.length > MAX_URL_LENGTH) return `url is longer than ${MAX_URL_LENGTH} characters.`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url is not an absolute URL.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'url must be an https URL.';
  if (url.username || url.password) return 'url must not carry credentials; use token or authentication instead.';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isMetadataName(host)) return `url points to a cloud metadata service (${host}); push notifications are not sent there.`;
  const kind = isIP(host) ? addressKind(host) : host.toLowerCase() === 'localhost' ? 'loopback' : 'public';
  if (kind === 'refused') return `url points to a metadata or link-local address (${host}); push notifications are not sent there.`;
  if (url.protocol === 'http:' && kind !== 'loopback') return 'url must be https (plain http is accepted only for a receiver on this host).';
  return null;
}
