import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { guardedLookup, Refused, refusedBy } from './guarded-fetch';

const REFUSES = 'files are never fetched from it';

/** Why a file could not be fetched, as a sentence for the operator. */
export class FileFetchError extends Error {
  override readonly name = 'FileFetchError';
}

/**
 * Fetches a file a sender named by URL, on the operator's request: http(s) only, no credentials sent, no redirect
 * followed, metadata and link-local addresses refused (on every address the name resolves to, so DNS rebinding
 * meets the same rule), and bounded in size and time.
 */
export function fetchFile(url: string, limits: { maxBytes: number; timeoutMs: number }): Promise<{ bytes: Buffer }> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.reject(new FileFetchError('The URL is not valid.'));
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return Promise.reject(new FileFetchError(`Only http and https URLs are fetched (this one is ${target.protocol.replace(':', '')}).`));
  if (target.username || target.password) return Promise.reject(new FileFetchError('A URL with a user name or password in it is not fetched.'));
  // A name is judged by the guarded lookup (metadata names, and every address it resolves to); an IP literal here.
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host) ? refusedBy(host, host, 'loopback', REFUSES) : null;
  if (literal) return Promise.reject(new FileFetchError(literal.message));

  return new Promise((resolve, reject) => {
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing = send(target, { method: 'GET', headers: { accept: '*/*' }, lookup: guardedLookup('loopback', REFUSES), agent: false });
    const fail = (message: string) => {
      outgoing.destroy();
      reject(new FileFetchError(message));
    };
    const timer = setTimeout(() => fail(`No answer within ${Math.round(limits.timeoutMs / 1000)} s.`), limits.timeoutMs);
    outgoing.on('error', (error) => {
      clearTimeout(timer);
      reject(new FileFetchError(error instanceof Refused ? error.message : `The file could not be fetched: ${(error as { code?: string }).code ?? error.message}.`));
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
        if (size <= limits.maxBytes) resolve({ bytes: Buffer.concat(chunks) });
      });
      response.on('error', (error) => fail(`The file could not be fetched: ${error.message}.`));
    });
    outgoing.end();
  });
}
