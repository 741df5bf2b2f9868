import canonicalize from 'canonicalize';
import { exportJWK, FlattenedSign, generateKeyPair } from 'jose';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

/** A valid A2A 1.0 card for `base`, to be broken one way per case. */
export function goodCard(base: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Broken agent',
    description: 'Serves cards that are wrong on purpose.',
    supportedInterfaces: [{ url: `${base}/a2a`, protocolBinding: 'JSONRPC', protocolVersion: '1.0' }],
    version: '1.0.0',
    capabilities: { streaming: false, pushNotifications: false },
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain'],
    skills: [{ id: 'talk', name: 'Talk', description: 'Talks back.', tags: ['talk'] }],
    ...overrides,
  };
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A card signed as A2A 1.0 §8.4 says, but with the key in the header itself (jwk): integrity, not identity. */
async function signedWithEmbeddedKey(card: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jws = await new FlattenedSign(new TextEncoder().encode(canonicalize(card) ?? ''))
    .setProtectedHeader({ alg: 'EdDSA', kid: 'self', typ: 'JOSE', jwk: await exportJWK(publicKey) })
    .sign(privateKey);
  return { ...card, signatures: [{ protected: jws.protected, signature: jws.signature }] };
}

export interface BrokenCards {
  url: string;
  /** `${url}/<case>`: the base URL of one case. */
  at(name: string): string;
  /** Requests seen, with their headers (to check what the inspector sent). */
  requests: { url: string; method: string; headers: IncomingMessage['headers'] }[];
  /** Replace what a case serves (watch tests). */
  serve(name: string, card: unknown): void;
}

/**
 * One loopback server, one path prefix per way a card (or its server) can be wrong. The inspector is pointed at
 * `${url}/<case>`, so it fetches `${url}/<case>/.well-known/agent-card.json` and, for probes, `${url}/<case>/a2a`.
 */
export function useBrokenCards() {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map(
        (server) =>
          new Promise((resolve) => {
            // The silent case holds its connections open: close them, or close() waits forever.
            server.closeAllConnections();
            server.close(resolve);
          }),
      ),
    );
  });
  return async (): Promise<BrokenCards> => {
    const requests: BrokenCards['requests'] = [];
    const served = new Map<string, unknown>();
    let base = '';
    let embedded: Record<string, unknown> = {};
    const json = (response: ServerResponse, status: number, body: unknown, contentType = 'application/json') => {
      response.writeHead(status, { 'content-type': contentType });
      response.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const rpcAnswer = (request: IncomingMessage, body: string, response: ServerResponse, behaviour: 'open' | 'no-streaming') => {
      const call = JSON.parse(body || '{}') as { id?: unknown; method?: string };
      if (behaviour === 'no-streaming' && /Subscribe|resubscribe|Streaming|stream/.test(call.method ?? '')) return json(response, 200, { jsonrpc: '2.0', id: call.id ?? null, error: { code: -32601, message: 'Method not found' } });
      // Answers everyone, credentials or not.
      return json(response, 200, { jsonrpc: '2.0', id: call.id ?? null, error: { code: -32001, message: 'Task not found' } });
    };
    const cases: Record<string, (request: IncomingMessage, response: ServerResponse, rest: string, body: string) => void> = {
      'missing-fields': (_q, r, rest) => (rest === '/.well-known/agent-card.json' ? json(r, 200, (({ description: _d, capabilities: _c, ...card }) => card)(goodCard(`${base}/missing-fields`))) : json(r, 404, {})),
      'wrong-enum': (_q, r, rest) =>
        rest === '/.well-known/agent-card.json'
          ? json(r, 200, goodCard(`${base}/wrong-enum`, { securitySchemes: { key: { apiKeySecurityScheme: { location: 'body', name: 'X-Key' } } }, securityRequirements: [{ schemes: { key: {} } }] }))
          : json(r, 404, {}),
      'only-0.3': (_q, r, rest) =>
        rest === '/.well-known/agent-card.json'
          ? json(r, 200, { name: 'Old agent', description: 'A 0.3 agent.', url: `${base}/only-0.3/a2a`, version: '1.0.0', protocolVersion: '0.3.0', capabilities: {}, defaultInputModes: ['text/plain'], defaultOutputModes: ['text/plain'], skills: [{ id: 's', name: 'S', description: 'S', tags: [] }] })
          : json(r, 404, {}),
      'elsewhere': (_q, r, rest) => (rest === '/.well-known/agent-card.json' ? json(r, 200, goodCard('http://agents.example.net')) : json(r, 404, {})),
      'metadata-interface': (_q, r, rest) => (rest === '/.well-known/agent-card.json' ? json(r, 200, goodCard('http://169.254.169.254')) : json(r, 404, {})),
      'no-streaming': (q, r, rest, body) => (rest === '/.well-known/agent-card.json' ? json(r, 200, goodCard(`${base}/no-streaming`, { capabilities: { streaming: true } })) : rest === '/a2a' ? rpcAnswer(q, body, r, 'no-streaming') : json(r, 404, {})),
      'open-door': (q, r, rest, body) =>
        rest === '/.well-known/agent-card.json'
          ? json(r, 200, goodCard(`${base}/open-door`, { securitySchemes: { bearer: { httpAuthSecurityScheme: { scheme: 'bearer' } } }, securityRequirements: [{ schemes: { bearer: {} } }] }))
          : rest === '/a2a'
            ? rpcAnswer(q, body, r, 'open')
            : json(r, 404, {}),
      'bad-signature': (_q, r, rest) => {
        if (rest === '/jwks.json') return json(r, 200, { keys: [{ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo', kid: 'k1', alg: 'EdDSA' }] });
        if (rest !== '/.well-known/agent-card.json') return json(r, 404, {});
        const header = b64url({ alg: 'EdDSA', kid: 'k1', typ: 'JOSE', jku: `${base}/bad-signature/jwks.json` });
        return json(r, 200, goodCard(`${base}/bad-signature`, { signatures: [{ protected: header, signature: Buffer.alloc(64, 7).toString('base64url') }] }));
      },
      'embedded-key': (_q, r, rest) => (rest === '/.well-known/agent-card.json' ? json(r, 200, embedded) : json(r, 404, {})),
      'many-signatures': (_q, r, rest) => {
        if (rest === '/jwks.json') return json(r, 200, { keys: [] });
        if (rest !== '/.well-known/agent-card.json') return json(r, 404, {});
        const header = b64url({ alg: 'EdDSA', kid: 'k1', typ: 'JOSE', jku: `${base}/many-signatures/jwks.json` });
        return json(r, 200, goodCard(`${base}/many-signatures`, { signatures: Array.from({ length: 20 }, () => ({ protected: header, signature: Buffer.alloc(64, 7).toString('base64url') })) }));
      },
      'no-interfaces': (_q, r, rest) => (rest === '/.well-known/agent-card.json' ? json(r, 200, (({ supportedInterfaces: _i, ...card }) => card)(goodCard(`${base}/no-interfaces`))) : json(r, 404, {})),
      'bad-interface-url': (_q, r, rest) =>
        rest === '/.well-known/agent-card.json'
          ? json(r, 200, goodCard(`${base}/bad-interface-url`, { supportedInterfaces: [{ url: 'x', protocolBinding: 'JSONRPC', protocolVersion: '1.0' }], capabilities: { streaming: true, extendedAgentCard: true } }))
          : json(r, 404, {}),
      'spec-nits': (_q, r, rest) =>
        rest === '/.well-known/agent-card.json'
          ? json(
              r,
              200,
              goodCard(`${base}/spec-nits`, {
                supportedInterfaces: [{ url: `${base}/spec-nits/a2a`, protocolBinding: 'SOAP', protocolVersion: '1.0.0' }],
                securitySchemes: { oauth: { oauth2SecurityScheme: { flows: { implicit: { authorizationUrl: 'https://id.example/auth', scopes: {} } } } } },
                securityRequirements: [{ schemes: { ghost: {} } }],
              }),
            )
          : json(r, 404, {}),
      // One origin, two tenants: credentials configured for tenant-a must not reach tenant-b, by interface or redirect.
      'tenants': (q, r, rest, body) => {
        if (rest === '/tenant-a/.well-known/agent-card.json') return json(r, 200, goodCard(`${base}/tenants/tenant-b`, { capabilities: { extendedAgentCard: true } }));
        if (rest === '/tenant-a/.well-known/agent.json') {
          r.writeHead(302, { location: `${base}/tenants/tenant-b/agent.json` });
          return r.end();
        }
        if (rest === '/tenant-b/a2a') return rpcAnswer(q, body, r, 'open');
        return json(r, 404, {});
      },
      'html': (_q, r) => json(r, 200, '<html><body>Hello</body></html>', 'text/html'),
      'array': (_q, r) => json(r, 200, [1, 2, 3]),
      'deep': (_q, r) => json(r, 200, `${'['.repeat(5000)}${']'.repeat(5000)}`),
      'huge': (_q, r) => {
        r.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 32);
        let sent = 0;
        const more = () => {
          while (sent < 40) {
            sent += 1;
            if (!r.write(chunk)) return void r.once('drain', more);
          }
          r.end();
        };
        more();
      },
      'loop': (_q, r, rest) => {
        r.writeHead(302, { location: `${base}/loop${rest}` });
        r.end();
      },
      'away': (_q, r, rest) => {
        // Another origin for the same machine: localhost instead of 127.0.0.1.
        r.writeHead(302, { location: `${base.replace('127.0.0.1', 'localhost')}/other${rest}` });
        r.end();
      },
      'silent': () => undefined,
      // A well-behaved server: an ETag, and 304 for a conditional request that still matches.
      'watched': (q, r, rest) => {
        if (rest !== '/.well-known/agent-card.json') return json(r, 404, {});
        const body = JSON.stringify(served.get('watched') ?? goodCard(`${base}/watched`));
        const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
        if (q.headers['if-none-match'] === etag) {
          r.writeHead(304, { etag });
          return r.end();
        }
        r.writeHead(200, { 'content-type': 'application/json', etag });
        r.end(body);
      },
    };
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const url = request.url ?? '/';
        requests.push({ url, method: request.method ?? '', headers: request.headers });
        const [, name = '', rest = ''] = /^\/([^/]+)(\/.*)?$/.exec(url.split('?')[0]!) ?? [];
        const handler = cases[name];
        if (handler) handler(request, response, rest, body);
        else json(response, 404, { error: 'not_found' });
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    embedded = await signedWithEmbeddedKey(goodCard(`${base}/embedded-key`));
    return { url: base, at: (name) => `${base}/${name}`, requests, serve: (name, card) => served.set(name, card) };
  };
}
