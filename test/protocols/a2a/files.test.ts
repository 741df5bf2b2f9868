import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { AttachmentInfo } from '../../../src/shared/domain/attachment';
import type { MessageSummary } from '../../../src/shared/domain/message';
import type { SwitchboardNode } from '../../../src/main/core/node';
import { sdkClient, sendParams, textPart, useSdkPeers } from '../../helpers/a2a';
import { inbound, untilFinal, waitFor } from '../../helpers/linked-nodes';
import { callControl, publicUrl, useTestNodes } from '../../helpers/test-node';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A "PDF" of the given size: the header a reader looks for, then noise. */
function pdf(size: number): Buffer {
  const bytes = randomBytes(size);
  Buffer.from('%PDF-1.7\n').copy(bytes);
  return bytes;
}
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360f8cf00000301010018dd8db40000000049454e44ae426082', 'hex');

const nodes = useTestNodes();
const sdkPeer = useSdkPeers();

/** Node `to` accepts `from`'s calls with a key; `from` has `to` as an A2A peer named "b" holding that key. */
async function linkA2a(from: SwitchboardNode, to: SwitchboardNode) {
  const { key } = (await to.api.call('keys.generate', { label: 'a' })) as { key: string };
  await from.api.call('peers.add', { name: 'b', baseUrl: publicUrl(to), protocol: 'a2a', outboundSecret: key });
  return key;
}

async function download(node: SwitchboardNode, id: number) {
  const response = await fetch(`${node.control.url}/api/attachments/${id}/content`, { headers: { authorization: `Bearer ${node.control.token}` } });
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('A2A files and data between two nodes', () => {
  it('a 3 MB PDF, a PNG and a data part arrive intact, are listed with their hashes and download as attachments', async () => {
    const alice = await nodes.start({ name: 'alice' });
    const bob = await nodes.start({ name: 'bob' });
    await linkA2a(alice, bob);
    const report = pdf(3 * 1024 * 1024);
    const sent = (await alice.api.call('messages.send', {
      peer: 'b',
      text: 'the report and a picture',
      attachments: [
        { name: 'report.pdf', mediaType: 'application/pdf', base64: report.toString('base64') },
        { name: 'pixel.png', mediaType: 'image/png', base64: PNG.toString('base64') },
      ],
      data: { invoice: 42, lines: [{ sku: 'A-1', qty: 2 }] },
    })) as MessageSummary;
    expect(sent.attachments.map((a) => [a.name, a.size, a.sha256])).toEqual([
      ['report.pdf', report.length, sha256(report)],
      ['pixel.png', PNG.length, sha256(PNG)],
    ]);
    expect((await untilFinal(alice, sent.id)).status).toBe('delivered');

    const [received] = await waitFor(() => inbound(bob), (list) => list.length === 1);
    expect(received!.attachments.map((a) => ({ name: a.name, mediaType: a.mediaType, size: a.size, sha256: a.sha256, stored: a.stored }))).toEqual([
      { name: 'report.pdf', mediaType: 'application/pdf', size: report.length, sha256: sha256(report), stored: true },
      { name: 'pixel.png', mediaType: 'image/png', size: PNG.length, sha256: sha256(PNG), stored: true },
    ]);
    const detail = (await bob.api.call('messages.get', { id: received!.id })) as { content: string; parts: { kind: string; data?: unknown }[]; raw: unknown };
    expect(detail.content).toContain('the report and a picture');
    expect(detail.parts.find((part) => part.kind === 'data')?.data).toEqual({ invoice: 42, lines: [{ sku: 'A-1', qty: 2 }] });
    // The stored envelope describes the bytes; it does not hold a second copy of them.
    expect(JSON.stringify(detail.raw).length).toBeLessThan(10_000);

    const pdfInfo = received!.attachments[0]!;
    const { response, bytes } = await download(bob, pdfInfo.id);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(sha256(bytes)).toBe(sha256(report));
    const content = (await bob.api.call('attachments.content', { id: received!.attachments[1]!.id })) as { base64: string };
    expect(Buffer.from(content.base64, 'base64').equals(PNG)).toBe(true);

    // The export names the files.
    const exported = (await bob.api.call('messages.export', {})) as { rows: { attachments: unknown[] }[] };
    expect(exported.rows[0]!.attachments).toEqual([
      { name: 'report.pdf', mediaType: 'application/pdf', size: report.length, sha256: sha256(report), url: null },
      { name: 'pixel.png', mediaType: 'image/png', size: PNG.length, sha256: sha256(PNG), url: null },
    ]);
  });

  it('the sender refuses an over-limit file before queueing, naming it; the receiver refuses one with -32602', async () => {
    const alice = await nodes.start({ name: 'alice' });
    const bob = await nodes.start({ name: 'bob' });
    const key = await linkA2a(alice, bob);
    await alice.api.call('settings.update', { a2a: { attachments: { maxPartBytes: 64 * 1024, maxMessageBytes: 100 * 1024 } } });

    const big = randomBytes(65 * 1024).toString('base64');
    const refused = await callControl(alice, 'messages.send', { peer: 'b', text: 'too big', attachments: [{ name: 'big.bin', base64: big }] });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/big\.bin is 65 KB; files may be up to 64 KB each/);
    expect(refused.body.fields).toEqual([{ path: 'attachments.0', message: expect.stringContaining('over the 64 KB limit') }]);
    const together = await callControl(alice, 'messages.send', {
      peer: 'b',
      text: '',
      attachments: [
        { name: 'one.bin', base64: randomBytes(60 * 1024).toString('base64') },
        { name: 'two.bin', base64: randomBytes(60 * 1024).toString('base64') },
      ],
    });
    expect(together.status).toBe(400);
    expect(together.body.message).toMatch(/The files come to 120 KB; one message may carry up to 100 KB/);
    expect(((await alice.api.call('messages.list', {})) as { messages: unknown[] }).messages).toHaveLength(0);

    // At the receiver: bob keeps the default per-file limit lowered too, and an SDK client sends past it.
    await bob.api.call('settings.update', { a2a: { attachments: { maxPartBytes: 64 * 1024, maxMessageBytes: 10 * 1024 * 1024 } } });
    for (const legacy of [false, true]) {
      const part = legacy ? { kind: 'file', file: { name: 'big.bin', mimeType: 'application/octet-stream', bytes: big } } : { raw: big, filename: 'big.bin', mediaType: 'application/octet-stream' };
      const message = legacy ? { kind: 'message', messageId: `m-${legacy}`, role: 'user', parts: [part] } : { messageId: `m-${legacy}`, role: 'ROLE_USER', parts: [part] };
      const response = await fetch(publicUrl(bob, '/a2a'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...(legacy ? {} : { 'a2a-version': '1.0' }) },
        body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: legacy ? 'message/send' : 'SendMessage', params: { message } }),
      });
      const body = (await response.json()) as { id: unknown; error: { code: number; message: string } };
      expect(body.id).toBe(7);
      expect(body.error.code).toBe(-32602);
      expect(body.error.message).toMatch(/params\.message\.parts\[0\] \(big\.bin\) is 65 KB; this node accepts files up to 64 KB each/);
    }
    expect(await inbound(bob)).toHaveLength(0);
  });

  it('files go only to peers whose protocol carries them', async () => {
    const alice = await nodes.start({ name: 'alice' });
    await alice.api.call('peers.add', { name: 's', baseUrl: 'http://127.0.0.1:9', protocol: 'secure', outboundSecret: 'x'.repeat(24) });
    const refused = await callControl(alice, 'messages.send', { peer: 's', text: 'hi', attachments: [{ name: 'a.txt', base64: 'aGk=' }] });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/s is a a2a-secure peer; those take text only/);
    const empty = await callControl(alice, 'messages.send', { peer: 's', text: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.fields).toEqual([{ path: 'text', message: 'must not be empty' }]);
  });
});

describe('A2A files from an SDK agent', () => {
  it('an SDK client sends raw and url parts; the url is fetched only when the operator asks, and never from a metadata address', async () => {
    const node = await nodes.start();
    const { key } = (await node.api.call('keys.generate', { label: 'sdk' })) as { key: string };
    let hits = 0;
    const files = createServer((_request, response) => {
      hits += 1;
      response.writeHead(200, { 'content-type': 'text/plain' }).end('remote file body');
    });
    servers.push(files);
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    const filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}/notes/today.txt`;

    const client = await sdkClient(node, key);
    const message = {
      ...(await import('../../helpers/a2a')).userMessage('files for you'),
      parts: [
        textPart('files for you'),
        { content: { $case: 'raw' as const, value: Buffer.from('hello bytes') }, mediaType: 'text/plain', filename: '../../etc/passwd', metadata: undefined },
        { content: { $case: 'url' as const, value: filesUrl }, mediaType: 'text/plain', filename: '', metadata: undefined },
        { content: { $case: 'url' as const, value: 'http://169.254.169.254/latest/meta-data/iam' }, mediaType: 'text/plain', filename: 'creds', metadata: undefined },
        { content: { $case: 'data' as const, value: { ok: true } as never }, mediaType: 'application/json', filename: '', metadata: undefined },
      ],
    };
    await client.sendMessage(sendParams(message, { returnImmediately: true }));
    const [received] = await waitFor(() => inbound(node), (list) => list.length === 1);
    const attachments = received!.attachments as AttachmentInfo[];
    expect(attachments.map((a) => [a.name, a.stored, a.url])).toEqual([
      ['passwd', true, null],
      ['today.txt', false, filesUrl],
      ['creds', false, 'http://169.254.169.254/latest/meta-data/iam'],
    ]);
    expect(hits).toBe(0);

    const notFetched = await callControl(node, 'attachments.content', { id: attachments[1]!.id });
    expect(notFetched.status).toBe(409);
    const fetched = (await node.api.call('attachments.fetch', { id: attachments[1]!.id })) as AttachmentInfo;
    expect(fetched).toMatchObject({ stored: true, size: 16, sha256: sha256(Buffer.from('remote file body')) });
    expect(hits).toBe(1);
    const again = (await node.api.call('attachments.fetch', { id: attachments[1]!.id })) as AttachmentInfo;
    expect(again.stored).toBe(true);
    expect(hits).toBe(1);

    const metadata = await callControl(node, 'attachments.fetch', { id: attachments[2]!.id });
    expect(metadata.status).toBe(503);
    expect(metadata.body.message).toMatch(/metadata or link-local address; files are never fetched from it/);
    const row = (await node.api.call('messages.get', { id: received!.id })) as MessageSummary;
    expect(row.attachments[2]!.stored).toBe(false);
  });

  it('a 0.3 caller\'s file part (file.bytes) is kept like a 1.0 one', async () => {
    const node = await nodes.start();
    const { key } = (await node.api.call('keys.generate', { label: 'old' })) as { key: string };
    const bytes = randomBytes(5000);
    const response = await fetch(publicUrl(node, '/a2a'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'message/send',
        params: { message: { kind: 'message', messageId: 'm-03', role: 'user', parts: [{ kind: 'text', text: 'old style' }, { kind: 'file', file: { name: 'scan.jpg', mimeType: 'image/jpeg', bytes: bytes.toString('base64') } }] }, configuration: { blocking: false } },
      }),
    });
    expect(((await response.json()) as { result?: unknown }).result).toBeDefined();
    const [received] = await waitFor(() => inbound(node), (list) => list.length === 1);
    expect(received!.attachments).toEqual([expect.objectContaining({ name: 'scan.jpg', mediaType: 'image/jpeg', size: 5000, sha256: sha256(bytes), stored: true })]);
  });

  it('an SDK agent receives the text, the file bytes and the data as 1.0 parts', async () => {
    const node = await nodes.start();
    const peer = await sdkPeer({ streaming: false });
    await node.api.call('peers.add', { name: 'echo', baseUrl: peer.url, protocol: 'a2a' });
    const file = randomBytes(2048);
    const sent = (await node.api.call('messages.send', { peer: 'echo', text: 'here is data', data: { n: 1 }, attachments: [{ name: 'x.bin', base64: file.toString('base64') }] })) as MessageSummary;
    expect((await untilFinal(node, sent.id)).status).toBe('delivered');
    // What the SDK agent received: the text, the file's bytes and the data, as 1.0 parts.
    const body = peer.requests.find((request) => request.body.method === 'SendMessage')!.body as { params: { message: { parts: Record<string, unknown>[] } } };
    expect(body.params.message.parts).toEqual([
      expect.objectContaining({ text: 'here is data' }),
      expect.objectContaining({ raw: file.toString('base64'), filename: 'x.bin', mediaType: 'application/octet-stream' }),
      expect.objectContaining({ data: { n: 1 }, mediaType: 'application/json' }),
    ]);
    // The drawer's "sent as" shows the envelope without repeating the bytes.
    const detail = (await node.api.call('messages.get', { id: sent.id })) as { sentAs: { envelope: unknown } };
    expect(JSON.stringify(detail.sentAs.envelope)).toContain('<2048 bytes, kept as an attachment>');
    expect(JSON.stringify(detail.sentAs.envelope)).not.toContain(file.toString('base64').slice(0, 100));
  });
});
