import type { Peer } from '../../../../shared/domain/peer';
import { boundedFetch, FetchFailure } from '../../net/bounded-fetch';
import { BLOB_ID, type BlobStore } from '../../store/blob-store';
import type { PeerStore } from '../../store/peer-store';
import { SecureError } from './secure-errors';
import type { FetchRefResolver } from './secure-receiver';

const FETCH_TIMEOUT_MS = 15_000;
const MAX_BLOB_BYTES = 1024 * 1024;

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    if (parsed.username || parsed.password) return null;
    return parsed.origin;
  } catch {
    return null;
  }
}

/**
 * Resolves a fetch_ref. The URL must be on the sending peer's registered origin — never wherever the message
 * says (no SSRF) — and is fetched with that peer's outbound secret, without following redirects. A blob the peer
 * stored on this very node (the seed's literal flow: POST /messages to the peer, then fetch_ref) is taken locally.
 */
export function createFetchRefResolver(deps: { peers: PeerStore; blobs: BlobStore; ownOrigins: () => readonly string[] }): FetchRefResolver {
  return async (peer: Peer, url: string) => {
    const origin = originOf(url);
    if (!origin) throw new SecureError('fetch_ref_invalid', 'url must be an http(s) URL without credentials');
    const path = new URL(url).pathname;

    if (deps.ownOrigins().includes(origin)) {
      const id = /^\/messages\/([^/]+)$/.exec(path)?.[1] ?? '';
      const body = BLOB_ID.test(id) ? deps.blobs.take(id, peer.id) : null;
      if (body === null) throw new SecureError('fetch_ref_failed', 'no blob with that id was stored here by this peer', {}, 404);
      return body;
    }

    if (origin !== originOf(peer.baseUrl)) {
      throw new SecureError('fetch_ref_origin_mismatch', `fetch_ref must point to the peer's registered origin (${originOf(peer.baseUrl) ?? 'none'})`);
    }
    const secret = deps.peers.getCredential(peer.id, 'outbound_secret');
    try {
      const response = await boundedFetch(url, {
        headers: secret ? { authorization: `Bearer ${secret}`, accept: 'application/json' } : { accept: 'application/json' },
        timeoutMs: FETCH_TIMEOUT_MS,
        maxBytes: MAX_BLOB_BYTES,
      });
      if (response.status !== 200) throw new SecureError('fetch_ref_failed', `the peer answered ${response.status} for the blob`);
      return response.text;
    } catch (error) {
      if (error instanceof FetchFailure) throw new SecureError('fetch_ref_failed', `the blob could not be fetched: ${error.message}`);
      throw error;
    }
  };
}
