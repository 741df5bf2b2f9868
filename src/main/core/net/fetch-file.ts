import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { isMetadataName } from './address-guard';
import { guardedLookup, refusedBy } from './guarded-fetch';

/** Why a file could not be fetched, as a sentence for the operator. */
export class FileFetchError extends Error {
  override readonly name = 'FileFetchError';
}

/**
 * Fetches a file a sender named by URL, on the operator's request: http(s) only, no credentials sent, no redirect
 * followed, metadata and link-local addresses refused (on every address the name resolves to, so DNS rebinding
 * meets the same rule), and bounded in size and time.
 */
export function fetchFile(url: string, limits: { maxBytes: number; timeoutMs: number; signal?: AbortSignal }): Promise<{ bytes: Buffer; mediaType: string | null }> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.reject(new FileFetchError('The URL is not valid.'));
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return Promise.reject(new FileFetchError(`Only http and https URLs are fetched (this one is ${target.protocol.replace(':', '')}).`));
  if (target.username || target.password) return Promise.reject(new FileFetchError('A URL with a user name or password in it is not fetched.'));
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (isMetadataName(host)) return Promise.reject(new FileFetchError(`${host} is a cloud metadata service; files are never fetched from it.`));
  const literal = isIP(host) ? refusedBy(host, host, 'loopback') : null;
  if (literal) return Promise.reject(new FileFetchError(literal.message.replace('the inspector does not call it', 'files are never fetched from it')));

  return new Promise((resolve, reject) => {
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing = send(target, { method: 'GET', headers: { accept: '*/*' }, lookup: guardedLookup('loopback'), agent: false });
    const fail = (message: string) => {
      outgoing.destroy();
      reject(new FileFetchError(message));
    };
    const timer = setTimeout(() => fail(`No answer within ${Math.round(limits.timeoutMs / 1000)} s.`), limits.timeoutMs);
    limits.signal?.addEventListener('abort', () => fail('Stopped: the node is shutting down.'), { once: true });
    outgoing.on('error', (error) => {
      clearTimeout(timer);
      const message = error.message.includes('metadata') || error.message.includes('link-local') ? error.message.replace('the inspector does not call it', 'files are never fetched from it') : `The file could not be fetched: ${(error as { code?: string }).code ?? error.message}.`;
      reject(new FileFetchError(message));
    });
    outgoing.on('response', (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400) return fail(`The server answered with a redirect (${status}), which is not followed.`);
      if (status !== 200) return fail(`The server answered ${status}.`);
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > limits.maxBytes) return fail(`The file is larger than ${limits.maxBytes} bytes, the most this node keeps.`);
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBytes) return fail(`The file is larger than ${limits.maxBytes} bytes, the most this node keeps.`);
        chunks.push(chunk);
      });
      response.on('end', () => {
        clearTimeout(timer);
        if (size <= limits.maxBytes) resolve({ bytes: Buffer.concat(chunks), mediaType: typeof response.headers['content-type'] === 'string' ? response.headers['content-type'] : null });
      });
      response.on('error', (error) => fail(`The file could not be fetched: ${error.message}.`));
    });
    outgoing.end();
  });
}
