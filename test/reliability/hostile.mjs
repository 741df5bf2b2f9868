// Hostile input: a seeded generator of malformed requests across every public endpoint, both WebSocket
// endpoints and the control API, sent over raw sockets (node:net) so nothing on the client side tidies them up.
// Every answer must be a 2xx (the input happened to be valid), 3xx, 4xx, or 429/503 where a limit or gate says
// so; any other 5xx fails the run. Answers are also checked for internal detail (exception text, stacks) and,
// for protocol routes, for the protocol's own error shape (reported, so the lead sees them).
import { randomBytes } from 'node:crypto';
import { httpRequest, rawExchange, rssMb, sleep } from './lib.mjs';

const CONCURRENCY = 12;
const LEAK = /is not a function|Maximum call stack|Cannot read propert|Unexpected token|SqliteError|TypeError|RangeError|ReferenceError|\n\s+at [\w.<>]+ \(|node_modules/;

const PATH_IDS = [
  '../../etc/passwd',
  '..%2f..%2fcontrol.json',
  '%2e%2e%2f%2e%2e%2fswitchboard.db',
  '....//....//vault.key',
  '%00',
  'a%00b',
  '%ff%fe',
  '%',
  '%zz',
  'con',
  'C:%5cwindows%5csystem32',
  '%E2%80%AE',
  '~root',
  '%2F',
  'x'.repeat(3000),
  '1e999',
  '-1',
  '0',
  '9007199254740993',
  '<script>',
  '%F0%9F%92%A3',
];

const A2A_METHODS_03 = ['message/send', 'message/stream', 'tasks/get', 'tasks/cancel', 'tasks/resubscribe', 'tasks/pushNotificationConfig/set', 'tasks/pushNotificationConfig/get', 'tasks/pushNotificationConfig/list', 'tasks/pushNotificationConfig/delete', 'agent/getAuthenticatedExtendedCard', 'nope/nothing', ''];
const A2A_METHODS_10 = ['SendMessage', 'SendStreamingMessage', 'GetTask', 'ListTasks', 'CancelTask', 'SubscribeToTask', 'CreateTaskPushNotificationConfig', 'GetTaskPushNotificationConfig', 'ListTaskPushNotificationConfig', 'DeleteTaskPushNotificationConfig', 'GetExtendedAgentCard', 'message/send'];

/** Control methods whose valid-JSON garbage is harmless (they read, or refuse anything malformed). */
const SAFE_CONTROL = ['node.status', 'peers.list', 'peers.get', 'messages.list', 'messages.get', 'messages.export', 'deadLetters.list', 'outbox.list', 'audit.list', 'settings.get', 'keys.list', 'approvals.list', 'approvals.get', 'conversations.list', 'metrics.dashboard', 'protocols.list', 'invites.list', 'inspector.watches', 'inspector.exchanges', 'chat.status', 'attachments.content', 'messages.attachments', 'backups.list'];
/** Methods that change things: only bodies that cannot parse reach them. */
const MUTATING_CONTROL = ['peers.add', 'messages.send', 'settings.update', 'deadLetters.replay', 'peers.remove', 'keys.generate', 'approvals.decide'];

export async function hostilePhase({ rng, node, total, slowClients, log, a2aKey, secureSecret, chatKey }) {
  const result = { requests: 0, fiveXx: 0, crashes: 0, noAnswer: 0, timedOut: 0, leaks: 0, shape: 0, statuses: {}, samples: [], leakSamples: [], shapeSamples: [], noAnswerSamples: [], slow: [], held: 0, heldSamples: [], upstream: 0, resetWhileWriting: 0, sseDropped: 0 };
  const gen = createGenerator(rng, { a2aKey, secureSecret, chatKey, control: node.control });

  const record = (testCase, answer) => {
    result.requests += 1;
    const key = answer.status === null ? (answer.timedOut ? 'timeout' : 'none') : String(answer.status);
    result.statuses[key] = (result.statuses[key] ?? 0) + 1;
    const label = `${testCase.label} [${testCase.method} ${testCase.path.slice(0, 80)}]`;
    if (answer.status === null) {
      // A large request refused early (431, 413) is closed while the client still writes: the kernel resets the
      // connection and the answer may be lost on the client's side. Counted, not failed.
      const requestBytes = Array.isArray(testCase.request) ? 0 : testCase.request.length;
      if (!answer.timedOut && requestBytes > 64 * 1024 && (answer.error === 'ECONNRESET' || answer.error === 'EPIPE')) {
        result.resetWhileWriting += 1;
        return;
      }
      if (testCase.mayDrop) {
        // Bytes that are not HTTP may be dropped unanswered; but a socket held open past the timeout is a slow-client hole.
        if (answer.timedOut && result.heldSamples.length < 8) result.heldSamples.push(`${label} held open for ${(answer.elapsedMs / 1000).toFixed(0)} s without an answer; request ${printable(testCase.request)}`);
        if (answer.timedOut) result.held += 1;
        return;
      }
      if (answer.timedOut) result.timedOut += 1;
      else result.noAnswer += 1;
      if (result.noAnswerSamples.length < 8) result.noAnswerSamples.push(`${label} → ${answer.timedOut ? 'no answer in time' : `closed without an answer${answer.error ? ` (${answer.error})` : ''}`}; request ${printable(testCase.request)}`);
      return;
    }
    // a2a-secure's fetch_ref makes the node a gateway to the sender's own origin: when that origin fails, 502
    // fetch_ref_failed names the upstream's failure (tested in test/protocols/secure/blobs.test.ts), not ours.
    if (answer.status === 502 && testCase.label.startsWith('secure') && answer.body.includes('"error":"fetch_ref_failed"')) {
      result.upstream += 1;
      return;
    }
    if (answer.status >= 500 && answer.status !== 503) {
      result.fiveXx += 1;
      if (result.samples.length < 12) result.samples.push(`${label} → ${answer.status} ${answer.body.slice(0, 300)}; request ${printable(testCase.request)}`);
    }
    if (/content-type:\s*text\/event-stream/i.test(answer.head)) result.sseDropped += 1;
    if (LEAK.test(answer.body)) {
      result.leaks += 1;
      if (result.leakSamples.length < 8) result.leakSamples.push(`${label} → ${answer.status} ${answer.body.slice(0, 300)}; request ${printable(testCase.request)}`);
    }
    // Node's parser refusals (bad header bytes, too many headers) come before any route: no protocol shapes them.
    const beforeRouting = answer.body.includes('"message":"Client Error"');
    const problem = beforeRouting ? null : testCase.expect?.(answer);
    if (problem) {
      result.shape += 1;
      if (result.shapeSamples.length < 12) result.shapeSamples.push(`${label} → ${answer.status}: ${problem}; ${answer.body.slice(0, 160)}; request ${printable(testCase.request)}`);
    }
  };

  const rssBefore = rssMb(node.pid);
  const slow = Array.from({ length: slowClients }, (_, i) => {
    const testCase = gen.slow(i);
    return rawExchange(testCase.port === 'control' ? node.control.port : node.port, testCase.request, { timeoutMs: 45_000, trickle: testCase.trickle }).then((answer) => {
      record(testCase, answer);
      result.slow.push(`${testCase.label} on ${testCase.path}: ${answer.status ?? (answer.timedOut ? 'still open' : 'closed')} after ${(answer.elapsedMs / 1000).toFixed(1)} s`);
    });
  });

  let issued = 0;
  let done = 0;
  const started = Date.now();
  const worker = async () => {
    while (issued < total) {
      issued += 1;
      const testCase = gen.next();
      const port = testCase.port === 'control' ? node.control.port : node.port;
      if (testCase.websocket) record(testCase, await websocketExchange(port, testCase, rng));
      else record(testCase, await rawExchange(port, testCase.request, { timeoutMs: 20_000, dropOnData: testCase.dropOnData }));
      done += 1;
      if (done % 2000 === 0) log(`  ${done}/${total} hostile requests (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await Promise.all(slow);

  await sleep(1500);
  const health = await fetch(`http://127.0.0.1:${node.port}/health`).then((r) => r.status, () => null);
  const control = await fetch(`http://127.0.0.1:${node.control.port}/api/call/node.status`, { method: 'POST', headers: { authorization: `Bearer ${node.control.token}`, 'content-type': 'application/json' }, body: '{}' }).then((r) => r.status, () => null);
  if (!node.alive() || health !== 200 || control !== 200) {
    result.crashes += 1;
    result.samples.push(`after the hostile input: process ${node.alive() ? 'alive' : 'gone'}, GET /health → ${health}, node.status → ${control}; stderr: ${node.stderr().slice(-500)}`);
  }
  result.rssBefore = rssBefore;
  result.rssAfter = rssMb(node.pid);
  return result;
}

/** The first bytes of a request, escaped onto one line, so a report names exactly what was sent. */
function printable(request) {
  const bytes = Array.isArray(request) ? Buffer.concat(request) : request;
  return JSON.stringify(bytes.subarray(0, 360).toString('latin1')) + (bytes.length > 360 ? `… (${bytes.length} bytes)` : '');
}

/** An HTTP upgrade, then garbage or a bad first frame, as a raw socket; the handshake's status is the answer. */
async function websocketExchange(port, testCase, rng) {
  const answer = await rawExchange(port, testCase.request, { timeoutMs: 8_000, afterHead: testCase.afterUpgrade?.(rng), lingerMs: 300 });
  return answer;
}

function createGenerator(rng, { a2aKey, secureSecret, chatKey, control }) {
  let replayNonce = 0;
  const hugeString = () => 'x'.repeat(rng.pick([70_000, 300_000, 1_100_000, 3_000_000]));
  const weirdString = () =>
    rng.pick(['', ' ', '\u0000', '\ud800', '\udfff', '🙂'.repeat(rng.int(1, 2000)), 'ё'.repeat(rng.int(1, 500)), '\u202eevil', '"\\', '</script>', '%s%n', '${jndi:x}', '../'.repeat(50), 'a'.repeat(rng.int(1, 70_000))]);
  const wrongValue = () => rng.pick([null, true, 0, -1, 1e308, 3.5, [], [null], {}, { $ref: '#' }, 'string', weirdString(), Array(rng.int(1, 2000)).fill(1), { __proto__: { admin: true } }]);
  const deepJson = (depth) => (rng.chance(0.5) ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
  const deep = () => rng.pick([64, 200, 1000, 5000, 20_000, 100_000]);

  /** A body derived from a valid one: truncated, nested, wrong-typed, huge, invalid UTF-8, non-ASCII, or not JSON. */
  const mutate = (valid) => {
    const text = JSON.stringify(valid);
    const kind = rng.int(0, 13);
    switch (kind) {
      case 0:
        return Buffer.from(text.slice(0, rng.int(0, text.length - 1)));
      case 1:
        return Buffer.from(deepJson(deep()));
      case 2: {
        const keys = Object.keys(valid);
        const copy = { ...valid };
        if (keys.length) copy[rng.pick(keys)] = wrongValue();
        return Buffer.from(JSON.stringify(copy));
      }
      case 3: {
        const keys = Object.keys(valid);
        const copy = { ...valid };
        copy[keys.length ? rng.pick(keys) : 'x'] = rng.chance(0.7) ? weirdString() : hugeString();
        return Buffer.from(JSON.stringify(copy));
      }
      case 4: {
        const at = rng.int(1, Math.max(1, text.length - 2));
        return Buffer.concat([Buffer.from(text.slice(0, at)), rng.pick([Buffer.from([0xff, 0xfe]), Buffer.from([0xc3, 0x28]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]), Buffer.from([0x80])]), Buffer.from(text.slice(at))]);
      }
      case 5: {
        // Nested inside a field the route reads (metadata, params, parts).
        const keys = Object.keys(valid);
        const copy = { ...valid };
        copy[keys.length ? rng.pick(keys) : 'x'] = '__DEEP__';
        return Buffer.from(JSON.stringify(copy).replace('"__DEEP__"', deepJson(deep())));
      }
      case 6:
        return Buffer.from(rng.pick(['', 'null', '[]', '0', '"x"', 'true', '{', '}', '{"a":1,}', "{'a':1}", 'NaN', '{"a":1e99999}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', '\ufeff{}', '{"a":"\\ud800"}', '{"a":"\\u0000"}']));
      case 7:
        return rng.bytes(rng.int(1, 4096));
      case 8:
        return Buffer.from(JSON.stringify([valid, valid]));
      case 9:
        return Buffer.from(text.replace('{', `{${'"dup":1,'.repeat(rng.int(1, 5000))}`));
      case 10: {
        const copy = { ...valid, extra: Array.from({ length: rng.int(1, 20_000) }, (_, i) => i) };
        return Buffer.from(JSON.stringify(copy));
      }
      case 11:
        return Buffer.from(text.replace(/"[^"]*"/, `"${'é'.repeat(rng.int(1, 3000))}"`), 'latin1');
      default:
        return Buffer.from(text);
    }
  };

  const contentType = () =>
    rng.pick([
      'application/json',
      'application/json',
      'application/json; charset=utf-8',
      ';;;',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=',
      'application/json; charset=latin1',
      'application/json, application/json',
      'application/jsön',
      '',
      '*/*',
      'application/json; a=' + 'b'.repeat(3000),
      null,
    ]);

  /** Credentials: valid, wrong, missing, empty, doubled, non-ASCII, huge. */
  const credential = (header, valid) =>
    rng.pick([
      [[header, valid]],
      [[header, valid]],
      [[header, valid]],
      [],
      [[header, header === 'Authorization' ? 'Bearer wrong-secret-xyz' : 'wrong-key-xyz']],
      [[header, '']],
      [[header, header === 'Authorization' ? 'Bearer' : ' ']],
      [[header, valid], [header, valid]],
      [[header, valid], [header, 'Bearer other']],
      [[header, `Basic ${Buffer.from('a:b').toString('base64')}`]],
      [[header, `Bearer ${'k'.repeat(rng.int(100, 20_000))}`]],
      [[header, 'Bearer \xff\xfe\xe9']],
      [[header, `${valid}\x00`]],
    ]);

  const extraHeaders = () => {
    const out = [];
    const kind = rng.int(0, 9);
    if (kind === 0) out.push(['X-Pad', 'a'.repeat(rng.pick([4_000, 17_000, 70_000]))]);
    if (kind === 1) for (let i = 0; i < rng.int(50, 300); i += 1) out.push([`X-H${i}`, String(i)]);
    if (kind === 2) out.push(['X-Latin', '\xe9\xff\xfe\x80']);
    if (kind === 3) out.push(['traceparent', rng.pick(['00-zz-zz-zz', '00-' + '0'.repeat(32) + '-' + '0'.repeat(16) + '-01', 'x'.repeat(5000), '\xff'])]);
    if (kind === 4) out.push(['A2A-Version', rng.pick(['1.0', '0.3', '99', '', '\xff', '1.0, 0.3'])]);
    if (kind === 5) out.push(['X-Forwarded-For', '1.2.3.4, 5.6.7.8'], ['Forwarded', 'for=evil']);
    if (kind === 6) out.push(['Expect', '100-continue']);
    return out;
  };

  const build = (label, method, path, headers, body, more = {}) => ({ label, method, path, request: httpRequest(method, path, headers, body), ...more });

  const jsonShape = (field) => (answer) => {
    if (answer.status < 400 || answer.status === 431 || answer.status === 413 || answer.status === 408) return null;
    if (!/content-type:\s*application\/json/i.test(answer.head)) return 'a 4xx without a JSON body';
    try {
      const parsed = JSON.parse(answer.body);
      return parsed && typeof parsed === 'object' && field in parsed ? null : `no "${field}" in the body`;
    } catch {
      return 'a body that is not JSON';
    }
  };
  const rpcShape = (answer) => {
    if (answer.status === 431 || answer.status === 408) return null;
    if (!answer.body) return answer.status >= 400 ? 'an empty body' : null;
    try {
      const parsed = JSON.parse(answer.body);
      if (answer.status >= 400 && !(parsed.jsonrpc === '2.0' && parsed.error)) return 'a 4xx that is not a JSON-RPC error';
      if (parsed.error?.code === -32603 && parsed.error.message !== 'Internal error.') return 'an internal error with detail';
      return null;
    } catch {
      // SSE streams answer text/event-stream.
      return /text\/event-stream/i.test(answer.head) ? null : 'a body that is not JSON';
    }
  };

  const secureCase = () => {
    const route = rng.pick(['POST /', 'POST /', 'POST /messages', 'GET /messages/:id', 'GET /stats', 'GET /']);
    const [method, template] = route.split(' ');
    const headers = [...credential('Authorization', `Bearer ${secureSecret}`), ...extraHeaders()];
    if (method === 'GET') {
      const path = template.replace(':id', rng.pick(PATH_IDS));
      return build(`secure ${route}`, 'GET', path, headers, null, { expect: jsonShape('error') });
    }
    const ct = contentType();
    if (ct !== null) headers.push(['Content-Type', ct]);
    replayNonce += rng.chance(0.3) ? 0 : 1;
    const valid =
      template === '/'
        ? {
            schema_version: rng.pick(['2.4', '2.3', '1.0', '9.9', '']),
            trace_id: rng.chance(0.3) ? 'replayed-trace' : `h-${rng.int(0, 1e9)}`,
            message: 'hostile',
            sender: 'hostile',
            wake: false,
            ...(rng.chance(0.4) ? { idempotency_key: rng.chance(0.5) ? `replay-${replayNonce % 7}` : rng.pick(PATH_IDS) } : {}),
            ...(rng.chance(0.2) ? { encrypted: true, nonce: 'AAAAAAAAAAAAAAAA', ciphertext: 'AAAA', tag: 'AAAAAAAAAAAAAAAAAAAAAA==' } : {}),
            ...(rng.chance(0.15) ? { type: 'fetch_ref', msg_id: rng.pick(PATH_IDS), url: rng.pick(['http://127.0.0.1:9/x', 'file:///etc/passwd', 'http://169.254.169.254/', 'gopher://x']) } : {}),
            ...(rng.chance(0.1) ? { signature: 'AAAA', ts: Date.now() / 1000, nonce: `n-${replayNonce % 3}`, public_key: 'AAAA' } : {}),
          }
        : { message: 'hostile blob', recipient: 'x', ttl: rng.pick([1, -1, 1e12, 'x']) };
    return build(`secure ${route}`, 'POST', template, headers, rng.chance(0.2) ? Buffer.from(JSON.stringify(valid)) : mutate(valid), { expect: jsonShape('error') });
  };

  const a2aCase = () => {
    const legacy = rng.chance(0.5);
    const headers = [...credential(rng.chance(0.8) ? 'Authorization' : 'X-A2A-Key', rng.chance(0.5) ? `Bearer ${a2aKey}` : a2aKey), ...extraHeaders()];
    if (!legacy) headers.push(['A2A-Version', '1.0']);
    const ct = contentType();
    if (ct !== null) headers.push(['Content-Type', ct]);
    const method = rng.pick(legacy ? A2A_METHODS_03 : A2A_METHODS_10);
    const message = { kind: 'message', role: rng.pick(['user', 'agent', 'ROLE_USER', 'x']), messageId: rng.chance(0.3) ? 'replayed-message-id' : `m-${rng.int(0, 1e9)}`, parts: [rng.pick([{ kind: 'text', text: 'hi' }, null, { kind: 'file', file: { bytes: '!!!' } }, { kind: 'data', data: wrongValue() }, { text: 'hi' }])] };
    const params = rng.pick([{ message, configuration: { blocking: false } }, { id: rng.pick(PATH_IDS) }, { id: wrongValue() }, { taskId: rng.pick(PATH_IDS), pushNotificationConfig: { url: rng.pick(['http://127.0.0.1:9/', 'file:///x', 'x']) } }, {}, wrongValue()]);
    const valid = { jsonrpc: rng.chance(0.9) ? '2.0' : wrongValue(), id: rng.chance(0.8) ? rng.int(1, 1e6) : wrongValue(), method, params };
    let body = rng.chance(0.15) ? Buffer.from(JSON.stringify(valid)) : mutate(valid);
    if (rng.chance(0.05)) body = Buffer.from(`{"jsonrpc":"2.0","method":"tasks/get","params":{},"id":${deepJson(deep())}}`);
    const path = rng.pick(['/a2a', '/a2a', '/a2a/']);
    const streaming = method === 'message/stream' || method === 'SendStreamingMessage' || method === 'tasks/resubscribe' || method === 'SubscribeToTask';
    // A streaming call that happens to be valid stays open: read its first bytes and drop it (a dropped SSE stream).
    return build(`a2a ${legacy ? '0.3' : '1.0'} ${method || '(no method)'}`, 'POST', path, headers, body, { expect: rpcShape, dropOnData: streaming });
  };

  /** A valid stream (A2A 0.3 message/stream), read to its first bytes and dropped, as a client that goes away. */
  const sseCase = () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: rng.int(1, 1e6), method: 'message/stream', params: { message: { kind: 'message', role: 'user', messageId: `sse-${rng.int(0, 1e9)}`, parts: [{ kind: 'text', text: 'stream then drop' }] } } });
    return build('a2a 0.3 message/stream (dropped)', 'POST', '/a2a', [['Authorization', `Bearer ${a2aKey}`], ['Content-Type', 'application/json']], body, { expect: rpcShape, dropOnData: true });
  };

  const cardCase = () => {
    const path = rng.pick(['/.well-known/agent-card.json', '/.well-known/agent.json', '/.well-known/jwks.json', '/.well-known/agent-card.json?x=' + '%ff'.repeat(100), '/.well-known/..%2fagent-card.json']);
    const method = rng.pick(['GET', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']);
    const headers = [...extraHeaders(), ...(rng.chance(0.3) ? [['If-None-Match', rng.pick(['*', 'W/"x"', '\xff', 'x'.repeat(9000)])]] : []), ...(rng.chance(0.3) ? [['A2A-Version', rng.pick(['1.0', '0.3', 'junk'])]] : [])];
    // HEAD answers have no body, and Connection: close still ends them.
    return build(`card ${method}`, method, path, headers, method === 'POST' || method === 'PUT' ? mutate({ a: 1 }) : null);
  };

  const pushCase = () => {
    const headers = [...credential('X-A2A-Notification-Token', 'token-xyz'), ['Content-Type', contentType() ?? 'application/json']];
    return build('a2a push', 'POST', `/a2a/push/${rng.pick(PATH_IDS)}`, headers, mutate({ id: 't', status: { state: 'completed' } }), { expect: jsonShape('error') });
  };

  const CHAT_POSTS = {
    '/v1/agents/join': { agent_id: 'hostile-agent', scopes: ['chat:write'] },
    '/v1/invites/publish': { token: 'x' },
    '/v1/handshake/request': { inviter_agent_id: 'a', requester_agent_id: 'b', invite_token: 'tok' },
    '/v1/handshake/respond': { request_id: 'r', inviter_agent_id: 'a', approve: true },
    '/v1/sessions/rotate-token': { agent_id: 'a' },
    '/v1/messages/send': { session_id: 's', agent_id: 'a', content: 'hi' },
    '/v1/messages/batch': { messages: [{ session_id: 's', content: 'hi' }] },
  };
  const chatCase = () => {
    const headers = [...credential('X-API-Key', chatKey), ...(rng.chance(0.5) ? [['X-Session-Token', rng.pick(['x', '', '\xff', 't'.repeat(9000)])]] : []), ...extraHeaders()];
    if (rng.chance(0.3)) {
      const path = rng.pick([
        `/v1/handshake/pending?agent_id=${rng.pick(PATH_IDS)}`,
        `/v1/handshake/status/${rng.pick(PATH_IDS)}?agent_id=a`,
        `/v1/messages/poll?session_id=${rng.pick(PATH_IDS)}&after=${rng.pick(['x', '-1', '9'.repeat(40), '2020-01-01'])}&limit=${rng.pick(['x', '-5', '1e9', '10'])}`,
        '/v1/messages/poll',
        `/v1/messages/ws/${rng.pick(PATH_IDS)}`,
        '/metrics',
      ]);
      return build(`chat GET ${path.split('?')[0].slice(0, 40)}`, 'GET', path, headers, null, { expect: path === '/metrics' ? null : jsonShape('error') });
    }
    const path = rng.pick(Object.keys(CHAT_POSTS));
    const ct = contentType();
    if (ct !== null) headers.push(['Content-Type', ct]);
    return build(`chat POST ${path}`, 'POST', path, headers, mutate(CHAT_POSTS[path]), { expect: jsonShape('error') });
  };

  const controlCase = () => {
    const hostHeader = rng.chance(0.1) ? [['Host', rng.pick(['evil.example', '127.0.0.1.evil', '', '\xff'])]] : [];
    const origin = rng.chance(0.1) ? [['Origin', rng.pick(['http://evil.example', 'null', 'http://127.0.0.1:1', 'file://'])]] : [];
    const headers = [...hostHeader, ...origin, ...credential('Authorization', `Bearer ${control.token}`), ...extraHeaders()];
    const kind = rng.int(0, 9);
    if (kind === 0) {
      const path = rng.pick([`/api/attachments/${rng.pick(PATH_IDS)}/content`, '/api/events', '/metrics', `/${rng.pick(PATH_IDS)}`, '/index.html', '/assets/..%2f..%2fcontrol.json', `/api/call/${rng.pick(PATH_IDS)}`]);
      return build(`control GET ${path.slice(0, 30)}`, rng.pick(['GET', 'GET', 'DELETE', 'PUT']), path, headers, null, { expect: path.startsWith('/api/') ? jsonShape('error') : null });
    }
    const ct = contentType();
    if (ct !== null) headers.push(['Content-Type', ct]);
    if (kind === 1) return build('control unknown method', 'POST', `/api/call/${rng.pick([...PATH_IDS, 'nope', 'node.status%00', 'node..status', '__proto__', 'constructor', 'toString'])}`, headers, Buffer.from('{}'), { expect: jsonShape('error') });
    if (kind <= 3) {
      const method = rng.pick(MUTATING_CONTROL);
      const body = rng.pick([Buffer.from('{"peer":'), Buffer.from(deepJson(deep())), rng.bytes(rng.int(1, 500)), Buffer.from('{"a":1'), Buffer.from('')]);
      return build(`control ${method} (unparsable)`, 'POST', `/api/call/${method}`, headers.filter(([name]) => name !== 'Content-Type').concat([['Content-Type', 'application/json']]), body, { expect: jsonShape('error') });
    }
    const method = rng.pick(SAFE_CONTROL);
    return build(`control ${method}`, 'POST', `/api/call/${method}`, headers, mutate(rng.pick([{}, { peer: rng.pick(PATH_IDS) }, { id: rng.int(1, 5) }, { limit: 10, direction: 'in' }, { search: 'x' }])), { expect: jsonShape('error') });
  };

  const wsKey = () => randomBytes(16).toString('base64');
  const frame = (opcode, payload, masked = true) => {
    const mask = randomBytes(4);
    const length = payload.length;
    const head = length < 126 ? Buffer.from([0x80 | opcode, (masked ? 0x80 : 0) | length]) : length < 65536 ? Buffer.from([0x80 | opcode, (masked ? 0x80 : 0) | 126, length >> 8, length & 255]) : Buffer.concat([Buffer.from([0x80 | opcode, (masked ? 0x80 : 0) | 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(length)); return b; })()]);
    const body = Buffer.from(payload);
    if (masked) for (let i = 0; i < body.length; i += 1) body[i] ^= mask[i % 4];
    return Buffer.concat([head, masked ? mask : Buffer.alloc(0), body]);
  };
  const wsGarbage = (random) =>
    random.pick([
      () => random.bytes(random.int(1, 2000)),
      () => frame(1, Buffer.from('not json')),
      () => frame(1, Buffer.from(JSON.stringify({ type: 'auth', token: 'wrong', session_token: 'wrong', agent_id: 'x' }))),
      () => frame(1, Buffer.from(deepJson(5000))),
      () => frame(2, random.bytes(100)),
      () => frame(1, Buffer.from([0xff, 0xfe, 0xfd])),
      () => frame(1, Buffer.alloc(70_000, 0x61)),
      () => frame(9, Buffer.from('ping')),
      () => frame(1, Buffer.from('unmasked'), false),
      () => Buffer.from([0x81, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
      () => Buffer.concat([frame(8, Buffer.from([0x03, 0xe8])), random.bytes(50)]),
    ])();

  const wsCase = () => {
    const onControl = rng.chance(0.5);
    const path = onControl ? rng.pick(['/api/events', '/api/events', '/api/events?token=wrong', '/api/call/node.status', '/', '/ws']) : `/v1/messages/ws/${rng.pick(['s', ...PATH_IDS.slice(0, 6)])}?agent_id=a&session_token=${rng.pick(['x', '', '%ff'])}`;
    const version = rng.chance(0.9) ? '13' : rng.pick(['8', '99', '']);
    const headers = [['Upgrade', rng.chance(0.9) ? 'websocket' : 'h2c'], ['Connection', 'Upgrade'], ['Sec-WebSocket-Key', rng.chance(0.9) ? wsKey() : rng.pick(['', 'short', '\xff'])], ['Sec-WebSocket-Version', version]];
    if (onControl && rng.chance(0.4)) headers.push(['Authorization', rng.pick([`Bearer ${control.token}`, 'Bearer wrong', 'Bearer'])]);
    if (!onControl && rng.chance(0.4)) headers.push(['X-API-Key', rng.pick([chatKey, 'wrong'])]);
    const expect = onControl && !path.startsWith('/api/events') ? (answer) => (answer.status === 101 ? 'the control port upgraded a path that is not /api/events' : null) : null;
    return { label: `ws ${onControl ? 'control' : 'chat'}`, method: 'GET', path, port: onControl ? 'control' : 'public', websocket: true, request: httpRequest('GET', path, headers), afterUpgrade: (random) => wsGarbage(random), mayDrop: false, expect };
  };

  const rawCase = () => {
    const port = rng.chance(0.2) ? 'control' : 'public';
    const request = rng.pick([
      () => Buffer.from('GARBAGE\r\n\r\n'),
      () => Buffer.from('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header Without Colon\r\n\r\n'),
      () => Buffer.from('GET / HTTP/9.9\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'),
      () => Buffer.from('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n'),
      () => Buffer.from('POST /a2a HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n'),
      () => Buffer.from('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\nConnection: close\r\n\r\n'),
      () => Buffer.from('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{}'),
      () => Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'),
      () => Buffer.from(`GET /${'a'.repeat(rng.pick([9000, 70_000]))} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
      () => Buffer.from('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\nGET /health HTTP/1.1\r\n\r\n'),
      () => Buffer.from('\r\n\r\n\r\n'),
      () => Buffer.concat([Buffer.from('GET /\xff\xfe HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', 'latin1')]),
      () => Buffer.from('OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'),
      () => Buffer.from('TRACE / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'),
      () => Buffer.from(`FOO${'O'.repeat(100)} / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
      () => rng.bytes(rng.int(1, 3000)),
    ])();
    // A raw-parser refusal is Node's own (400 with no body, or a closed socket for bytes that are not HTTP).
    return { label: `raw http (${port})`, method: 'RAW', path: request.subarray(0, 40).toString('latin1').replace(/\r\n/g, ' '), port, request, mayDrop: true };
  };

  const miscCase = () => {
    const path = rng.pick(['/health', '/metrics', `/${rng.pick(PATH_IDS)}`, '/v2/anything', '/a2a/push', '/.env', '/messages']);
    return build(`misc ${path.slice(0, 30)}`, rng.pick(['GET', 'POST', 'DELETE', 'PATCH']), path, extraHeaders(), rng.chance(0.5) ? mutate({ a: 1 }) : null);
  };

  const families = [
    [secureCase, 22],
    [a2aCase, 22],
    [chatCase, 16],
    [controlCase, 14],
    [wsCase, 6],
    [rawCase, 8],
    [cardCase, 5],
    [sseCase, 2],
    [pushCase, 3],
    [miscCase, 4],
  ];
  const weight = families.reduce((sum, [, w]) => sum + w, 0);
  return {
    next() {
      let roll = rng.next() * weight;
      for (const [make, w] of families) {
        roll -= w;
        if (roll < 0) return { port: 'public', ...make() };
      }
      return { port: 'public', ...secureCase() };
    },
    /** A client that trickles its headers (even) or its body (odd) a byte at a time. */
    slow(i) {
      const path = i % 3 === 0 ? '/a2a' : i % 3 === 1 ? '/' : '/v1/agents/join';
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tasks/get', params: { id: 'x' } }));
      const full = httpRequest('POST', path, [['Content-Type', 'application/json'], ['Authorization', `Bearer ${secureSecret}`]], body);
      const split = full.indexOf('\r\n\r\n') + 4;
      const pieces = i % 2 === 0 ? [...full.subarray(0, split)].map((b) => Buffer.from([b])).concat([full.subarray(split)]) : [full.subarray(0, split), ...[...full.subarray(split)].map((b) => Buffer.from([b]))];
      return { label: `slow client (${i % 2 === 0 ? 'headers' : 'body'})`, method: 'POST', path, port: 'public', request: pieces, trickle: 400, mayDrop: true };
    },
  };
}
