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

export async function boundedFetch(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs: number; maxBytes: number; signal?: AbortSignal },
): Promise<BoundedResponse> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? 'GET',
      headers: init.headers,
      body: init.body,
      redirect: 'manual',
      signal: init.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(init.timeoutMs)]) : AbortSignal.timeout(init.timeoutMs),
    });
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'TimeoutError' || name === 'AbortError') throw new FetchFailure('timeout', `no answer within ${init.timeoutMs} ms`);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new FetchFailure('connection', cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error)));
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel();
    throw new FetchFailure('redirect', `the server answered with a redirect (${response.status}), which is not followed`, response.status);
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > init.maxBytes) {
    await response.body?.cancel();
    throw new FetchFailure('too_large', `the response is larger than ${init.maxBytes} bytes`, response.status);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > init.maxBytes) {
        await reader.cancel();
        throw new FetchFailure('too_large', `the response is larger than ${init.maxBytes} bytes`, response.status);
      }
      chunks.push(value);
    }
  }
  return { status: response.status, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') };
}
