// Benchmark: A2A SendMessage with returnImmediately — requests/s through this node (auth by API key, task and
// inbox item committed to SQLite, the caller's message in the timeline) next to an @a2a-js/sdk server on Express
// with its InMemoryTaskStore, in the same run, with the same body and client. Run on demand:
//   npm run bench:a2a            (BENCH_SECONDS, BENCH_CONNECTIONS to change the load)
// A JSON-RPC error is still an HTTP 200, so each side's answers are checked for results after the run.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { load, printTable, report, startNode } from './lib.mjs';

const text = 'Status report: all systems nominal. '.repeat(8);
// __ID__ makes every messageId unique, so each request is a new task.
const body = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'SendMessage',
  params: { message: { messageId: 'bench-__ID__', role: 'ROLE_USER', parts: [{ text }] }, configuration: { returnImmediately: true } },
});

async function startSdkServer() {
  const child = spawn(process.execPath, [resolve('test/bench/sdk-a2a-server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolvePort) => child.stdout.on('data', (chunk) => resolvePort(Number(/PORT (\d+)/.exec(String(chunk))?.[1]))));
  return { port, stop: () => child.kill() };
}

/** One request by hand: the answer must be a task, not a JSON-RPC error wrapped in a 200. */
async function checkOne(url, headers) {
  const response = await fetch(url, { method: 'POST', headers, body: body.replace('__ID__', `check-${Date.now()}`) });
  const answer = await response.json();
  if (!answer.result?.task?.id && !answer.result?.id) throw new Error(`${url} did not answer with a task: ${JSON.stringify(answer).slice(0, 300)}`);
}

const sdk = await startSdkServer();
const node = await startNode();
const key = (await node.cli('keys', 'generate', 'bench')).trim();
const headers = { 'content-type': 'application/json', 'a2a-version': '1.0' };
const nodeHeaders = { ...headers, authorization: `Bearer ${key}` };
const nodeUrl = `http://127.0.0.1:${node.port}/a2a`;
const sdkUrl = `http://127.0.0.1:${sdk.port}/a2a`;

try {
  await checkOne(nodeUrl, nodeHeaders);
  await checkOne(sdkUrl, nodeHeaders);
  await load({ url: nodeUrl, headers: nodeHeaders, body, duration: 1 });
  await load({ url: sdkUrl, headers: nodeHeaders, body, duration: 1 });
  const baseline = await load({ url: sdkUrl, headers: nodeHeaders, body });
  const ours = await load({ url: nodeUrl, headers: nodeHeaders, body });
  printTable('A2A SendMessage (returnImmediately)', [
    { name: 'baseline: @a2a-js/sdk + Express, InMemoryTaskStore', ...baseline },
    { name: 'switchboard (SQLite tasks, inbox, timeline)', ...ours, ratio: ours.rps / baseline.rps },
  ]);
  report([{ name: 'A2A SendMessage (returnImmediately) vs @a2a-js/sdk in-memory', unit: 'req/s', value: ours.rps, baseline: baseline.rps, ratio: ours.rps / baseline.rps, target: '≥ 1.0×', met: ours.rps >= baseline.rps }]);
  const received = JSON.parse(await node.cli('status', '--json')).counts.messagesIn;
  console.log(`\nrequests the node committed (task, inbox item, timeline message) during the runs: ${received}`);
} finally {
  sdk.stop();
  await node.stop();
}
