import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SwitchboardNode } from '../../src/main/core/node';
import { formatBytes } from '../../src/shared/domain/attachment';
import type { MessageSummary } from '../../src/shared/domain/message';
import { sdkClient, sendParams, textPart, userMessage, useSdkPeers } from '../helpers/a2a';
import { cli } from '../helpers/cli';
import { inbound, untilFinal, waitFor } from '../helpers/linked-nodes';
import { publicUrl, useTestNodes } from '../helpers/test-node';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360f8cf00000301010018dd8db40000000049454e44ae426082', 'hex');

const nodes = useTestNodes();
const sdkPeer = useSdkPeers();
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** Node `to` accepts `from`'s calls with a key; `from` has `to` as an A2A peer named "b". */
async function linkA2a(from: SwitchboardNode, to: SwitchboardNode) {
  const { key } = (await to.api.call('keys.generate', { label: 'a' })) as { key: string };
  await from.api.call('peers.add', { name: 'b', baseUrl: publicUrl(to), protocol: 'a2a', outboundSecret: key });
}

async function outbound(node: SwitchboardNode): Promise<MessageSummary[]> {
  return ((await node.api.call('messages.list', { direction: 'out' })) as { messages: MessageSummary[] }).messages;
}

/** Files written under a folder, by name. */
function filesIn(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

describe('switchboard send --file / --data and messages attachments', () => {
  it('sends a 3 MB file, a PNG and data without text; the receiver lists them with hashes and saves the exact bytes', async () => {
    const alice = await nodes.start({ name: 'alice' });
    const bob = await nodes.start({ name: 'bob' });
    await linkA2a(alice, bob);
    const dir = nodes.tempDir();
    const report = randomBytes(3 * 1024 * 1024);
    Buffer.from('%PDF-1.7\n').copy(report);
    writeFileSync(join(dir, 'report.pdf'), report);
    writeFileSync(join(dir, 'pixel.png'), PNG);
    writeFileSync(join(dir, 'invoice.json'), '{"invoice":42,"lines":[{"sku":"A-1","qty":2}]}');

    const sent = await cli(alice, 'send', '--to', 'b', '--file', join(dir, 'report.pdf'), '--file', join(dir, 'pixel.png'), '--data', `@${join(dir, 'invoice.json')}`, '--wait');
    expect(sent).toMatchObject({ code: 0, stderr: '' });
    expect(sent.stdout).toMatch(/^\S+\nDelivered to b after 1 attempt\.\n$/);

    const [received] = await waitFor(() => inbound(bob), (list) => list.length === 1);
    const detail = (await bob.api.call('messages.get', { id: received!.id })) as { parts: { kind: string; data?: unknown }[] };
    expect(detail.parts.find((part) => part.kind === 'data')?.data).toEqual({ invoice: 42, lines: [{ sku: 'A-1', qty: 2 }] });

    const listed = await cli(bob, 'messages', 'attachments', String(received!.id), '--json');
    expect(listed.code).toBe(0);
    const files = JSON.parse(listed.stdout) as Record<string, unknown>[];
    expect(files).toEqual([
      { id: expect.any(Number), name: 'report.pdf', mediaType: 'application/pdf', size: report.length, sha256: sha256(report), url: null, stored: true },
      { id: expect.any(Number), name: 'pixel.png', mediaType: 'image/png', size: PNG.length, sha256: sha256(PNG), url: null, stored: true },
    ]);
    const table = await cli(bob, 'messages', 'attachments', String(received!.id));
    expect(table.stdout).toMatch(/ID\s+NAME\s+TYPE\s+SIZE\s+SHA256/);
    expect(table.stdout).toMatch(new RegExp(`report\\.pdf\\s+application/pdf\\s+3\\.0 MB\\s+${sha256(report)}`));

    const out = join(nodes.tempDir(), 'saved');
    const saved = await cli(bob, 'messages', 'attachments', String(received!.id), '--save', out);
    expect(saved.code).toBe(0);
    expect(saved.stdout).toContain(`Saved report.pdf (3.0 MB) to ${join(out, 'report.pdf')}\n`);
    expect(sha256(readFileSync(join(out, 'report.pdf')))).toBe(sha256(report));
    expect(readFileSync(join(out, 'pixel.png')).equals(PNG)).toBe(true);
    expect(statSync(join(out, 'report.pdf')).mode & 0o777).toBe(0o600);
    // Saving again never overwrites: the second copies are numbered.
    expect((await cli(bob, 'messages', 'attachments', String(received!.id), '--save', out)).code).toBe(0);
    expect(filesIn(out)).toEqual(['pixel (2).png', 'pixel.png', 'report (2).pdf', 'report.pdf']);

    // The CSV export names the files in its last column.
    const csv = await cli(bob, 'messages', 'export', '--format', 'csv');
    const [header, line] = csv.stdout.split('\r\n');
    expect(header!.endsWith(',content,attachments')).toBe(true);
    expect(line).toContain(`report.pdf (application/pdf, ${report.length} bytes, sha256 ${sha256(report)}); pixel.png (image/png, ${PNG.length} bytes, sha256 ${sha256(PNG)})`);
    expect(JSON.parse((await cli(bob, 'messages', 'export')).stdout.trim()).attachments).toHaveLength(2);
  });

  it('refuses a missing file, a folder, bad JSON and an over-limit file before anything is queued', async () => {
    const alice = await nodes.start({ name: 'alice' });
    const bob = await nodes.start({ name: 'bob' });
    await linkA2a(alice, bob);
    const dir = nodes.tempDir();
    writeFileSync(join(dir, 'ok.txt'), 'fine');

    const missing = await cli(alice, 'send', '--to', 'b', '--file', join(dir, 'ok.txt'), '--file', join(dir, 'nope.pdf'), 'hello');
    expect(missing).toMatchObject({ code: 1, stderr: `switchboard: --file ${join(dir, 'nope.pdf')}: there is no such file.\n` });
    expect((await cli(alice, 'send', '--to', 'b', '--file', dir)).stderr).toMatch(/is a directory; give files/);
    const badJson = await cli(alice, 'send', '--to', 'b', '--data', '{invoice: 42}', 'hello');
    expect(badJson.code).toBe(1);
    expect(badJson.stderr).toMatch(/^switchboard: --data is not valid JSON \(.*\)\. Give JSON, e\.g\. --data '\{"invoice":42\}', or --data @invoice\.json\.\n$/);
    expect((await cli(alice, 'send', '--to', 'b', '--data', `@${join(dir, 'none.json')}`)).stderr).toMatch(/--data @.*none\.json: there is no such file/);
    expect((await cli(alice, 'send', '--to', 'b')).stderr).toMatch(/Give the message text .* or --file \/ --data/);

    // Over the node's own limit: the node names the file and queues nothing.
    await alice.api.call('settings.update', { a2a: { attachments: { maxPartBytes: 64 * 1024, maxMessageBytes: 10 * 1024 * 1024 } } });
    writeFileSync(join(dir, 'big.bin'), randomBytes(65 * 1024));
    const big = await cli(alice, 'send', '--to', 'b', '--file', join(dir, 'big.bin'), 'too big');
    expect(big).toMatchObject({ code: 1, stderr: `switchboard: big.bin is ${formatBytes(65 * 1024)}; files may be up to ${formatBytes(64 * 1024)} each.\n` });
    // Over what any node takes: refused from its size alone (the file is sparse: nothing is read).
    writeFileSync(join(dir, 'huge.iso'), '');
    truncateSync(join(dir, 'huge.iso'), 26 * 1024 * 1024);
    expect((await cli(alice, 'send', '--to', 'b', '--file', join(dir, 'huge.iso'))).stderr).toMatch(/huge\.iso is 26\.0 MB; no node takes files over 25\.0 MB/);
    expect(await outbound(alice)).toEqual([]);
    expect(await inbound(bob)).toEqual([]);
  });

  it("warns when the peer's card does not list a file's type, and sends it anyway", async () => {
    const node = await nodes.start();
    const agent = await sdkPeer({ streaming: false });
    await node.api.call('peers.add', { name: 'echo', baseUrl: agent.url, protocol: 'a2a' });
    const dir = nodes.tempDir();
    writeFileSync(join(dir, 'pixel.png'), PNG);
    writeFileSync(join(dir, 'notes.txt'), 'plain words');

    const sent = await cli(node, 'send', '--to', 'echo', '--file', join(dir, 'pixel.png'), '--file', join(dir, 'notes.txt'), '--data', '{"n":1}', 'see attached');
    expect(sent.code).toBe(0);
    // The SDK agent's card takes text/plain only.
    expect(sent.stderr).toBe(
      "Warning: echo's card does not list image/png among the types it takes (text/plain); pixel.png is sent anyway.\n" +
        "Warning: echo's card does not list application/json among the types it takes (text/plain); the --data JSON is sent anyway.\n",
    );
    const [message] = await outbound(node);
    expect((await untilFinal(node, message!.id)).status).toBe('delivered');
    const body = agent.requests.find((request) => request.body.method === 'SendMessage')!.body as { params: { message: { parts: Record<string, unknown>[] } } };
    expect(body.params.message.parts).toEqual([
      expect.objectContaining({ text: 'see attached' }),
      expect.objectContaining({ raw: PNG.toString('base64'), filename: 'pixel.png', mediaType: 'image/png' }),
      expect.objectContaining({ raw: Buffer.from('plain words').toString('base64'), filename: 'notes.txt', mediaType: 'text/plain' }),
      expect.objectContaining({ data: { n: 1 } }),
    ]);
  });

  it('saves a peer\'s "../../evil" inside DIR only, never over what is there, and fetches URL files only with --fetch', async () => {
    const node = await nodes.start();
    const { key } = (await node.api.call('keys.generate', { label: 'sdk' })) as { key: string };
    const fileServer = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/plain' }).end('remote file body'));
    servers.push(fileServer);
    await new Promise<void>((resolve) => fileServer.listen(0, '127.0.0.1', resolve));
    const remote = `http://127.0.0.1:${(fileServer.address() as AddressInfo).port}/notes/today.txt`;
    const evil = Buffer.from('not what it claims');
    const client = await sdkClient(node, key);
    await client.sendMessage(
      sendParams(
        {
          ...userMessage('files'),
          parts: [
            textPart('files'),
            { content: { $case: 'raw', value: evil }, mediaType: 'text/plain', filename: '../../evil', metadata: undefined },
            { content: { $case: 'url', value: remote }, mediaType: 'text/plain', filename: '', metadata: undefined },
            { content: { $case: 'url', value: 'http://169.254.169.254/latest/meta-data/iam' }, mediaType: 'text/plain', filename: 'creds', metadata: undefined },
          ],
        },
        { returnImmediately: true },
      ),
    );
    const [received] = await waitFor(() => inbound(node), (list) => list.length === 1);
    const id = String(received!.id);

    const table = await cli(node, 'messages', 'attachments', id);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`not fetched: ${remote}`);
    expect(table.stdout).toContain('Files at a URL are fetched only when you ask: add --fetch.');

    // A symlink planted where the file would go is not followed: the save takes the next name.
    const root = nodes.tempDir();
    const out = join(root, 'out');
    mkdirSync(out);
    writeFileSync(join(root, 'target'), 'untouched');
    symlinkSync(join(root, 'target'), join(out, 'evil'));
    const saved = await cli(node, 'messages', 'attachments', id, '--save', out);
    expect(saved.code).toBe(1);
    expect(saved.stdout).toContain(`Saved evil (18 B) to ${join(out, 'evil (2)')}\n`);
    expect(saved.stdout).toContain(`Skipped today.txt: it is at ${remote} and was not fetched; fetch it first with --fetch.\n`);
    expect(saved.stderr).toBe('switchboard: 2 of 3 files were not saved.\n');
    expect(readFileSync(join(out, 'evil (2)')).equals(evil)).toBe(true);
    expect(readFileSync(join(root, 'target'), 'utf8')).toBe('untouched');
    expect(filesIn(root)).toEqual(['out', 'target']);
    expect(filesIn(out)).toEqual(['evil', 'evil (2)']);

    const fetched = await cli(node, 'messages', 'attachments', id, '--save', out, '--fetch', '--json');
    expect(fetched.code).toBe(1);
    const rows = JSON.parse(fetched.stdout) as { name: string; stored: boolean; sha256: string | null; savedTo: string | null }[];
    expect(rows.map((row) => [row.name, row.stored, row.savedTo])).toEqual([
      ['evil', true, join(out, 'evil (3)')],
      ['today.txt', true, join(out, 'today.txt')],
      ['creds', false, null],
    ]);
    expect(rows[1]!.sha256).toBe(sha256(Buffer.from('remote file body')));
    expect(readFileSync(join(out, 'today.txt'), 'utf8')).toBe('remote file body');
    expect(fetched.stderr).toMatch(/Not fetched: .*metadata or link-local address/);
    expect(fetched.stderr).toMatch(/switchboard: 1 of 3 files was not saved\.\n$/);
    expect(filesIn(root)).toEqual(['out', 'target']);

    expect((await cli(node, 'messages', 'attachments', '999')).stderr).toMatch(/There is no message 999/);
    expect((await cli(node, 'messages', 'attachments', '../1')).code).toBe(1);
  });
});
