import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli';
import { inbound, link, untilFinal } from '../helpers/linked-nodes';
import { useTestNodes } from '../helpers/test-node';

describe('switchboard send and dead-letters', () => {
  const nodes = useTestNodes();

  it('sends with the given trace id and key, prints the trace id, and --wait exits 0 once delivered', async () => {
    const a = await nodes.start();
    const b = await nodes.start();
    await link(a, b);
    const sent = await cli(a, 'send', '--to', 'b', '--trace-id', 'cli-trace-1', '--idempotency-key', 'cli-key-1', '--no-wake', '--encrypt', '--wait', 'hello from the CLI');
    expect(sent).toMatchObject({ code: 0, stdout: 'cli-trace-1\nDelivered to b after 1 attempt.\n' });
    expect(await inbound(b)).toEqual([expect.objectContaining({ traceId: 'cli-trace-1', idempotencyKey: 'cli-key-1', content: 'hello from the CLI', encrypted: true, wake: false })]);
  });

  it('--wait exits non-zero with the reason when the message dies', async () => {
    const a = await nodes.start();
    const b = await nodes.start();
    await link(a, b);
    await a.api.call('peers.setOutboundSecret', { peer: 'b', secret: 'wrong-secret-x' });
    const sent = await cli(a, 'send', '--to', 'b', '--wait', 'refused');
    expect(sent.code).toBe(1);
    expect(sent.stderr).toMatch(/Not delivered: b refused the secret \(401\)\. .*dead letter \d+/);
  });

  it('lists and replays dead letters with the seed’s send.py flags and the dead-letters commands', async () => {
    const a = await nodes.start();
    const b = await nodes.start();
    const { secret } = await link(a, b);
    await a.api.call('peers.setOutboundSecret', { peer: 'b', secret: 'wrong-secret-y' });
    await cli(a, 'send', '--to', 'b', '--wait', 'first');
    await cli(a, 'send', '--to', 'b', '--wait', 'second');
    const listed = await cli(a, 'send', '--list-dead-letters');
    expect(listed.stdout).toMatch(/ID\s+PEER\s+TRACE\s+ATTEMPTS\s+AGE\s+REASON\s+TEXT/);
    expect(listed.stdout.match(/refused the secret/g)).toHaveLength(2);
    const json = JSON.parse((await cli(a, 'dead-letters', 'list', '--json')).stdout) as { id: number; content: string }[];
    expect(json.map((m) => m.content)).toEqual(['second', 'first']);

    await a.api.call('peers.setOutboundSecret', { peer: 'b', secret });
    const one = await cli(a, 'dead-letters', 'replay', String(json[1]!.id));
    expect(one.stdout).toMatch(/Replayed 1 message/);
    expect((await untilFinal(a, json[1]!.id)).status).toBe('delivered');
    const all = await cli(a, 'send', '--retry-dead-letters');
    expect(all.stdout).toMatch(/Replayed 1 message/);
    expect((await untilFinal(a, json[0]!.id)).status).toBe('delivered');
    expect((await inbound(b)).map((m) => m.content).sort()).toEqual(['first', 'second']);
  });

  it('discards dead letters and explains bad ids and missing arguments', async () => {
    const a = await nodes.start();
    const b = await nodes.start();
    await link(a, b);
    await a.api.call('peers.setOutboundSecret', { peer: 'b', secret: 'wrong-secret-z' });
    await cli(a, 'send', '--to', 'b', '--wait', 'to be discarded');
    const [letter] = JSON.parse((await cli(a, 'dead-letters', 'list', '--json')).stdout) as { id: number }[];
    expect((await cli(a, 'dead-letters', 'discard', String(letter!.id))).stdout).toBe('Discarded 1 dead letter.\n');
    expect((await cli(a, 'dead-letters', 'list')).stdout).toBe('No dead letters.\n');
    expect((await cli(a, 'dead-letters', 'replay', '../1')).stderr).toMatch(/is not a dead letter id/);
    expect((await cli(a, 'dead-letters', 'replay')).stderr).toMatch(/--all/);
    expect((await cli(a, 'send', 'no recipient')).stderr).toMatch(/--to PEER/);
    expect((await cli(a, 'send', '--to', 'nobody', 'x')).stderr).toMatch(/There is no peer "nobody"/);
  });
});
