import { QueryClient, type InfiniteData } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '@shared/domain/message';
import { connectEventsToCache } from '../../src/renderer/src/api/event-bridge';
import { queryKeys } from '../../src/renderer/src/api/query-keys';
import { fakeTransport } from './fake-transport';

type Page = { messages: MessageSummary[]; total: number; hasMore: boolean };

function message(id: number, overrides: Partial<MessageSummary> = {}): MessageSummary {
  return { id, peerId: 'p1', peerName: 'alice', direction: 'in', protocol: 'secure', traceId: `t-${id}`, idempotencyKey: null, schemaVersion: '2.4', content: `text ${id}`, contentLength: 6, encrypted: false, wake: false, wakeSeen: false, status: 'received', createdAt: '2026-11-23T10:00:00Z', delivery: null, contextId: null, taskId: null, taskState: null, statusText: null, attachments: [], ...overrides };
}

function seed(client: QueryClient, filter: object, messages: MessageSummary[]) {
  client.setQueryData<InfiniteData<Page, number>>(queryKeys.timelinePage(filter), { pages: [{ messages, total: messages.length, hasMore: false }], pageParams: [0] });
}

const read = (client: QueryClient, filter: object) => client.getQueryData<InfiniteData<Page, number>>(queryKeys.timelinePage(filter))!.pages[0]!;

describe('pushed message events patch the loaded timelines', () => {
  it('adds a new message to the timelines whose filter it matches, once', () => {
    const client = new QueryClient();
    const fake = fakeTransport({});
    connectEventsToCache(fake.resolved.transport, client);
    seed(client, {}, [message(1)]);
    seed(client, { peerId: 'p1' }, [message(1)]);
    seed(client, { direction: 'out' }, []);
    seed(client, { text: 'HELLO' }, []);
    fake.push('message.added', message(2, { content: 'hello there' }));
    fake.push('message.added', message(2, { content: 'hello there' }));
    expect(read(client, {}).messages.map((m) => m.id)).toEqual([2, 1]);
    expect(read(client, {}).total).toBe(2);
    expect(read(client, { peerId: 'p1' }).messages.map((m) => m.id)).toEqual([2, 1]);
    expect(read(client, { direction: 'out' }).messages).toEqual([]);
    expect(read(client, { text: 'HELLO' }).messages.map((m) => m.id)).toEqual([2]);
  });

  it('replaces an updated message in place', () => {
    const client = new QueryClient();
    const fake = fakeTransport({});
    connectEventsToCache(fake.resolved.transport, client);
    seed(client, {}, [message(2, { wake: true }), message(1)]);
    fake.push('message.updated', message(2, { wake: true, wakeSeen: true }));
    expect(read(client, {}).messages.map((m) => m.wakeSeen)).toEqual([true, false]);
  });
});
