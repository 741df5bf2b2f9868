import type { EventMap } from '../../shared/contract';

export const DEEP_LINK_SCHEME = 'switchboard';

export type ScreenRequest = EventMap['ui.show'];

const APPROVAL_ID = /^apr_[A-Za-z0-9_-]{1,64}$/;
// eslint-disable-next-line no-control-regex -- the point is to refuse control characters in a link
const PEER_REF = /^[^\u0000-\u001f\u007f/\\]{1,64}$/u;

/**
 * `switchboard://` links, parsed strictly: a link only ever picks a screen (and an item on it). It never
 * decides, sends or changes anything — any web page can open such a link — and anything unexpected is refused.
 *
 *   switchboard://approvals[/<approval id>]   switchboard://peers[/<name>]   switchboard://inspect?url=<http(s) URL>
 *   switchboard://dead-letters                switchboard://timeline          switchboard://settings
 */
export function parseDeepLink(raw: string): ScreenRequest | null {
  if (raw.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:` || url.username || url.password || url.port) return null;
  // `switchboard://peers/alice` puts "peers" in the host; `switchboard:peers/alice` in the path. Accept both.
  const parts = `${url.host}${url.pathname}`.split('/').filter(Boolean).map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return '\u0000';
    }
  });
  const [screen, item, ...rest] = parts;
  if (rest.length > 0) return null;
  switch (screen) {
    case 'approvals':
      if (item === undefined) return { screen: 'approvals' };
      return APPROVAL_ID.test(item) ? { screen: 'approvals', approvalId: item } : null;
    case 'peers':
      if (item === undefined) return { screen: 'peers' };
      return PEER_REF.test(item) ? { screen: 'peers', peer: item } : null;
    case 'inspect': {
      if (item !== undefined) return null;
      const target = url.searchParams.get('url');
      if (target === null) return { screen: 'inspector' };
      try {
        const parsed = new URL(target);
        return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && !parsed.username && !parsed.password ? { screen: 'inspector', url: parsed.href } : null;
      } catch {
        return null;
      }
    }
    case 'dead-letters':
      return item === undefined ? { screen: 'delivery', tab: 'deadLetters' } : null;
    case 'timeline':
    case 'settings':
    case 'dashboard':
      return item === undefined ? { screen } : null;
    default:
      return null;
  }
}

/** The link in a launch's argv (Windows and Linux pass it as an argument), if any. */
export function deepLinkIn(argv: readonly string[]): string | null {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) ?? null;
}
