import { z } from 'zod';
import { CoreError } from '../../src/main/core/errors';
import { classifyStatus, parseRetryAfter, type AttemptResult } from '../../src/main/core/outbox/retry-policy';
import type { Protocol, ProtocolContext, ProtocolModule } from '../../src/main/core/protocols/protocol';

/**
 * A fourth protocol that exists only in the tests (a nod to RFC 1149), defined in this one file: it proves that a
 * protocol plugs in through the registry with no change to src/. The wire: `POST /pigeon/coop` with
 * `X-Pigeon-Band: <token>` and `{ "id": "…", "text": "…" }`; a 2xx means the message is stored.
 */
export const PIGEON = { id: 'pigeon', label: 'Carrier pigeon (test)', summary: 'a test-only protocol: JSON over HTTP, one shared band token' } as const;

const note = z.object({ id: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/), text: z.string().min(1).max(10_000) }).strict();

function createPigeonProtocol(ctx: ProtocolContext): Protocol {
  const greeting = () => ctx.settingsStore.get<string>('pigeon.greeting') ?? 'coo';
  return {
    info: PIGEON,
    register(app) {
      void app.register(async (scope) => {
        scope.post('/pigeon/coop', async (request, reply) => {
          const band = request.headers['x-pigeon-band'];
          const peer = typeof band === 'string' ? ctx.peers.findByInboundSecret(band) : null;
          if (!peer || peer.protocol !== PIGEON.id) return reply.code(401).send({ pigeon: 'no band, no seed' });
          const parsed = note.safeParse(request.body);
          if (!parsed.success) return reply.code(400).send({ pigeon: 'unreadable note' });
          ctx.uow.run('pigeon.receive', () => {
            const row = ctx.messages.insert({
              peerId: peer.id,
              peerName: peer.name,
              direction: 'in',
              protocol: PIGEON.id,
              traceId: parsed.data.id,
              idempotencyKey: parsed.data.id,
              schemaVersion: null,
              content: parsed.data.text,
              encrypted: false,
              wake: false,
              status: 'received',
              raw: parsed.data,
            });
            ctx.peers.touchLastSeen(peer.id);
            ctx.onMessage(row);
          });
          return { pigeon: greeting() };
        });
      });
    },
    settings: {
      fields: { pigeon: z.object({ greeting: z.string().min(1).max(40) }).partial().strict() },
      read: () => ({ pigeon: { greeting: greeting() } }),
      write(patch) {
        const next = patch.pigeon as { greeting?: string };
        if (next.greeting !== undefined) ctx.settingsStore.set('pigeon.greeting', next.greeting);
      },
    },
    peers: {
      input: z.object({ band: z.string().regex(/^[\x21-\x7e]{8,512}$/, 'must be 8–512 printable characters') }).strict(),
      added(peer, input) {
        // One band both ways: what the peer presents to us, and what we present to it.
        const band = (input as { band: string }).band;
        ctx.peers.addInboundSecret(peer.id, band);
        ctx.peers.setCredential(peer.id, 'outbound_secret', band);
        return {};
      },
    },
    outbound: {
      prepare(peer, options) {
        if (!peer.baseUrl) throw new CoreError('invalid_input', `${peer.name} has no coop address.`);
        if (options.encrypt || options.context || options.newContext) throw new CoreError('invalid_input', 'Pigeons carry plain notes.');
        return {};
      },
      async deliver({ peer, item, signal }): Promise<AttemptResult> {
        let response: Response;
        try {
          response = await fetch(`${peer.baseUrl}/pigeon/coop`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-pigeon-band': ctx.peers.getCredential(peer.id, 'outbound_secret') ?? '' },
            body: JSON.stringify({ id: item.request.traceId, text: item.request.text }),
            signal,
          });
        } catch (error) {
          return { kind: 'retry', statusCode: null, error: `connection error: ${(error as { cause?: { code?: string } }).cause?.code ?? String(error)}` };
        }
        const body = await response.text();
        const kind = classifyStatus(response.status);
        if (kind === 'delivered') return { kind, statusCode: response.status, response: body };
        if (kind === 'retry') return { kind, statusCode: response.status, error: `HTTP ${response.status}`, retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), ctx.clock.now()) };
        return { kind, statusCode: response.status, error: `HTTP ${response.status}: ${body.slice(0, 100)}` };
      },
    },
  };
}

export const pigeonProtocol: ProtocolModule = { info: PIGEON, create: createPigeonProtocol };
