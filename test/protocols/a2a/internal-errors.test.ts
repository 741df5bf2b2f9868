import { describe, expect, it } from 'vitest';
import type { SwitchboardNode } from '../../../src/main/core/node';
import { useTestNodes } from '../../helpers/test-node';

/** What an exception's own words look like: none of it may reach a caller (issue 16: -32603 carried them). */
const EXCEPTION_TEXT = /is not a function|Cannot read|undefined|Maximum call stack|TypeError|RangeError|\bat [\w.]+ \(/;

describe('A2A: internal failures answer in JSON-RPC without the exception’s text', () => {
  const nodes = useTestNodes();

  const rpc = async (node: SwitchboardNode, key: string, body: string, version: '1.0' | null) => {
    const response = await fetch(`http://127.0.0.1:${node.port}/a2a`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...(version ? { 'a2a-version': version } : {}) },
      body,
    });
    return { status: response.status, body: (await response.json()) as { jsonrpc?: string; error?: { code: number; message: string } } };
  };

  it.each([
    ['message.metadata nested 3,000 levels', null, `{"jsonrpc":"2.0","id":1,"method":"message/send","params":{"message":{"kind":"message","messageId":"m1","role":"user","parts":[{"kind":"text","text":"hi"}],"metadata":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}}}`],
    ['tasks/get with an object id', null, '{"jsonrpc":"2.0","id":2,"method":"tasks/get","params":{"id":{}}}'],
    ['push-config set with empty params (0.3)', null, '{"jsonrpc":"2.0","id":3,"method":"tasks/pushNotificationConfig/set","params":{}}'],
    ['push-config set with empty params (1.0)', '1.0', '{"jsonrpc":"2.0","id":4,"method":"CreateTaskPushNotificationConfig","params":{}}'],
    ['parts: [null] (0.3)', null, '{"jsonrpc":"2.0","id":5,"method":"message/send","params":{"message":{"kind":"message","messageId":"m2","role":"user","parts":[null]}}}'],
    ['parts: [null] (1.0)', '1.0', '{"jsonrpc":"2.0","id":6,"method":"SendMessage","params":{"message":{"messageId":"m3","role":"ROLE_USER","parts":[null]}}}'],
  ] as const)('%s', async (_name, version, body) => {
    const node = await nodes.start();
    const { key } = (await node.api.call('keys.generate', { label: 'hostile' })) as { key: string };
    const answer = await rpc(node, key, body, version);
    expect(answer.body.jsonrpc).toBe('2.0');
    expect(answer.body.error?.code).toEqual(expect.any(Number));
    expect(answer.body.error?.message ?? '').not.toMatch(EXCEPTION_TEXT);
    expect((await fetch(`http://127.0.0.1:${node.port}/health`)).status).toBe(200);
  });
});
