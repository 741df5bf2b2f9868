import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A bare a2a-secure receiver for outbox tests: records the texts in arrival order and how many requests it had
 * open at once. `answer` picks each request's status (200 by default) from its text and how often that text came.
 * With `holdUntil`, it answers nothing until that many requests are open together, then answers them all (a sender
 * with one message in flight would never hear back); otherwise each is answered on the next turn, so a sender with
 * more in flight shows it.
 */
export async function startRecordingPeer(options: { holdUntil?: number; answer?: (text: string, seen: number) => number } = {}) {
  const held: (() => void)[] = [];
  const texts: string[] = [];
  let inFlight = 0;
  let most = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      const text = (JSON.parse(body) as { message: string }).message;
      texts.push(text);
      const status = options.answer?.(text, texts.filter((t) => t === text).length) ?? 200;
      const reply = () => {
        inFlight -= 1;
        res.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '{"status":"OK"}' : '{"error":"no"}');
      };
      if (!options.holdUntil) return void setImmediate(reply);
      held.push(reply);
      if (held.length >= options.holdUntil) held.splice(0).forEach((release) => release());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, texts, most: () => most, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
