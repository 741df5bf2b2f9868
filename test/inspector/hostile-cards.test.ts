import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { CardChange, CardWatch } from '../../src/shared/domain/inspector';
import { guardedFetch } from '../../src/main/core/net/guarded-fetch';
import { useBrokenCards } from '../helpers/broken-cards';
import { waitFor } from '../helpers/linked-nodes';
import { useTestNodes } from '../helpers/test-node';
import { at, has, inspect } from './report-queries';

/** Cards written to hurt: each ends in findings, none sends a credential where it does not belong, none hangs. */
describe('the inspector against hostile and careless cards', () => {
  const nodes = useTestNodes();
  const brokenCards = useBrokenCards();

  it('refuses a metadata address written as IPv4-mapped IPv6 (the URL parser turns it into hex)', async () => {
    const node = await nodes.start();
    const report = await inspect(node, { url: 'http://[::ffff:169.254.169.254]' });
    expect(report.verdict).toBe('unreachable');
    expect(report.findings[0]!.message).toMatch(/\[::ffff:a9fe:a9fe\] is a metadata or link-local address; the inspector does not call it/);
  });

  it('judges a card that lacks its defining field, and one whose interface URL is not a URL, instead of failing', async () => {
    const node = await nodes.start();
    const broken = await brokenCards();
    const none = await inspect(node, { url: broken.at('no-interfaces') });
    expect(none.verdictLine).toBe('invalid A2A 1.0 card');
    expect(at(none, '$.supportedInterfaces')).toEqual([{ severity: 'error', path: '$.supportedInterfaces', message: 'supportedInterfaces is required by A2A 1.0; add it.', protocol: 'a2a' }]);

    const bad = await inspect(node, { url: broken.at('bad-interface-url') }, true);
    expect(bad.verdict).toBe('invalid');
    expect(has(bad, 'error', '$.supportedInterfaces[0].url', /must be an absolute http\(s\) URL/)).toBe(true);
    // Nothing was asked of the non-URL: no extended card, no probe.
    expect(bad.fetches.map((fetch) => fetch.id)).not.toContain('a2a.extended-card');
    expect(bad.probes).toEqual([]);
    await expect(node.api.call('inspector.preview', { target: { url: broken.at('bad-interface-url') }, text: 'hi' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/no JSON-RPC interface/) });
  });

  it('checks at most 8 signatures and fetches each key set once', async () => {
    const node = await nodes.start();
    const broken = await brokenCards();
    const report = await inspect(node, { url: broken.at('many-signatures') });
    const reading = report.readings.find((entry) => entry.protocol === 'a2a')!;
    expect(reading.signatures).toHaveLength(8);
    expect(has(report, 'warning', '$.signatures', /carries 20 signatures; the first 8 were checked, the other 12 were not/)).toBe(true);
    expect(broken.requests.filter((request) => request.url === '/many-signatures/jwks.json')).toHaveLength(1);
  });

  it('does not call a card "signed" when the key is embedded in its own signature', async () => {
    const node = await nodes.start();
    const broken = await brokenCards();
    const report = await inspect(node, { url: broken.at('embedded-key') });
    const [signature] = report.readings.find((entry) => entry.protocol === 'a2a')!.signatures;
    expect(signature).toMatchObject({ kid: 'self', keyFrom: 'jwk', verified: true });
    expect(report.verdictLine).toBe('valid A2A 1.0 card; self-signed (embedded key)');
    expect(has(report, 'warning', '$.signatures[0]', /proves the card was not changed, not who signed it/)).toBe(true);
  });

  it('finds what the schema alone cannot: undeclared schemes, deprecated flows, unknown bindings, patch versions', async () => {
    const node = await nodes.start();
    const broken = await brokenCards();
    const report = await inspect(node, { url: broken.at('spec-nits') });
    expect(has(report, 'error', '$.securityRequirements[0].schemes.ghost', /names the scheme "ghost", which securitySchemes does not declare/)).toBe(true);
    expect(has(report, 'warning', '$.securitySchemes.oauth.oauth2SecurityScheme.flows.implicit', /implicit flow is deprecated/)).toBe(true);
    expect(has(report, 'warning', '$.supportedInterfaces[0].protocolBinding', /"SOAP" is neither a standard binding/)).toBe(true);
    expect(has(report, 'error', '$.supportedInterfaces[0].protocolVersion', /must be Major\.Minor \("1\.0"\), without a patch number/)).toBe(true);
  });

  it('sends a credential only under its own prefix: not to another tenant named by the card, nor after a redirect there', async () => {
    const node = await nodes.start();
    const broken = await brokenCards();
    const tenantA = `${broken.at('tenants')}/tenant-a`;
    await node.api.call('credentials.add', { prefix: tenantA, headers: { Authorization: 'Bearer tenant-a-only-secret-1' } });
    const report = await inspect(node, { url: tenantA });
    expect(report.fetches.find((fetch) => fetch.id === 'a2a.card-1.0')).toMatchObject({ credentialsSent: true });
    expect(report.fetches.find((fetch) => fetch.id === 'a2a.extended-card')).toMatchObject({ url: `${broken.at('tenants')}/tenant-b/a2a`, credentialsSent: false });
    expect(report.fetches.find((fetch) => fetch.id === 'a2a.agent-json')).toMatchObject({ credentialsSent: false, redirects: [{ status: 302, followed: true, location: `${broken.at('tenants')}/tenant-b/agent.json` }] });
    const toTenantB = broken.requests.filter((request) => request.url.startsWith('/tenants/tenant-b/'));
    expect(toTenantB.length).toBeGreaterThanOrEqual(2);
    expect(toTenantB.map((request) => request.headers.authorization)).toEqual(toTenantB.map(() => undefined));
  });

  it("never sends an a2a-secure peer's shared secret to its A2A card as a Bearer token", async () => {
    const node = await nodes.start();
    const broken = await brokenCards();
    await node.api.call('peers.add', { name: 'secure-one', baseUrl: `${broken.at('tenants')}/tenant-a`, protocol: 'secure', outboundSecret: 'the-shared-secret-of-a2a-secure' });
    const report = await inspect(node, { peer: 'secure-one' });
    expect(report.fetches.every((fetch) => !fetch.credentialsSent)).toBe(true);
    expect(broken.requests.some((request) => request.headers.authorization !== undefined)).toBe(false);
  });

  it('holds URLs a card chose to addresses no further in than the card’s own host', async () => {
    const server = createServer((_request, response) => response.end('{}'));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const literal = await guardedFetch({ id: 't', label: 't', url: `http://127.0.0.1:${port}/`, within: 'public' });
    expect(literal.error).toMatch(/127\.0\.0\.1 is a loopback address, further in than the card's own host \(public\)/);
    const named = await guardedFetch({ id: 't', label: 't', url: `http://localhost:${port}/`, within: 'private' });
    expect(named.error).toMatch(/localhost resolves to (127\.0\.0\.1|::1), which is a loopback address/);
    expect((await guardedFetch({ id: 't', label: 't', url: `http://127.0.0.1:${port}/`, within: 'loopback' })).status).toBe(200);
    expect((await guardedFetch({ id: 't', label: 't', url: 'javascript:alert(1)' })).error).toMatch(/is not an http\(s\) URL/);
  });
  const servers: ReturnType<typeof createServer>[] = [];
  afterEach(() => {
    for (const server of servers.splice(0)) server.close();
  });

  it('refuses a watch more often than the configured minimum (a minute by default)', async () => {
    const node = await nodes.start({ inspector: { inspectNewPeers: false } });
    await expect(node.api.call('inspector.watch', { target: { url: 'http://127.0.0.1:9' }, enabled: true, intervalSeconds: 5 })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/at most once every 60 s/) });
  });

  it('watches each protocol of a URL on its own: a steady node raises nothing; a renamed one raises one change per card', async () => {
    const node = await nodes.start();
    const changes: { changes: CardChange[]; versionId: number; previousVersionId: number }[] = [];
    node.events.on('inspector.cardChanged', (event) => changes.push(event));
    const url = `http://127.0.0.1:${node.port}`;
    await node.api.call('inspector.watch', { target: { url }, enabled: true, intervalSeconds: 1 });
    const watch = async () => ((await node.api.call('inspector.watches', {})) as { watches: CardWatch[] }).watches[0]!;
    // Three checks of an unchanged node (its /health uptime ticks meanwhile): no change.
    for (let checks = 0; checks < 3; checks += 1) {
      const before = (await watch()).lastCheckedAt;
      await waitFor(watch, (current) => current.lastCheckedAt !== null && current.lastCheckedAt !== before, 4_000);
    }
    expect(changes).toEqual([]);
    await node.api.call('settings.update', { name: 'renamed-node' });
    await waitFor(() => changes, (list) => list.length >= 3, 5_000);
    const versions = ((await node.api.call('inspector.versions', { url })) as { versions: { id: number; protocol: string }[] }).versions;
    const protocolOf = (id: number) => versions.find((version) => version.id === id)!.protocol;
    // The name is on all three: the A2A card, the a2a-secure card, and a2achat's /health.
    expect(changes.map((change) => protocolOf(change.versionId)).sort()).toEqual(['a2a', 'chat', 'secure']);
    for (const change of changes) expect(protocolOf(change.previousVersionId)).toBe(protocolOf(change.versionId));
    expect(changes.every((change) => change.changes.some((entry) => /^\$(\.health)?\.(name|from)$/.test(entry.path) && entry.after === 'renamed-node'))).toBe(true);
  });
});
