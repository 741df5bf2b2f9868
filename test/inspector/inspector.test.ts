import { describe, expect, it } from 'vitest';
import type { CardChange, CardVersion, CardWatch, InspectionReport, TryItExchange } from '../../src/shared/domain/inspector';
import type { MessageSummary } from '../../src/shared/domain/message';
import { useSdkPeers } from '../helpers/a2a';
import { cli } from '../helpers/cli';
import { waitFor } from '../helpers/linked-nodes';
import { useTestNodes } from '../helpers/test-node';
import { closedPort } from '../helpers/tiny-server';
import { goodCard, useBrokenCards } from '../helpers/broken-cards';
import { at, has, inspect } from './report-queries';


describe('the capability-card inspector', () => {
  const nodes = useTestNodes();
  const sdkPeers = useSdkPeers();
  const brokenCards = useBrokenCards();

  it('reads this node as its peers see it: valid A2A 1.0 (also 0.3) with a verified signature, a2a-secure 2.5, a2achat', async () => {
    const node = await nodes.start();
    const report = await inspect(node, { self: true }, true);
    expect(report.target).toMatchObject({ url: `http://127.0.0.1:${node.port}`, self: true });
    expect(report.verdict).toBe('valid');
    expect(report.verdictLine).toBe('a2a-secure 2.5, schema 1.0–2.4 · valid A2A 1.0 card; also serves 0.3; signed · a2achat API (version 0.0.0-dev): handshakes with an invite');
    const a2a = report.readings.find((reading) => reading.protocol === 'a2a')!;
    expect(a2a).toMatchObject({ found: true, valid: true, versions: ['1.0', '0.3'] });
    expect(a2a.signatures).toEqual([{ kid: expect.any(String), alg: 'EdDSA', keySource: `http://127.0.0.1:${node.port}/.well-known/jwks.json`, keyFrom: 'jku', verified: true, detail: expect.stringMatching(/^verified over the card as served/) }]);
    expect(a2a.summary).toMatchObject({ name: 'test-node', securityRequirements: [['bearer'], ['apiKey']], skills: [expect.objectContaining({ id: 'chat' })] });
    expect(report.findings.filter((finding) => finding.severity !== 'info')).toEqual([]);
    // Probes: a2a-secure refuses a message without a secret; A2A refuses a call without a key as its card says.
    expect(Object.fromEntries(report.probes.map((probe) => [probe.id, probe.outcome]))).toEqual({
      'probe:secure.auth': 'pass',
      'probe:a2a.unknown-task': 'skipped',
      'probe:a2a.version': 'skipped',
      'probe:a2a.auth': 'pass',
      'probe:a2a.streaming': 'skipped',
    });
    expect(report.fetches.find((fetch) => fetch.id === 'a2a.card-1.0')).toMatchObject({ status: 200, contentType: 'application/json; charset=utf-8', etag: expect.stringMatching(/^W\//), cacheControl: 'public, max-age=3600', https: false, redirects: [] });
    expect(report.suggestedPeer).toBeNull();
    // The signing key survives restarts: the card is signed by the same key id after a restart.
    const kid = a2a.signatures[0]!.kid;
    const dataDir = node.config.dataDir;
    await node.close();
    const again = await nodes.start({ dataDir });
    expect((await inspect(again, { self: true })).readings.find((reading) => reading.protocol === 'a2a')!.signatures[0]).toMatchObject({ kid, verified: true });
  });

  it('reads an @a2a-js/sdk agent: a valid 1.0 card, also 0.3 through the SDK’s compatibility layer; probes and compatibility', async () => {
    const node = await nodes.start();
    const peer = await sdkPeers({ legacyCard: true, name: 'SDK echo agent' });
    await node.api.call('credentials.add', { prefix: peer.url, headers: { Authorization: 'Bearer inspector-test-token-1234' } });
    const report = await inspect(node, { url: `${peer.url}/.well-known/agent-card.json` }, true);
    expect(report.target.url).toBe(peer.url);
    expect(report.verdict).toBe('valid');
    expect(report.verdictLine).toBe('valid A2A 1.0 card; also serves 0.3');
    expect(report.protocol).toBe('a2a');
    expect(report.readings.find((reading) => reading.protocol === 'a2a')!.summary).toMatchObject({ name: 'SDK echo agent', interfaces: [{ url: `${peer.url}/a2a`, binding: 'JSONRPC', protocolVersion: '1.0', tenant: '' }, { url: `${peer.url}/a2a`, binding: 'JSONRPC', protocolVersion: '0.3', tenant: '' }] });
    expect(report.readings.find((reading) => reading.protocol === 'a2a')!.versions).toEqual(['1.0', '0.3']);
    expect(report.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(has(report, 'info', '$.signatures', /not signed/)).toBe(true);
    expect(Object.fromEntries(report.probes.map((probe) => [probe.id, probe.outcome]))).toMatchObject({ 'probe:a2a.unknown-task': 'pass', 'probe:a2a.auth': 'skipped', 'probe:a2a.streaming': 'pass' });
    // The configured credential is shown masked with its source, and sent only where the protocol needs it.
    const card = report.fetches.find((fetch) => fetch.id === 'a2a.card-1.0')!;
    expect(card.credentials).toEqual([{ name: 'Authorization', masked: 'Bearer insp…1234', source: `Keys › ${peer.url}` }]);
    expect(card.credentialsSent).toBe(true);
    expect(JSON.stringify(report)).not.toContain('inspector-test-token-1234');
    expect(report.compatibility).toMatchObject({ protocol: 'a2a', auth: 'No authentication declared.', credentials: [{ name: 'Authorization', masked: 'Bearer insp…1234' }], notes: [`Messages would go to ${peer.url}/a2a.`] });
    expect(report.suggestedPeer).toEqual({ name: 'SDK echo agent', baseUrl: peer.url, protocol: 'a2a' });
  });

  it('asks for the extended card when the card offers one, with the credential configured for that URL', async () => {
    const node = await nodes.start();
    const peer = await sdkPeers({ extendedCard: true });
    await node.api.call('credentials.add', { prefix: peer.url, headers: { Authorization: 'Bearer extended-card-token-5678' } });
    const report = await inspect(node, { url: peer.url });
    const fetch = report.fetches.find((record) => record.id === 'a2a.extended-card')!;
    expect(fetch).toMatchObject({ method: 'POST', url: `${peer.url}/a2a`, status: 200, credentialsSent: true });
    expect(peer.requests.find((request) => (request.body as { method?: string }).method === 'GetExtendedAgentCard')?.headers.authorization).toBe('Bearer extended-card-token-5678');
    expect(has(report, 'info', 'http:a2a.extended-card', /The extended card \(for authenticated callers\) lists 2 skill\(s\)/)).toBe(true);
    // Without the offer, nothing is asked.
    const plain = await sdkPeers({});
    expect((await inspect(node, { url: plain.url })).fetches.some((record) => record.id === 'a2a.extended-card')).toBe(false);
  });

  it('names what is wrong with broken cards, each with its JSON path and a sentence', async () => {
    const node = await nodes.start();
    const broken = await brokenCards();

    const missing = await inspect(node, { url: broken.at('missing-fields') });
    expect(missing.verdict).toBe('invalid');
    expect(at(missing, '$.description')).toEqual([{ severity: 'error', path: '$.description', message: 'description is required by A2A 1.0; add it.', protocol: 'a2a' }]);
    expect(has(missing, 'error', '$.capabilities', /capabilities is required by A2A 1\.0/)).toBe(true);

    const wrongEnum = await inspect(node, { url: broken.at('wrong-enum') });
    expect(has(wrongEnum, 'error', '$.securitySchemes.key.apiKeySecurityScheme.location', /must be one of "query", "header", "cookie"/)).toBe(true);

    const old = await inspect(node, { url: broken.at('only-0.3') });
    expect(old.verdictLine).toBe('valid A2A 0.3 card');
    expect(has(old, 'info', '$', /serves only a 0\.3 card/)).toBe(true);
    expect(old.readings.find((reading) => reading.protocol === 'a2a')!.versions).toEqual(['0.3']);

    const elsewhere = await inspect(node, { url: broken.at('elsewhere') });
    expect(has(elsewhere, 'warning', '$.supportedInterfaces[0].url', /is on agents\.example\.net, not on 127\.0\.0\.1:\d+ where the card came from/)).toBe(true);

    const metadata = await inspect(node, { url: broken.at('metadata-interface') });
    expect(has(metadata, 'error', '$.supportedInterfaces[0].url', /169\.254\.169\.254, a metadata or link-local address/)).toBe(true);

    const signed = await inspect(node, { url: broken.at('bad-signature') });
    expect(signed.readings.find((reading) => reading.protocol === 'a2a')!.signatures).toEqual([
      { kid: 'k1', alg: 'EdDSA', keySource: `${broken.url}/bad-signature/jwks.json`, keyFrom: 'jku', verified: false, detail: expect.stringMatching(/does not match the card/) },
    ]);
    expect(has(signed, 'error', '$.signatures[0]', /does not verify/)).toBe(true);
    expect(signed.verdict).toBe('invalid');
  });

  it('finds claims the endpoint does not keep (probes): streaming claimed but absent, security declared but absent', async () => {
    const node = await nodes.start();
    const broken = await brokenCards();
    const streamless = await inspect(node, { url: broken.at('no-streaming') }, true);
    expect(streamless.probes.find((probe) => probe.id === 'probe:a2a.streaming')).toMatchObject({ outcome: 'fail', explanation: expect.stringMatching(/claims streaming/) });
    expect(has(streamless, 'warning', 'probe:a2a.streaming', /claims streaming, but the endpoint does not answer with text\/event-stream/)).toBe(true);
    const open = await inspect(node, { url: broken.at('open-door') }, true);
    expect(open.probes.find((probe) => probe.id === 'probe:a2a.auth')).toMatchObject({ outcome: 'fail' });
    expect(has(open, 'warning', 'probe:a2a.auth', /declares security, but the endpoint answered a call without credentials/)).toBe(true);
    // Without "probe", nothing is sent to the JSON-RPC endpoint at all.
    broken.requests.length = 0;
    await inspect(node, { url: broken.at('open-door') });
    expect(broken.requests.filter((request) => request.method === 'POST')).toEqual([]);
  });

  it('turns every bad input into a finding, never a hang or a crash, and sends nothing to another origin', async () => {
    const node = await nodes.start({ inspector: { timeoutMs: 500, inspectNewPeers: false } });
    const broken = await brokenCards();
    await node.api.call('credentials.add', { prefix: broken.url, headers: { 'X-Api-Key': 'never-leaves-its-origin-1' } });
    const cases: [string, RegExp][] = [
      [`http://127.0.0.1:${await closedPort()}`, /connection refused/],
      ['http://no-such-host.invalid', /does not resolve \(DNS\)/],
      [`https://127.0.0.1:${new URL(broken.url).port}`, /TLS failed/],
      [broken.at('silent'), /no answer within 500 ms/],
    ];
    for (const [url, message] of cases) {
      const report = await inspect(node, { url });
      expect(report.verdict, url).toBe('unreachable');
      expect(report.findings[0], url).toMatchObject({ severity: 'error', path: 'http', message: expect.stringMatching(message) });
    }
    const bodies: [string, RegExp][] = [
      ['html', /The A2A card is not JSON \(text\/html\)/],
      ['array', /is JSON, but not an object/],
      ['deep', /nested (deeper than 64 levels|too deeply)/],
      ['huge', /larger than 1 MiB; reading stopped/],
      ['loop', /a redirect loop/],
      ['away', /redirects to another origin \(http:\/\/localhost:\d+\); not followed/],
    ];
    for (const [name, message] of bodies) {
      const report = await inspect(node, { url: broken.at(name) });
      expect(report.verdict, name).toBe('invalid');
      expect(report.findings.some((finding) => message.test(finding.message)), `${name}: ${JSON.stringify(report.findings)}`).toBe(true);
    }
    // The redirect elsewhere was shown, not followed: nothing (and no key) reached the other origin.
    const away = (await inspect(node, { url: broken.at('away') })).fetches.find((fetch) => fetch.id === 'a2a.card-1.0')!;
    expect(away.redirects).toEqual([{ status: 302, location: expect.stringMatching(/^http:\/\/localhost:\d+\/other\//), followed: false }]);
    expect(broken.requests.some((request) => request.url.startsWith('/other'))).toBe(false);
    // Metadata addresses are refused before any connection.
    const refused = await inspect(node, { url: 'http://169.254.169.254' });
    expect(refused.findings[0]!.message).toMatch(/169\.254\.169\.254 is a metadata or link-local address; the inspector does not call it/);
    expect((await node.api.call('node.status', {})) as { name: string }).toMatchObject({ name: 'test-node' });
    await expect(node.api.call('inspector.inspect', { target: { url: 'ftp://x.example' } })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(node.api.call('inspector.inspect', { target: { peer: 'nobody' } })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('watches a card: a change is noticed within one interval, kept as a version, diffed by path, and told', async () => {
    const node = await nodes.start();
    const broken = await brokenCards();
    const base = broken.at('watched');
    await node.api.call('peers.add', { name: 'watched', baseUrl: base, protocol: 'a2a' });
    const changes: { changes: CardChange[]; peerName: string | null }[] = [];
    node.events.on('inspector.cardChanged', (event) => changes.push(event));
    const watch = (await node.api.call('inspector.watch', { target: { peer: 'watched' }, enabled: true, intervalSeconds: 1 })) as CardWatch;
    expect(watch).toMatchObject({ url: base, peerName: 'watched', intervalSeconds: 1, enabled: true });
    await waitFor(async () => ((await node.api.call('inspector.watches', {})) as { watches: CardWatch[] }).watches[0]!, (w) => w.lastVersionId !== null);
    // Checks are conditional: an unchanged card is answered 304 and keeps its one version.
    const conditional = () => broken.requests.filter((request) => request.url === '/watched/.well-known/agent-card.json' && request.headers['a2a-version'] === '1.0' && request.headers['if-none-match']);
    await waitFor(() => conditional(), (list) => list.length > 0, 3_000);
    expect(conditional()[0]!.headers['if-none-match']).toMatch(/^"[0-9a-f]{16}"$/);
    expect(((await node.api.call('inspector.versions', { url: base })) as { versions: CardVersion[] }).versions.filter((version) => version.protocol === 'a2a')).toHaveLength(1);

    broken.serve('watched', goodCard(base, { version: '2.0.0', securitySchemes: { bearer: { httpAuthSecurityScheme: { scheme: 'bearer' } } } }));
    const started = Date.now();
    await waitFor(() => changes, (list) => list.length > 0, 4_000);
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(changes[0]!.peerName).toBe('watched');
    expect(changes[0]!.changes).toEqual(
      expect.arrayContaining([
        { path: '$.version', kind: 'changed', before: '1.0.0', after: '2.0.0', warning: false },
        { path: '$.securitySchemes', kind: 'added', before: undefined, after: { bearer: { httpAuthSecurityScheme: { scheme: 'bearer' } } }, warning: true },
      ]),
    );
    const { versions } = (await node.api.call('inspector.versions', { url: base })) as { versions: CardVersion[] };
    expect(versions.filter((version) => version.protocol === 'a2a')).toHaveLength(2);
    const [newer, older] = versions.filter((version) => version.protocol === 'a2a');
    expect(((await node.api.call('inspector.diff', { from: older!.id, to: newer!.id })) as { changes: CardChange[] }).changes.map((change) => change.path)).toEqual(['$.version', '$.securitySchemes']);
    // Back to the first card: one change again, then quiet (the last card seen is the first one once more).
    broken.serve('watched', goodCard(base));
    await waitFor(() => changes, (list) => list.length === 2, 4_000);
    for (let checks = 0; checks < 2; checks += 1) {
      const before = ((await node.api.call('inspector.watches', {})) as { watches: CardWatch[] }).watches[0]!.lastCheckedAt;
      await waitFor(async () => ((await node.api.call('inspector.watches', {})) as { watches: CardWatch[] }).watches[0]!.lastCheckedAt, (when) => when !== before, 4_000);
    }
    expect(changes).toHaveLength(2);
    expect(changes[1]!.changes.map((change) => change.path)).toEqual(['$.version', '$.securitySchemes']);
    broken.serve('watched', goodCard(base, { version: '2.0.0', securitySchemes: { bearer: { httpAuthSecurityScheme: { scheme: 'bearer' } } } }));
    await waitFor(() => changes, (list) => list.length === 3, 4_000);
    // The peer's timeline says so too.
    const timeline = ((await node.api.call('messages.list', { peerId: node.peers.resolve('watched').id })) as { messages: MessageSummary[] }).messages;
    expect(timeline[0]!.content).toMatch(/^watched's A2A card changed: 2 changes, 1 to look at \(\$\.securitySchemes\)\. See Inspector › History\.$/);

    // Watches survive a restart.
    const dataDir = node.config.dataDir;
    await node.close();
    const again = await nodes.start({ dataDir });
    const [kept] = ((await again.api.call('inspector.watches', {})) as { watches: CardWatch[] }).watches;
    expect(kept).toMatchObject({ url: base, enabled: true, intervalSeconds: 1 });
    const checkedBefore = kept!.lastCheckedAt;
    await waitFor(async () => ((await again.api.call('inspector.watches', {})) as { watches: CardWatch[] }).watches[0]!.lastCheckedAt, (when) => when !== checkedBefore, 4_000);
    await again.api.call('inspector.watch', { target: { url: base }, enabled: false });
    expect(((await again.api.call('inspector.watches', {})) as { watches: CardWatch[] }).watches[0]!.enabled).toBe(false);
  });

  it('inspects every new peer in the background; its page gets the card and the time it was checked', async () => {
    const node = await nodes.start({ inspector: { timeoutMs: 5_000, inspectNewPeers: true } });
    const peer = await sdkPeers();
    await node.api.call('peers.add', { name: 'echo', baseUrl: peer.url, protocol: 'a2a' });
    const latest = await waitFor(async () => ((await node.api.call('inspector.latest', { peer: 'echo' })) as { report: InspectionReport | null }).report, (report) => report !== null);
    expect(latest).toMatchObject({ verdict: 'valid', target: { url: peer.url, peerName: 'echo' }, protocol: 'a2a', suggestedPeer: null });
    expect(Date.parse(latest!.at)).toBeGreaterThan(Date.now() - 10_000);
  });

  it('Try it: shows the JSON-RPC request before sending, streams the answers, and can save them into the conversation', async () => {
    const node = await nodes.start();
    const peer = await sdkPeers({ streaming: true });
    await node.api.call('peers.add', { name: 'echo', baseUrl: peer.url, protocol: 'a2a' });
    const preview = (await node.api.call('inspector.preview', { target: { peer: 'echo' }, text: 'hello inspector', metadata: { purpose: 'test' } })) as { url: string; request: { method: string; params: { message: { parts: unknown[]; metadata: unknown } } } };
    expect(preview.url).toBe(`${peer.url}/a2a`);
    expect(preview.request).toMatchObject({ jsonrpc: '2.0', method: 'SendStreamingMessage', params: { message: { role: 'ROLE_USER', parts: [{ text: 'hello inspector' }], metadata: { purpose: 'test' } } } });
    const pushed: unknown[] = [];
    node.events.on('inspector.exchange', ({ clientId, response }) => {
      if (clientId === 'try-1') pushed.push(response);
    });
    const exchange = (await node.api.call('inspector.send', { target: { peer: 'echo' }, text: 'hello inspector', save: 'conversation', clientId: 'try-1' })) as TryItExchange;
    expect(exchange).toMatchObject({ url: peer.url, replyText: 'echo #1: hello inspector', outcome: 'completed', savedToConversation: true });
    expect(exchange.responses.length).toBeGreaterThan(1);
    expect(pushed).toEqual(exchange.responses);
    const conversation = ((await node.api.call('messages.list', { peerId: node.peers.resolve('echo').id })) as { messages: MessageSummary[] }).messages;
    expect(conversation.map((message) => [message.direction, message.content])).toEqual([
      ['in', 'echo #1: hello inspector'],
      ['out', 'hello inspector'],
    ]);
    expect(((await node.api.call('inspector.exchanges', { url: peer.url })) as { exchanges: TryItExchange[] }).exchanges).toHaveLength(1);
    const scratch = (await node.api.call('inspector.send', { target: { url: peer.url }, text: 'just looking' })) as TryItExchange;
    expect(scratch).toMatchObject({ savedToConversation: false, replyText: 'echo #1: just looking' });
    await expect(node.api.call('inspector.send', { target: { url: `http://127.0.0.1:${node.port}` }, text: 'x' })).resolves.toMatchObject({ outcome: expect.stringMatching(/^failed: HTTP 401|^failed/) });
  });

  it('`switchboard card` prints the verdict and findings, and --json is the documented shape; it fails for an invalid or unreachable card', async () => {
    const node = await nodes.start();
    const broken = await brokenCards();
    const valid = await cli(node, 'card', '--self');
    expect(valid.code).toBe(0);
    expect(valid.stdout).toMatch(/^Verdict\s+valid: a2a-secure 2\.5/m);
    const invalid = await cli(node, 'card', broken.at('missing-fields'), '--json');
    expect(invalid.code).toBe(1);
    const json = JSON.parse(invalid.stdout) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(['fetches', 'findings', 'protocol', 'url', 'verdict', 'versions']);
    expect(json).toMatchObject({ url: broken.at('missing-fields'), protocol: 'a2a', verdict: 'invalid', versions: ['1.0'] });
    expect(json.findings).toEqual(expect.arrayContaining([{ severity: 'error', path: '$.description', message: 'description is required by A2A 1.0; add it.' }]));
    expect((json.fetches as { url: string; status: number; ms: number }[])[0]).toMatchObject({ url: expect.stringContaining('/missing-fields/'), status: expect.any(Number), ms: expect.any(Number) });
    const human = await cli(node, 'card', broken.at('missing-fields'));
    expect(human.stdout).toMatch(/error\s+\$\.description\s+description is required by A2A 1\.0; add it\./);
    const unreachable = await cli(node, 'card', `http://127.0.0.1:${await closedPort()}`);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stdout).toMatch(/^Verdict\s+unreachable/m);
  });
});
