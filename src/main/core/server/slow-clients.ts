import type { Socket } from 'node:net';
import { Transform } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { refuse } from './refusal';

export interface SlowClientLimits {
  /** After the grace, a body arriving slower than this on average is ended with 408 (0: no minimum). */
  minBodyBytesPerSecond: number;
  bodyGraceMs: number;
  /** Open connections from one address; the next ones are answered 429 and closed. */
  connectionsPerAddress: number;
}

/** Over the per-address cap, a connection waits this long before trying again: others of its own will have closed. */
const CONNECTION_RETRY_AFTER_SECONDS = 5;

function hasBody(request: FastifyRequest): boolean {
  return request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
}

/**
 * What the listener's timeouts do not cover. Headers that trickle are Node's `headersTimeout` (set with the
 * server); a body that trickles is measured here, on the way to the parser, and ended with 408 once it falls below
 * the minimum rate (averaged since the body began, after a grace), so a slowloris costs seconds, not the 30 s
 * request timeout; a body nobody will read is not waited for. And one address holds at most so many connections: the
 * rest are told 429 on their first request.
 */
export function installSlowClientGuards(app: FastifyInstance, limits: () => SlowClientLimits): void {
  const open = new Map<string, number>();
  const overCap = new WeakSet<Socket>();
  app.server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const count = (open.get(address) ?? 0) + 1;
    open.set(address, count);
    if (count > limits().connectionsPerAddress) overCap.add(socket);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });

  app.addHook('onRequest', async (request, reply) => {
    if (!overCap.has(request.raw.socket)) return undefined;
    return refuse(request, reply, {
      status: 429,
      error: 'too_many_connections',
      message: `Too many open connections from this address (${limits().connectionsPerAddress}); reuse one, or retry in ${CONNECTION_RETRY_AFTER_SECONDS} s.`,
      retryAfterSeconds: CONNECTION_RETRY_AFTER_SECONDS,
    });
  });

  // An answer given before the body was read (401, 413, 429, a paused node) closes the connection: Node would
  // otherwise read the rest of the body to reuse it, and a client trickling that body would hold it until the
  // request timeout.
  app.addHook('onSend', async (request, reply, payload) => {
    if (hasBody(request) && !request.raw.complete) reply.header('connection', 'close');
    return payload;
  });

  app.addHook('preParsing', async (request, reply, payload) => {
    const { minBodyBytesPerSecond: minimum, bodyGraceMs: grace } = limits();
    if (minimum <= 0 || !hasBody(request)) return payload;
    const started = Date.now();
    let received = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        done(null, chunk);
      },
    });
    const timer = setInterval(
      () => {
        const elapsed = Date.now() - started;
        if (elapsed < grace || (received * 1000) / elapsed >= minimum) return;
        clearInterval(timer);
        if (reply.sent) return;
        refuse(request, reply, { status: 408, error: 'request_timeout', message: `The request body arrived too slowly (under ${minimum} bytes/s); send it at once.` });
        // The parser still waits on the body: end it, so nothing more is read from this client.
        payload.unpipe(meter);
        meter.destroy();
      },
      Math.min(1_000, grace),
    );
    timer.unref();
    const stop = () => clearInterval(timer);
    meter.once('end', stop).once('close', stop);
    payload.once('error', (error) => meter.destroy(error));
    payload.pipe(meter);
    return meter;
  });
}
