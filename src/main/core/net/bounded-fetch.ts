import http from 'node:http';
import https from 'node:https';

/**
 * Outbound HTTP for the protocols: a timeout on every request, no redirects followed (a redirect would carry
 * credentials to another host — seed-systems A21), and a cap on how much of a response is read.
 */
export class FetchFailure extends Error {
  constructor(
    readonly reason: 'timeout' | 'connection' | 'redirect' | 'too_large' | 'status' | 'not_json',
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'FetchFailure';
  }
}

export interface BoundedResponse {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * Keep-alive pools, one per origin inside each agent: the outbox sends a peer many small requests in a row, and a
 * new connection per request (or WHATWG fetch's stream machinery per request) costs more than the request itself.
 * `maxSockets` bounds the connections to one origin; LIFO reuses the warmest socket so idle ones time out, and an
 * idle socket is closed after 4 s, before the 5 s most servers keep one (Node's, uvicorn's): reusing a socket the
 * server is closing at that moment fails the request.
 */
const pool = { keepAlive: true, maxSockets: 32, scheduling: 'lifo', timeout: 4_000 } as const;
const schemes: Record<string, { agent: http.Agent; request: typeof http.request }> = {
  'http:': { agent: new http.Agent(pool), request: http.request },
  'https:': { agent: new https.Agent(pool), request: https.request },
};

export async function boundedFetch(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs: number; maxBytes: number; signal?: AbortSignal },
): Promise<BoundedResponse> {
  const target = new URL(url);
  const urlScheme = target.protocol;
  const scheme = Object.hasOwn(schemes, urlScheme) ? schemes[urlScheme] : undefined;
  if (!scheme) throw new FetchFailure('connection', `${urlScheme} URLs are not supported`);
  const signal = init.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(init.timeoutMs)]) : AbortSignal.timeout(init.timeoutMs);
  const payload = init.body === undefined ? null : Buffer.from(init.body, 'utf8');
  const headers: Record<string, string> = { ...init.headers };
  // A fixed length, never chunked (the a2a-secure reference server cannot read chunked bodies).
  if (payload) headers['content-length'] = String(payload.byteLength);
  return new Promise<BoundedResponse>((resolve, reject) => {
    let settled = false;
    const fail = (error: FetchFailure) => {
      if (settled) return;
      settled = true;
      request.destroy();
      reject(error);
    };
    const onAbort = () => fail(new FetchFailure('timeout', `no answer within ${init.timeoutMs} ms`));
    const request = scheme.request(target, { method: init.method ?? 'GET', headers, agent: scheme.agent }, (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        response.resume();
        fail(new FetchFailure('redirect', `the server answered with a redirect (${status}), which is not followed`, status));
        return;
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > init.maxBytes) {
        fail(new FetchFailure('too_large', `the response is larger than ${init.maxBytes} bytes`, status));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.byteLength;
        if (size > init.maxBytes) fail(new FetchFailure('too_large', `the response is larger than ${init.maxBytes} bytes`, status));
        else chunks.push(chunk);
      });
      response.on('end', () => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          if (Array.isArray(value)) for (const one of value) responseHeaders.append(name, one);
          else if (value !== undefined) responseHeaders.set(name, value);
        }
        resolve({ status, headers: responseHeaders, text: Buffer.concat(chunks).toString('utf8') });
      });
      response.on('error', (error: NodeJS.ErrnoException) => fail(new FetchFailure('connection', error.code ?? error.message)));
    });
    request.on('error', (error: NodeJS.ErrnoException) => fail(signal.aborted ? new FetchFailure('timeout', `no answer within ${init.timeoutMs} ms`) : new FetchFailure('connection', error.code ?? error.message)));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    request.end(payload ?? undefined);
  });
}
