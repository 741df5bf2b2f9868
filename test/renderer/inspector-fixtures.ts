import type { CardChange, CardVersion, CardWatch, InspectionReport, TryItExchange } from '@shared/domain/inspector';

/** A report as the core would make it: an A2A agent, valid, with findings, fetches, probes and a suggested peer. */
export function inspectionReport(overrides: Partial<InspectionReport> = {}): InspectionReport {
  return {
    target: { url: 'https://echo.example', peerId: null, peerName: null, self: false },
    at: new Date(Date.now() - 5 * 60_000).toISOString(),
    verdict: 'valid',
    verdictLine: 'valid A2A 1.0 card; also serves 0.3',
    protocol: 'a2a',
    readings: [
      {
        protocol: 'secure',
        label: 'a2a-secure',
        found: false,
        valid: false,
        verdict: 'no a2a-secure card at GET / (404)',
        versions: [],
        card: null,
        summary: null,
        signatures: [],
      },
      {
        protocol: 'a2a',
        label: 'A2A',
        found: true,
        valid: true,
        verdict: 'valid A2A 1.0 card; also serves 0.3',
        versions: ['1.0', '0.3'],
        card: { name: 'Echo', version: '2.1.0', supportedInterfaces: [{ url: 'https://echo.example/a2a', protocolBinding: 'JSONRPC', protocolVersion: '1.0' }] },
        summary: {
          name: 'Echo',
          description: 'Repeats what it is told, politely.',
          version: '2.1.0',
          provider: { organization: 'Example Org', url: 'https://example.org' },
          documentationUrl: 'https://echo.example/docs',
          iconUrl: null,
          interfaces: [
            { url: 'https://echo.example/a2a', binding: 'JSONRPC', protocolVersion: '1.0', tenant: '' },
            { url: 'https://echo.example/a2a/v0', binding: 'JSONRPC', protocolVersion: '0.3', tenant: '' },
          ],
          protocolVersions: ['1.0', '0.3'],
          capabilities: [
            { name: 'streaming', value: 'true' },
            { name: 'pushNotifications', value: 'false' },
          ],
          skills: [{ id: 'echo', name: 'Echo back', description: 'Says it again.', tags: ['demo', 'text'], examples: ['say hello'], inputModes: ['text/plain'], outputModes: ['text/plain'] }],
          inputModes: ['text/plain'],
          outputModes: ['text/plain', 'application/json'],
          securitySchemes: [{ name: 'apiKey', kind: 'api key in header X-A2A-Key', description: 'Ask the operator for a key.' }],
          securityRequirements: [['apiKey']],
          features: [],
          schema: null,
        },
        signatures: [{ kid: 'key-2026', alg: 'ES256', keySource: 'https://echo.example/.well-known/jwks.json', keyFrom: 'jku', verified: true, detail: 'over the card without default values' }],
      },
    ],
    findings: [
      { severity: 'warning', path: '$.supportedInterfaces[1].url', message: 'The 0.3 interface is served over a path the 1.0 card does not list; clients may pick either.', protocol: 'a2a' },
      { severity: 'error', path: '$.securitySchemes.apiKey.in', message: 'The API key scheme has no "in"; say "header" so clients know where to put it.', protocol: 'a2a' },
      { severity: 'info', path: 'http:a2a.card-1.0', message: 'The card is served without Cache-Control; add max-age so clients do not fetch it on every call.', protocol: 'a2a' },
    ],
    fetches: [
      {
        id: 'a2a.card-1.0',
        label: 'A2A agent card (1.0)',
        method: 'GET',
        url: 'https://echo.example/.well-known/agent-card.json',
        requestHeaders: { 'A2A-Version': '1.0' },
        status: 200,
        ms: 84,
        bytes: 1830,
        contentType: 'application/json',
        etag: '"v7"',
        cacheControl: null,
        lastModified: 'Mon, 23 Nov 2026 10:00:00 GMT',
        https: true,
        redirects: [
          { status: 301, location: 'https://echo.example/.well-known/agent-card.json', followed: true },
          { status: 302, location: 'https://cdn.elsewhere.example/card.json', followed: false },
        ],
        credentials: [{ name: 'X-A2A-Key', masked: 'sk_l…9f2a', source: 'Keys › https://echo.example' }],
        credentialsSent: false,
        error: null,
        json: { name: 'Echo' },
        text: null,
      },
      {
        id: 'secure.card',
        label: 'a2a-secure card',
        method: 'GET',
        url: 'https://echo.example/',
        requestHeaders: {},
        status: 404,
        ms: 31,
        bytes: 9,
        contentType: 'text/plain',
        etag: null,
        cacheControl: null,
        lastModified: null,
        https: true,
        redirects: [],
        credentials: [],
        credentialsSent: false,
        error: null,
        json: null,
        text: 'Not Found',
      },
    ],
    probes: [
      { id: 'a2a.auth', protocol: 'a2a', label: 'Refuses calls without a key', explanation: 'Sends GetTask for a task id that cannot exist, without credentials: nothing can be changed by it.', outcome: 'pass', detail: '401 as the card says', ms: 40 },
      { id: 'a2a.streaming', protocol: 'a2a', label: 'Streams as claimed', explanation: 'Opens SendStreamingMessage and closes it at once.', outcome: 'skipped', detail: 'needs a key', ms: 0 },
    ],
    compatibility: {
      protocol: 'a2a',
      auth: 'An API key in the X-A2A-Key header.',
      credentials: [{ name: 'X-A2A-Key', masked: 'sk_l…9f2a', source: 'Keys › https://echo.example' }],
      notes: ['Switchboard would talk A2A 1.0 over JSON-RPC.'],
    },
    suggestedPeer: { name: 'Echo', baseUrl: 'https://echo.example', protocol: 'a2a' },
    versionId: 7,
    ...overrides,
  };
}

export function cardVersions(): CardVersion[] {
  return [
    { id: 7, url: 'https://echo.example', protocol: 'a2a', at: '2026-11-23T12:00:00Z', hash: 'b1946ac92492d2347c6235b4d2611184', card: { name: 'Echo', version: '2.1.0' } },
    { id: 5, url: 'https://echo.example', protocol: 'a2a', at: '2026-11-20T09:30:00Z', hash: '591785b794601e212b260e25925636fd', card: { name: 'Echo', version: '2.0.0' } },
    { id: 2, url: 'https://echo.example', protocol: 'a2a', at: '2026-11-01T08:00:00Z', hash: '6f5902ac237024bdd0c176cb93063dc4', card: { name: 'Echo' } },
  ];
}

export function cardChanges(): CardChange[] {
  return [
    { path: '$.version', kind: 'changed', before: '2.0.0', after: '2.1.0', warning: false },
    { path: '$.securitySchemes.apiKey', kind: 'added', before: undefined, after: { type: 'apiKey', in: 'header', name: 'X-A2A-Key' }, warning: true },
    { path: '$.skills[1]', kind: 'removed', before: { id: 'shout', name: 'Shout' }, after: undefined, warning: false },
  ];
}

export function cardWatch(overrides: Partial<CardWatch> = {}): CardWatch {
  return { url: 'https://echo.example', peerId: null, peerName: null, intervalSeconds: 300, enabled: false, lastCheckedAt: null, lastVerdict: null, lastVersionId: null, lastError: null, ...overrides };
}

export function tryItExchange(overrides: Partial<TryItExchange> = {}): TryItExchange {
  return {
    id: 1,
    url: 'https://echo.example',
    peerId: null,
    at: new Date().toISOString(),
    request: { jsonrpc: '2.0', id: 1, method: 'SendStreamingMessage', params: { message: { role: 'ROLE_USER', parts: [{ text: 'hello' }] } } },
    responses: [{ jsonrpc: '2.0', id: 1, result: { statusUpdate: { status: { state: 'TASK_STATE_WORKING' } } } }, { jsonrpc: '2.0', id: 1, result: { message: { parts: [{ text: 'hello, hello' }] } } }],
    replyText: 'hello, hello',
    outcome: 'completed',
    savedToConversation: false,
    ...overrides,
  };
}
