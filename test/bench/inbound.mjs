// Benchmark: messages/s accepted by POST / (a2a-secure), plaintext and AES-GCM encrypted, next to a bare node:http
// JSON echo server measured in the same run with the same client. Run on demand after `npm run build`:
//   npm run bench:inbound            (BENCH_SECONDS, BENCH_CONNECTIONS to change the load)
// Every accepted message is committed to SQLite before its 200; the echo server stores nothing.
import { createCipheriv, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load, printTable, report, startEchoServer, startNode } from './lib.mjs';

const SECRET = randomBytes(24).toString('base64url');
const KEY = randomBytes(32);

function envelope(text) {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', KEY, nonce);
  const ciphertext = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return { encrypted: true, nonce: nonce.toString('base64'), ciphertext: ciphertext.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
}

const text = 'Status report: all systems nominal. '.repeat(8);
// __ID__ becomes a number unique to each request, so every message is new (no idempotent replays).
const plainBody = JSON.stringify({ schema_version: '2.4', trace_id: 'bench-__ID__', message: text, sender: 'bench', wake: false });
const encryptedBody = JSON.stringify({ schema_version: '2.4', trace_id: 'bench-__ID__', ...envelope(text), sender: 'bench', wake: false });
const headers = { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' };

const echo = await startEchoServer();
const node = await startNode();
const keyFile = join(node.dataDir, 'bench.key');
writeFileSync(keyFile, KEY.toString('hex'));
await node.cli('peers', 'add', 'bench', '--url', 'http://127.0.0.1:9', '--inbound-secret', SECRET, '--aes-key-file', keyFile);

try {
  const warm = { url: `http://127.0.0.1:${node.port}/`, method: 'POST', headers, body: plainBody, duration: 1 };
  await load(warm);
  const baseline = await load({ url: `http://127.0.0.1:${echo.port}/`, method: 'POST', headers, body: plainBody });
  const plain = await load({ url: `http://127.0.0.1:${node.port}/`, method: 'POST', headers, body: plainBody });
  const encrypted = await load({ url: `http://127.0.0.1:${node.port}/`, method: 'POST', headers, body: encryptedBody });
  printTable('Inbound a2a-secure POST /', [
    { name: 'baseline: node:http JSON echo', ...baseline },
    { name: 'switchboard plaintext', ...plain, ratio: plain.rps / baseline.rps },
    { name: 'switchboard encrypted (AES-GCM)', ...encrypted, ratio: encrypted.rps / baseline.rps },
  ]);
  report([
    { name: 'inbound a2a-secure plaintext vs node:http echo', unit: 'msg/s', value: plain.rps, baseline: baseline.rps, ratio: plain.rps / baseline.rps, target: '≥ 0.60×', met: plain.rps / baseline.rps >= 0.6 },
    { name: 'inbound encrypted (AES-GCM) vs node:http echo', unit: 'msg/s', value: encrypted.rps, baseline: baseline.rps, ratio: encrypted.rps / baseline.rps, target: '≥ 0.50×', met: encrypted.rps / baseline.rps >= 0.5 },
  ]);
  const stored = JSON.parse(await node.cli('status', '--json')).counts.messagesIn;
  console.log(`\nmessages committed by the node during the run: ${stored}`);
} finally {
  echo.stop();
  await node.stop();
}
