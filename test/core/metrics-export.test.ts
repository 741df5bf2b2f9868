import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import type { SwitchboardNode } from '../../src/main/core/node';
import type { ExportRow, MessageSummary } from '../../src/shared/domain/message';
import type { DashboardData } from '../../src/shared/domain/metrics';
import { cli } from '../helpers/cli';
import { link, untilFinal } from '../helpers/linked-nodes';
import { useTestNodes } from '../helpers/test-node';
import { closedPort } from '../helpers/tiny-server';

interface Family {
  name: string;
  type: string;
  help: string;
  metrics: { value?: string; labels?: Record<string, string>; count?: string; buckets?: Record<string, string> }[];
}

async function scrape(node: SwitchboardNode): Promise<Map<string, Family>> {
  const response = await fetch(`${node.control.url}/metrics`, { headers: { authorization: `Bearer ${node.control.token}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const families = parsePrometheusTextFormat(await response.text()) as Family[];
  return new Map(families.map((family) => [family.name, family]));
}

const sample = (family: Family | undefined, labels: Record<string, string> = {}) =>
  Number(family?.metrics.find((metric) => Object.entries(labels).every(([key, value]) => metric.labels?.[key] === value))?.value ?? Number.NaN);

describe('metrics: /metrics in Prometheus text, and the Dashboard’s hour', () => {
  const nodes = useTestNodes();

  it('counts what happened after a known load, with conventional names, HELP and TYPE', async () => {
    const a = await nodes.start({ name: 'a' });
    const b = await nodes.start({ name: 'b' });
    await link(a, b);
    for (let i = 0; i < 5; i += 1) await untilFinal(a, ((await a.api.call('messages.send', { peer: 'b', text: `load ${i}` })) as MessageSummary).id);
    for (let i = 0; i < 2; i += 1) {
      const refused = await fetch(`http://127.0.0.1:${b.port}/`, { method: 'POST', headers: { authorization: 'Bearer wrong-secret-xyz', 'content-type': 'application/json' }, body: '{}' });
      expect(refused.status).toBe(401);
    }

    const atA = await scrape(a);
    expect(atA.get('switchboard_messages_total')).toMatchObject({ type: 'COUNTER', help: expect.stringMatching(/Messages received and sent/) });
    expect(sample(atA.get('switchboard_messages_total'), { direction: 'out', protocol: 'secure', peer: 'b' })).toBe(5);
    expect(sample(atA.get('switchboard_delivery_attempts_total'), { outcome: 'delivered', protocol: 'secure' })).toBe(5);
    const latency = atA.get('switchboard_delivery_latency_seconds')!;
    expect(latency.type).toBe('HISTOGRAM');
    expect(Number(latency.metrics[0]!.buckets!['+Inf'])).toBe(5);
    expect(sample(atA.get('switchboard_outbox_queued'))).toBe(0);
    expect(sample(atA.get('switchboard_dead_letters'))).toBe(0);
    expect(sample(atA.get('switchboard_approvals_pending'))).toBe(0);
    expect(atA.get('switchboard_event_loop_delay_p99_seconds')?.type).toBe('GAUGE');
    expect(atA.has('process_cpu_user_seconds_total')).toBe(true);

    const atB = await scrape(b);
    expect(sample(atB.get('switchboard_messages_total'), { direction: 'in', protocol: 'secure', peer: 'a' })).toBe(5);
    expect(sample(atB.get('switchboard_inbound_errors_total'), { status: '401' })).toBe(2);
    // The node's own counts agree.
    expect(b.status().counts.messagesIn).toBe(5);

    // The admin token is required on the control port.
    expect((await fetch(`${b.control.url}/metrics`)).status).toBe(401);
  });

  it('is on the public port only when the operator allows it', async () => {
    const node = await nodes.start();
    const before = await (await fetch(`http://127.0.0.1:${node.port}/metrics`)).text();
    expect(before).toContain('switchboard_chat_sessions_active'); // a2achat's own, as its contract says
    expect(before).not.toContain('switchboard_messages_total');
    await node.api.call('settings.update', { metricsPublic: true });
    const after = await (await fetch(`http://127.0.0.1:${node.port}/metrics`)).text();
    expect(after).toContain('# TYPE switchboard_messages_total counter');
    expect(() => parsePrometheusTextFormat(after)).not.toThrow();
  });

  it('the Dashboard gets an hour of minutes, dead letters with their top reasons, and the last errors', async () => {
    const a = await nodes.start({ name: 'a' });
    const b = await nodes.start({ name: 'b' });
    await link(a, b);
    for (let i = 0; i < 3; i += 1) await untilFinal(a, ((await a.api.call('messages.send', { peer: 'b', text: `hello ${i}` })) as MessageSummary).id);
    const port = await closedPort();
    await a.api.call('peers.add', { name: 'down', baseUrl: `http://127.0.0.1:${port}`, outboundSecret: 'some-secret-123' });
    await a.api.call('peers.setRetryPolicy', { peer: 'down', policy: { maxAttempts: 1, baseDelayMs: 100 } });
    await untilFinal(a, ((await a.api.call('messages.send', { peer: 'down', text: 'anyone?' })) as MessageSummary).id);
    const dashboard = (await a.api.call('metrics.dashboard', {})) as DashboardData;
    const now = dashboard.minutes.at(-1)!;
    expect(now.out).toEqual({ secure: 4 });
    expect(now.p50Ms).not.toBeNull();
    expect(now.p99Ms).toBeGreaterThanOrEqual(now.p50Ms!);
    expect(now.failures).toBe(1);
    expect(dashboard.deadLetters).toEqual({ count: 1, topReasons: [{ peerName: 'down', reason: 'Gave up after 1 attempt: connection error: ECONNREFUSED.', count: 1 }] });
    expect(dashboard.lastErrors[0]?.text).toMatch(/^A message to down could not be delivered: connection error: ECONNREFUSED/);
    expect(dashboard.approvals).toEqual({ pending: 0, oldestCreatedAt: null });
    const atB = (await b.api.call('metrics.dashboard', {})) as DashboardData;
    expect(atB.minutes.at(-1)!.in).toEqual({ secure: 3 });
  });

  it('`messages export` streams the whole timeline (past any page cap) as JSON lines or CSV, with filters', async () => {
    const node = await nodes.start();
    const peer = (await node.api.call('peers.add', { name: 'bulk', baseUrl: 'http://bulk.example' })) as { peer: { id: string } };
    const base = { peerId: peer.peer.id, peerName: 'bulk', direction: 'in' as const, protocol: 'secure', idempotencyKey: null, schemaVersion: '2.4', encrypted: false, wake: false, status: 'received' as const, raw: {} };
    node.db.transaction(() => {
      for (let i = 0; i < 2_500; i += 1) node.messages.insert({ ...base, traceId: `bulk-${i}`, content: `message ${i}` });
      node.messages.insert({ ...base, traceId: 'tricky-1', content: '=HYPERLINK("x"), "quoted"\nsecond line' });
    })();
    const jsonl = await cli(node, 'messages', 'export', '--format', 'jsonl');
    expect(jsonl.code).toBe(0);
    const rows = jsonl.stdout.trim().split('\n').map((line) => JSON.parse(line) as ExportRow);
    expect(rows).toHaveLength(2_501);
    expect(rows[0]).toMatchObject({ traceId: 'bulk-0', content: 'message 0', peerName: 'bulk', direction: 'in' });
    expect(rows.map((row) => row.id)).toEqual([...rows.map((row) => row.id)].sort((x, y) => x - y));

    const csv = await cli(node, 'messages', 'export', '--format', 'csv', '--trace', 'tricky-1');
    expect(csv.code).toBe(0);
    const [header, line] = csv.stdout.split('\r\n');
    expect(header).toBe('id,createdAt,direction,protocol,peerName,traceId,idempotencyKey,status,taskState,contextId,taskId,encrypted,content,attachments');
    // Quoted per RFC 4180, and a formula is neutralised for spreadsheets.
    expect(line).toMatch(/,"'=HYPERLINK\(""x""\), ""quoted""\nsecond line",$/);

    const later = await cli(node, 'messages', 'export', '--since', '2999-01-01');
    expect(later.stdout).toBe('');
    const none = await cli(node, 'messages', 'export', '--until', '2000-01-01');
    expect(none.stdout).toBe('');
    const bad = await cli(node, 'messages', 'export', '--since', 'yesterday-ish');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--since must be a date/);
    const page = (await node.api.call('messages.export', { afterId: 0, limit: 1000 })) as { rows: ExportRow[]; nextAfterId: number | null };
    expect(page.rows).toHaveLength(1000);
    expect(page.nextAfterId).toBe(page.rows.at(-1)!.id);
  });
});
