import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MessageSummary } from '../../../../src/shared/domain/message';
import { untilFinal } from '../../../helpers/linked-nodes';
import { useTestNodes } from '../../../helpers/test-node';
import { PYTHON, requirePythonCrypto } from './python-peer';

describe('interop: this node sends to a Python receiver built from the seed’s decrypt code', () => {
  const nodes = useTestNodes();
  const children: ChildProcess[] = [];
  beforeAll(() => requirePythonCrypto());
  afterEach(() => children.splice(0).forEach((child) => child.kill()));

  async function pythonPeer(dir: string) {
    const keyFile = join(dir, 'aes256.key');
    const log = join(dir, 'received.jsonl');
    const key = randomBytes(32).toString('hex');
    writeFileSync(keyFile, `${key}\n`);
    writeFileSync(log, '');
    const child = spawn(PYTHON, [resolve('test/protocols/secure/interop/python/seed_server.py'), 'py-secret-2026', keyFile, log], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    const port = await new Promise<number>((resolvePort, reject) => {
      child.stdout!.once('data', (chunk: Buffer) => resolvePort(Number(/PORT (\d+)/.exec(String(chunk))?.[1])));
      child.once('exit', (code) => reject(new Error(`python server exited ${code}`)));
    });
    return { port, key, received: () => readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>) };
  }

  it('delivers plaintext and encrypted messages that the Python code decrypts', async () => {
    const node = await nodes.start({ name: 'ts-sender' });
    const py = await pythonPeer(node.config.dataDir);
    await node.api.call('peers.add', { name: 'python', baseUrl: `http://127.0.0.1:${py.port}`, outboundSecret: 'py-secret-2026', aesKey: py.key });
    const plain = (await node.api.call('messages.send', { peer: 'python', text: 'plain hello ✓', traceId: 'to-py-1' })) as MessageSummary;
    const sealed = (await node.api.call('messages.send', { peer: 'python', text: 'sealed hello — ünïcödé', encrypt: true, traceId: 'to-py-2' })) as MessageSummary;
    expect((await untilFinal(node, plain.id)).delivery?.response).toEqual({ status: 'OK', from: 'PythonPeer', wake: true, version: '2.5', schema_version: '2.4', trace_id: 'to-py-1' });
    expect((await untilFinal(node, sealed.id)).status).toBe('delivered');
    expect(py.received()).toEqual([
      { text: 'plain hello ✓', encrypted: false, trace_id: 'to-py-1', idempotency_key: plain.idempotencyKey, sender: 'ts-sender', schema_version: '2.4', wake: true },
      { text: 'sealed hello — ünïcödé', encrypted: true, trace_id: 'to-py-2', idempotency_key: sealed.idempotencyKey, sender: 'ts-sender', schema_version: '2.4', wake: true },
    ]);
  });

  it('dead-letters at once when the Python receiver refuses the secret', async () => {
    const node = await nodes.start();
    const py = await pythonPeer(node.config.dataDir);
    await node.api.call('peers.add', { name: 'python', baseUrl: `http://127.0.0.1:${py.port}`, outboundSecret: 'wrong-secret' });
    const sent = (await node.api.call('messages.send', { peer: 'python', text: 'x' })) as MessageSummary;
    const final = await untilFinal(node, sent.id);
    expect(final).toMatchObject({ status: 'dead', attempts: [expect.objectContaining({ statusCode: 401 })] });
    expect(py.received()).toEqual([]);
  });
});
