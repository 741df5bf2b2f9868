import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { CredentialUse, FetchRecord, RedirectHop } from '../../../shared/domain/inspector';
import { addressKind, isMetadataName, isWithin, type AddressKind } from './address-guard';
import { jsonDepth } from '../../../shared/json-depth';

export const DEFAULT_TIMEOUT_MS = 5_000;
export const MAX_BODY_BYTES = 1024 * 1024;
const MAX_REDIRECTS = 5;
const MAX_DEPTH = 64;
const TEXT_PREVIEW = 500;

/** A header to send, with how it is shown (masked) and where it came from. */
export interface Credential extends CredentialUse {
  value: string;
}

export interface GuardedRequest {
  id: string;
  label: string;
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /**
   * The credentials that belong to a URL (asked again for each redirect hop, so a hop out of a credential's prefix
   * goes without it); sent only when `send` is true, and never to another origin.
   */
  credentials?: { for: (url: string) => Credential[]; send: boolean };
  /** Calls are held to addresses no more internal than this (a URL a card chose may not reach further in than the card's own host). */
  within?: AddressKind;
  timeoutMs?: number;
  /** Called with each chunk of a `text/event-stream` answer as it arrives (Try it). */
  onEvent?: (data: unknown) => void;
  /** Ends the request at once (the node is stopping). */
  signal?: AbortSignal;
}

/** An address this node will not call, with the sentence that says so. */
export class Refused extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** How a refusal ends: who does not call it (the inspector here; "files are never fetched from it" for attachments). */
const INSPECTOR_REFUSES = 'the inspector does not call it';

export const refusedBy = (where: string, address: string, within: AddressKind, refuses = INSPECTOR_REFUSES): Refused | null => {
  const kind = addressKind(address);
  if (kind === 'refused') return new Refused(`${where} is a metadata or link-local address; ${refuses}.`, 'EREFUSEDADDR');
  if (!isWithin(kind, within)) return new Refused(`${where} is a ${kind} address, further in than the card's own host (${within}); the inspector does not follow a card there.`, 'EREFUSEDADDR');
  return null;
};

/** Resolves like the system does, then judges every address (checked on the addresses used, so rebinding meets it too). */
export const guardedLookup =
  (within: AddressKind, refuses = INSPECTOR_REFUSES): LookupFunction =>
  (hostname, options, callback) => {
    if (isMetadataName(hostname)) return callback(new Refused(`${hostname} is a cloud metadata service; ${refuses}.`, 'EREFUSEDADDR'), '', 4);
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const list = addresses as LookupAddress[];
      for (const entry of list) {
        const refused = refusedBy(`${hostname} resolves to ${entry.address}, which`, entry.address, within, refuses);
        if (refused) return callback(refused, '', 4);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };

/** The sentence for a failed request: what went wrong, in words an operator can act on. */
function describe(error: unknown, url: URL, timeoutMs: number): string {
  const code = (error as { code?: string }).code ?? '';
  if (error instanceof Refused) return error.message;
  if (code === 'ETIMEDOUT_INSPECT') return `no answer within ${timeoutMs} ms`;
  if (code === 'EABORTED_INSPECT') return 'stopped: the node is shutting down';
  if (code === 'ECONNREFUSED') return `connection refused by ${url.host}`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `the name ${url.hostname} does not resolve (DNS)`;
  if (code === 'ECONNRESET' || code === 'EPIPE') return `${url.host} closed the connection`;
  if (/CERT|SSL|TLS|ERR_TLS|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/.test(code)) return `TLS failed (${code}): the certificate of ${url.host} is not trusted`;
  if (code === 'EPROTO') return `TLS failed: ${url.host} does not speak TLS there (${error instanceof Error ? error.message.slice(0, 120) : code})`;
  return `${code || 'request failed'}${error instanceof Error && error.message ? `: ${error.message.slice(0, 200)}` : ''}`;
}

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
  truncated: boolean;
}

function once(url: URL, request: GuardedRequest, headers: Record<string, string>, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const within = request.within ?? 'loopback';
    // An IP literal is connected to without a lookup: judge it here.
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    const refused = isIP(literal) ? refusedBy(url.hostname, literal, within) : null;
    if (refused) return reject(refused);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing = send(url, { method: request.method ?? 'GET', headers, lookup: guardedLookup(within), agent: false });
    const timer = setTimeout(() => outgoing.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT_INSPECT' })), timeoutMs);
    const abort = () => outgoing.destroy(Object.assign(new Error('stopped'), { code: 'EABORTED_INSPECT' }));
    if (request.signal?.aborted) abort();
    request.signal?.addEventListener('abort', abort, { once: true });
    outgoing.on('close', () => request.signal?.removeEventListener('abort', abort));
    outgoing.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    outgoing.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      let pending = '';
      const streaming = request.onEvent !== undefined && String(response.headers['content-type'] ?? '').startsWith('text/event-stream');
      response.on('data', (chunk: Buffer) => {
        if (truncated) return;
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          // Stop reading: a card or an answer this large is a finding, not something to hold in memory.
          truncated = true;
          response.destroy();
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), truncated });
          return;
        }
        chunks.push(chunk);
        if (streaming) {
          pending += chunk.toString('utf8');
          const frames = pending.split(/\r?\n\r?\n/);
          pending = frames.pop() ?? '';
          for (const frame of frames) {
            const data = frame
              .split(/\r?\n/)
              .filter((line) => line.startsWith('data:'))
              .map((line) => line.slice(5).trimStart())
              .join('\n');
            if (!data) continue;
            let event: unknown = data;
            try {
              const parsed: unknown = JSON.parse(data);
              if (jsonDepth(parsed, MAX_DEPTH) <= MAX_DEPTH) event = parsed;
            } catch {
              // Not JSON (or nested too deeply to parse): passed on as the text it is.
            }
            request.onEvent!(event);
          }
        }
      });
      response.on('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), truncated });
      });
      response.on('error', (error) => {
        clearTimeout(timer);
        if (!truncated) reject(error);
      });
    });
    outgoing.end(request.body);
  });
}

const header = (headers: IncomingMessage['headers'], name: string): string | null => {
  const value = headers[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
};

/**
 * One HTTP exchange under the inspector's rules: a timeout (default 5 s), at most 1 MiB read, redirects shown and
 * followed only within the same origin (at most 5, loops caught), metadata addresses refused, credentials sent
 * only when asked and only to the origin they belong to, and JSON parsed with a depth limit. Never throws: every
 * failure is the record's `error`.
 */
export async function guardedFetch(request: GuardedRequest): Promise<FetchRecord> {
  const started = performance.now();
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const record: FetchRecord = {
    id: request.id,
    label: request.label,
    method: request.method ?? 'GET',
    url: request.url,
    requestHeaders: { ...request.headers },
    status: null,
    ms: 0,
    bytes: 0,
    contentType: null,
    etag: null,
    cacheControl: null,
    lastModified: null,
    https: false,
    redirects: [],
    credentials: [],
    credentialsSent: false,
    error: null,
    json: null,
    text: null,
  };
  let url: URL;
  try {
    url = new URL(request.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
  } catch {
    record.error = `${JSON.stringify(request.url.slice(0, 200))} is not an http(s) URL`;
    return record;
  }
  record.url = url.href;
  record.https = url.protocol === 'https:';
  const origin = url.origin;
  const base: Record<string, string> = { accept: 'application/json', 'user-agent': 'Switchboard-Inspector', ...request.headers };
  if (request.body !== undefined) base['content-type'] ??= 'application/json';
  /** The headers for one hop: the credentials that belong to that very URL, when asked to send them. */
  const headersFor = (target: URL): Record<string, string> => {
    const list = request.credentials?.for(target.href) ?? [];
    record.credentials = list.map(({ name, masked, source }) => ({ name, masked, source }));
    record.credentialsSent = Boolean(request.credentials?.send) && list.length > 0;
    const headers = { ...base };
    if (record.credentialsSent) for (const credential of list) headers[credential.name.toLowerCase()] = credential.value;
    return headers;
  };
  const visited = new Set<string>([url.href]);
  try {
    for (let hop = 0; ; hop += 1) {
      const answer = await once(url, request, headersFor(url), Math.max(1, timeoutMs - (performance.now() - started)));
      record.status = answer.status;
      const location = header(answer.headers, 'location');
      if (answer.status >= 300 && answer.status < 400 && location) {
        const next = new URL(location, url);
        const hopRecord: RedirectHop = { status: answer.status, location: next.href, followed: false };
        record.redirects.push(hopRecord);
        if (next.origin !== origin) {
          record.error = `redirects to another origin (${next.origin}); not followed, so nothing (no credential) goes there`;
          break;
        }
        if (visited.has(next.href)) {
          record.error = `a redirect loop (back to ${next.pathname})`;
          break;
        }
        if (hop >= MAX_REDIRECTS) {
          record.error = `more than ${MAX_REDIRECTS} redirects`;
          break;
        }
        hopRecord.followed = true;
        visited.add(next.href);
        url = next;
        continue;
      }
      record.url = url.href;
      record.bytes = answer.body.length;
      record.contentType = header(answer.headers, 'content-type');
      record.etag = header(answer.headers, 'etag');
      record.cacheControl = header(answer.headers, 'cache-control');
      record.lastModified = header(answer.headers, 'last-modified');
      if (answer.truncated) {
        record.error = `the answer is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB; reading stopped`;
        break;
      }
      const text = answer.body.toString('utf8');
      if (text.trim() === '') break;
      if (String(record.contentType).startsWith('text/event-stream')) {
        record.text = text.slice(0, TEXT_PREVIEW);
        break;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        // V8 parses very deep nesting by recursion; past its limit that is a RangeError, not bad JSON.
        record.error = error instanceof RangeError ? `the JSON is nested too deeply to read` : null;
        record.text = text.slice(0, TEXT_PREVIEW);
        break;
      }
      if (jsonDepth(parsed) > MAX_DEPTH) {
        record.error = `the JSON is nested deeper than ${MAX_DEPTH} levels`;
        break;
      }
      record.json = parsed;
      break;
    }
  } catch (error) {
    record.error = describe(error, url, timeoutMs);
  }
  record.ms = Math.round(performance.now() - started);
  return record;
}

/**
 * How far in a URL's host reaches: an IP literal's kind, or the most internal of the addresses its name resolves
 * to. Calls to URLs a card chose are held to it (see `within`). A name that does not resolve limits nothing: the
 * target's own fetches fail and say why.
 */
export async function reachOf(url: string): Promise<AddressKind> {
  let hostname: string;
  try {
    hostname = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return 'loopback';
  }
  if (isIP(hostname)) return addressKind(hostname);
  const addresses = await new Promise<LookupAddress[]>((resolve) => dnsLookup(hostname, { all: true }, (error, list) => resolve(error ? [] : list)));
  const kinds = addresses.map((entry) => addressKind(entry.address)).filter((kind) => kind !== 'refused');
  if (kinds.includes('loopback') || kinds.length === 0) return 'loopback';
  return kinds.includes('private') ? 'private' : 'public';
}
