import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/main/core/clock';
import { createInspectorStore, KEPT_EXCHANGES, KEPT_VERSIONS, MAX_VERSION_BYTES } from '../../src/main/core/inspector/inspector-store';
import { openDatabase } from '../../src/main/core/store/database';
import { useTempDirs } from '../helpers/temp-dir';

describe('the inspector store', () => {
  const tempDir = useTempDirs();
  const storeAt = () => createInspectorStore({ db: openDatabase(join(tempDir(), 'switchboard.db')), clock: systemClock });

  it('knows the card seen last, also after a revert (A, B, A is A)', () => {
    const store = storeAt();
    const a = store.keepVersion('https://x.example', 'a2a', { name: 'A' }, '"a"')!;
    const b = store.keepVersion('https://x.example', 'a2a', { name: 'B' }, '"b"')!;
    expect(store.lastVersion('https://x.example', 'a2a')).toMatchObject({ id: b.id, etag: '"b"' });
    expect(store.keepVersion('https://x.example', 'a2a', { name: 'A' }, null)!.id).toBe(a.id);
    expect(store.lastVersion('https://x.example', 'a2a')).toMatchObject({ id: a.id, etag: '"a"' });
    // Each protocol of a URL has its own last card.
    store.keepVersion('https://x.example', 'secure', { name: 'S' }, null);
    expect(store.lastVersion('https://x.example', 'a2a')!.id).toBe(a.id);
  });

  it(`keeps the ${KEPT_VERSIONS} cards seen last per URL and protocol, and no card over 256 KiB`, () => {
    const store = storeAt();
    for (let n = 0; n < KEPT_VERSIONS + 5; n += 1) store.keepVersion('https://noisy.example', 'a2a', { nonce: n }, null);
    store.keepVersion('https://other.example', 'a2a', { name: 'kept' }, null);
    const kept = store.versions('https://noisy.example');
    expect(kept).toHaveLength(KEPT_VERSIONS);
    expect(kept.map((version) => (version.card as { nonce: number }).nonce).sort((x, y) => x - y)[0]).toBe(5);
    expect(store.versions('https://other.example')).toHaveLength(1);
    expect(store.keepVersion('https://big.example', 'a2a', { blob: 'x'.repeat(MAX_VERSION_BYTES) }, null)).toBeNull();
    expect(store.versions('https://big.example')).toEqual([]);
  });

  it(`keeps the last ${KEPT_EXCHANGES} Try it exchanges per URL`, () => {
    const store = storeAt();
    for (let n = 0; n < KEPT_EXCHANGES + 3; n += 1) store.saveExchange({ url: 'https://x.example', peerId: null, request: { n }, responses: [], replyText: '', outcome: 'completed', savedToConversation: false });
    store.saveExchange({ url: 'https://y.example', peerId: null, request: {}, responses: [], replyText: '', outcome: 'completed', savedToConversation: false });
    const kept = store.exchanges('https://x.example', 1000);
    expect(kept).toHaveLength(KEPT_EXCHANGES);
    expect((kept.at(-1)!.request as { n: number }).n).toBe(3);
    expect(store.exchanges('https://y.example', 10)).toHaveLength(1);
  });
});
