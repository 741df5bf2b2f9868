import { request } from 'node:http';

/**
 * One JSON POST to the node's loopback control port with node:http, not `fetch`: a CLI command makes a single
 * call, and loading undici (fetch's implementation) was a tenth of `switchboard status`'s start-up (issue 15).
 * Rejects with the socket's error (its `code`, e.g. ECONNREFUSED) or a timeout.
 */
export function postLoopbackJson(port: number, path: string, token: string, input: unknown, timeoutMs: number): Promise<{ status: number; body: unknown }> {
  const payload = Buffer.from(JSON.stringify(input ?? {}));
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': payload.length } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          let body: unknown = null;
          try {
            body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            // Not JSON (a proxy's page, a crash): the caller reports it by status.
          }
          resolve({ status: response.statusCode ?? 0, body });
        });
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on('error', reject);
    req.end(payload);
  });
}
